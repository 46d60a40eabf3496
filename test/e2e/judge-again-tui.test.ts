// A run left at the judgment of an expectation, resumed on the screen (80×24, the real CLI
// in a real tmux pane): the question is on screen again before anything else, and f marks
// the step failed. Before, resume went on to the next step and the judgment was never made.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';
import { all, exited, has, tearDown } from './tui-screen';
import { fixtureRun } from './fixture-screen';

afterEach(tearDown);

describe('resuming a run left at the judgment of an expectation (80×24)', () => {
  it('asks the question again at once; f marks the step failed and the walk goes on', async () => {
    const s = fixtureRun('tui/judge.md', 'judge.md', 'Judge fixture');
    const left = await runCli(['run', 'judge.md', '--plain', '--journal', 'run.journal', '--operator', 'tester'], { env: s.env, cwd: s.dir, input: 'y\nq\n' });
    expect(left.stdout, left.stderr).toContain('Does the output meet the expectation?');

    // A watcher reads the same: ran, not passed, the judgment the operator's (no keys offered for it).
    s.tmux.command(s.drive, 'runbook watch run.journal');
    const watched = await s.see(all(has('READ-ONLY'), has('unjudged'), has("? the operator's"), has('  to judge')), 'the watcher, on the step awaiting judgment');
    expect(watched.join('\n')).not.toContain('(p/f)');
    expect(watched.join('\n')).toMatch(/Checks +0\/2/);
    s.tmux.key(s.drive, 'q');
    expect((await exited(s)).join('\n')).toContain('Stopped watching.');

    s.tmux.command(s.drive, 'runbook resume run.journal');
    const asked = await s.see(all(has('Does the output meet it?'), has('step 1/2'), has('dashboard: 3 warnings')), 'the question again');
    expect(asked.join('\n')).toContain('? Expected: the dashboard shows no errors');
    // Until judged, the step never reads as passed: not ✔ in its header, not finished in its phase.
    expect(asked.join('\n')).toMatch(/\? ran \d+\.\d s · unjudged/);
    expect(asked.join('\n')).not.toContain('✔ passed');
    expect(asked.join('\n')).toMatch(/Checks +0\/2/);
    const failed = await s.press('f', all(has('✘ The step failed: marked failed'), has('✘ not met')), 'the step failed, after f');
    expect(failed.join('\n')).toMatch(/Checks +1\/2/);
    await s.press('Enter', all(has('step 2/2'), has('Tell the team')), 'the next step, after enter');
    const marked = readEvents(join(s.dir, 'run.journal')).filter((e) => e.type === 'step.marked').map((e) => e.payload);
    expect(marked).toEqual([expect.objectContaining({ status: 'failed' })]);
  }, 90_000);
});
