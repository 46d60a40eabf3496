// resume when the runbook file is gone: the run goes on as it began, and the screen says so.
// Before, the notice was printed before the screen opened, so the screen's first frame hid
// it in the scrollback and an operator never read it. A real terminal at 80×24.

import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('resume of a run whose runbook file is gone (80×24)', () => {
  it('says on the screen that the run goes on with the runbook as it began', async () => {
    open = openPane('runbook-gone-', { 'gone.md': ['# Gone', '', '## Go', '', '```bash', '[ ] echo one', '[ ] echo two', '```', ''].join('\n') });
    const { tmux, pane, dir, env } = open;
    const first = await runCli(['run', 'gone.md', '--plain', '--operator', 'ana', '--journal', 'run.journal'], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Run paused');
    unlinkSync(join(dir, 'gone.md'));

    tmux.command(pane, 'runbook resume run.journal');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    expect(banner.join('\n')).toContain('! The runbook file is gone: the run goes on as the runbook was when it began');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
    tmux.key(pane, 'Enter');
    const step = await tmux.waitFor(pane, has('enter run'), 'the next step');
    expect(step.join('\n')).toContain('$ echo two');
  });
});
