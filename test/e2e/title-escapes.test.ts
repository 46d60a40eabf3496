// A real terminal at 80×24: escape sequences in a runbook's title, a phase, an input's
// label and a step's title are shown spelled out everywhere the run screen draws them (the
// header, the phase list, the prompt, the message line, the summary at the end), never
// obeyed: the window title stays the operator's, and every line still fits.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux } from './tmux-pane';

const OWN = '\u001b]2;owned\u0007';
const SHOWN = '\\e]2;owned\\x07';

const RUNBOOK = `# Title ${OWN} here

## Phase ${OWN} one

- Count ${OWN}: ____ (STOP if > 0)

- [ ] Check ${OWN} it
`;

let open: { tmux: Tmux; dir: string } | null = null;

afterEach(() => {
  open?.tmux.close();
  if (open) rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

describe('escape sequences in the runbook on the run screen (80×24)', () => {
  it('are spelled out in the header, the prompt, the messages and the summary, and the window title is untouched', async () => {
    const dir = tempDir('runbook-title-escapes-');
    writeFileSync(join(dir, 'titles.md'), RUNBOOK);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
    const tmux = new Tmux(dir, env, { columns: 80, rows: 24 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');
    tmux.tmux('select-pane', '-t', pane, '-T', 'operator-title');
    const title = () => tmux.tmux('display-message', '-p', '-t', pane, '#{pane_title}').trim();
    const has = (text: string) => (lines: string[]) => lines.some((l) => l.includes(text));
    const fits = (lines: string[]) => lines.filter((l) => l.length > 80);

    tmux.command(pane, 'runbook run titles.md --journal run.journal --operator ana');
    const first = await tmux.waitFor(pane, has('enter answer'), 'the input step', 20_000);
    expect(first[0]).toContain(`Title ${SHOWN} here · ana`);
    expect(first.join('\n')).toContain(`Phase ${SHOWN} one`);
    expect(title()).toBe('operator-title');

    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('enter ok'), 'the text prompt');
    tmux.type(pane, '5');
    tmux.key(pane, 'Enter');
    const failed = await tmux.waitFor(pane, has('✘ The step failed: 5 meets "STOP if > 0"'), 'the failed input');
    expect(fits(failed)).toEqual([]);
    expect(title()).toBe('operator-title');
    // The condition the answer met says so: "✘ not met" would read as "no need to stop".
    expect(failed.some((l) => l.endsWith('│ STOP if > 0 ✘ met'))).toBe(true);
    expect(failed.join('\n')).not.toContain('not met');

    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has(`[ ] Check ${SHOWN} it`), 'the manual check');
    tmux.key(pane, 'p');
    const end = await tmux.waitFor(pane, has('EVERY STEP IS DONE, WITH FAILURES'), 'the end of the walk');
    expect(end.join('\n')).toContain(`✘ Count ${SHOWN}`);
    expect(fits(end)).toEqual([]);
    expect(title()).toBe('operator-title');
  });

  it('a tab in a command or a step title takes the columns it draws: the frame keeps its 24 lines', async () => {
    const dir = tempDir('runbook-tab-titles-');
    writeFileSync(join(dir, 'tabs.md'), '# Tabs\n\n## One\n\n```bash\necho "a\tb"\t# comment\n```\n\n- [ ] Check\tthis\tnow\n');
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
    const tmux = new Tmux(dir, env, { columns: 80, rows: 24 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');
    tmux.command(pane, 'runbook run tabs.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('enter run')), 'the shell step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('✔ passed')), 'the step passed');
    tmux.key(pane, 'Enter');
    const screen = await tmux.waitFor(pane, (lines) => lines.some((l) => l.includes('[ ] Check')), 'the manual check');
    // The header is still the first line: no row wrapped and pushed it off the top.
    expect(screen[0]).toMatch(/^Tabs · ana +\d\d:\d\d:\d\d$/);
    expect(screen.find((l) => l.includes('✔ echo'))).toMatch(/│ ✔ echo "a +b" +# comment +\d+\.\d s$/);
    expect(screen.find((l) => l.includes('[ ] Check'))).toMatch(/│ \[ \] Check +this +now$/);
    expect(screen.filter((l) => l.length > 80)).toEqual([]);
  });
});
