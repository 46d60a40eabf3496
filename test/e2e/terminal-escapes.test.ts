// A real terminal (a tmux pane with set-clipboard on, where OSC 52 writes tmux's paste
// buffer): a runbook and its steps' output full of escape sequences change nothing but the
// text on screen. Under `run --plain`: no paste buffer, no new window title, no cleared
// screen. On `--plain` and on the screen, the command shown for confirmation is the command
// that runs, spelled out.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux } from './tmux-pane';

const ESC = '\u001b';
const BEL = '\u0007';

const RUNBOOK = `# Escapes ${ESC}]2;owned-by-title${BEL}fixture

## Phase 1

\`\`\`bash
[ ] touch PWNED ${ESC}[2K${ESC}[1G$ echo hello
[ ] printf 'A\\033]52;c;cm0gLXJmIH4K\\007B\\n'
[ ] printf 'one\\n\\033]2;owned-by-output\\007\\033[2J\\033[H\\033[3A\\033[2K'
\`\`\`
`;

let open: { tmux: Tmux; dir: string } | null = null;

afterEach(() => {
  open?.tmux.close();
  if (open) rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

describe('escape sequences in a real terminal', () => {
  it('run --plain spells out every escape: nothing reaches the paste buffer, the title or the screen', async () => {
    const dir = tempDir('runbook-plain-escapes-');
    writeFileSync(join(dir, 'escapes.md'), RUNBOOK);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color' });
    const tmux = new Tmux(dir, env, { columns: 160, rows: 50 });
    open = { tmux, dir };
    tmux.tmux('set-option', '-g', 'set-clipboard', 'on');
    const pane = tmux.paneId('main:0');
    const title = () => tmux.tmux('display-message', '-p', '-t', pane, '#{pane_title}').trim();
    const before = title();

    tmux.command(pane, 'runbook run escapes.md --plain --journal run.journal --operator ana');
    for (let n = 1; n <= 3; n++) {
      await tmux.waitFor(pane, (lines) => lines.filter((l) => l.startsWith('Run: [y] run')).length === n && (lines.filter((l) => l.trim()).at(-1) ?? '').trimEnd().endsWith('>'), `prompt ${n}`);
      tmux.command(pane, 'y');
    }
    const screen = (await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('Run completed')), 'the end of the run')).join('\n');

    // The terminal obeyed nothing: no paste buffer, the same title.
    expect(tmux.tmux('list-buffers')).toBe('');
    expect(title()).toBe(before);
    expect(title()).not.toContain('owned');
    // ...nor cleared the screen: everything shown is still there, spelled out.
    expect(screen).toContain('runbook · Escapes \\e]2;owned-by-title\\x07fixture');
    expect(screen).toContain('$ touch PWNED \\e[2K\\e[1G$ echo hello');
    expect(screen).toContain('A\\e]52;c;cm0gLXJmIH4K\\x07B');
    expect(screen).toContain('\\e]2;owned-by-output\\x07\\e[2J\\e[H\\e[3A\\e[2K');
    // What was shown is what ran.
    expect(existsSync(join(dir, 'PWNED'))).toBe(true);
  });

  it('the screen shows the command to confirm spelled out, and runs exactly that', async () => {
    const dir = tempDir('runbook-screen-escapes-');
    writeFileSync(join(dir, 'escapes.md'), RUNBOOK);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color' });
    const tmux = new Tmux(dir, env, { columns: 100, rows: 30 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');

    tmux.command(pane, 'runbook run escapes.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.endsWith('│ $ touch PWNED \\e[2K\\e[1G$ echo hello')) && lines.some((l) => l.startsWith('enter run')), 'the command, spelled out');
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.includes('✔ passed')), 'the step passed');
    expect(existsSync(join(dir, 'PWNED'))).toBe(true);
  });

  it('the command to edit (e) is spelled out too, and the window title stays the operator\'s', async () => {
    const dir = tempDir('runbook-edit-escapes-');
    writeFileSync(join(dir, 'escapes.md'), `# Edit\n\n## Phase 1\n\n\`\`\`bash\n[ ] echo hi ${ESC}]2;owned-by-edit${BEL}; touch PWNED ${ESC}[2K${ESC}[1G\n\`\`\`\n`);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
    const tmux = new Tmux(dir, env, { columns: 100, rows: 30 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');
    tmux.tmux('select-pane', '-t', pane, '-T', 'operator-title');
    const title = () => tmux.tmux('display-message', '-p', '-t', pane, '#{pane_title}').trim();

    tmux.command(pane, 'runbook run escapes.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('enter run')), 'the step');
    tmux.key(pane, 'e');
    const editing = await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('Command: ')), 'the command to edit');
    expect(editing.find((l) => l.startsWith('Command: '))?.trimEnd()).toBe('Command: echo hi \\e]2;owned-by-edit\\x07; touch PWNED \\e[2K\\e[1G');
    expect(title()).toBe('operator-title');
  });
});
