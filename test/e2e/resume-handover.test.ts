// resume under another operator's name: the run is handed over, and the screen says so.
// Before, "Run handed over from ana to bob." was printed before the screen opened, so the
// screen's first frame hid it in the scrollback: the new operator never read that the steps
// from here on are theirs in the record. A real terminal at 80×24.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('resume that hands the run over (80×24)', () => {
  it('says on the screen who handed the run over to whom', async () => {
    open = openPane('runbook-handover-', { 'deploy.md': ['# Deploy', '', '## Go', '', '```bash', '[ ] echo one', '[ ] echo two', '```', ''].join('\n') });
    const { tmux, pane, dir, env } = open;
    const first = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', 'run.journal'], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Run paused');

    tmux.command(pane, 'runbook resume run.journal --operator bob');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    expect(banner.join('\n')).toContain('Run handed over from ana to bob.');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
    tmux.key(pane, 'Enter');
    const step = await tmux.waitFor(pane, has('enter run'), 'the next step');
    expect(step[0]).toContain('Deploy · bob');
    expect(step.join('\n')).toContain('$ echo two');
  });
});
