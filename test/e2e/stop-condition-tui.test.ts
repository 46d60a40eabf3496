// The author's stop condition on the run screen, end to end at 80×24: the real CLI in a real
// tmux pane. `Failed: ____ (STOP if > 0)` answered 3 fails the step, quoting the condition,
// and offers the decision tree; a skip needs a reason (an empty one is refused).

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { all, exited, has, lastLine, tearDown } from './tui-screen';
import { fixtureRun, footerStarts } from './fixture-screen';

afterEach(tearDown);

interface Shown {
  steps: { id: string; title: string; status: string; expectation: { text: string; result: string } | null }[];
  decisions: { path: { question: string; answer: string }[]; reason: string }[];
}

describe('a stop condition beside a blank, on the run screen (80×24)', () => {
  it('fails the step when the value meets it, offers the decision tree, and a skip needs a reason', async () => {
    const s = fixtureRun('stop/tests.md', 'tests.md', 'Stop fixture');
    s.tmux.command(s.drive, 'runbook run tests.md --journal run.journal --operator tester');
    await s.see(all(has('$ echo "412 passed, 3 failed"'), footerStarts('enter run')), 'the test run step');
    await s.press('Enter', all(has('412 passed, 3 failed'), footerStarts('enter next')), 'the step after it ran');
    await s.press('Enter', all(has('Total tests: ____'), footerStarts('enter answer')), 'the first input');
    await s.press('Enter', has('journaled; later steps use it'), 'the input prompt');
    await s.type('412', has('Total tests: 412'), 'the total typed');
    await s.press('Enter', all(has('Failed: ____'), footerStarts('enter answer')), 'the failed-count input');
    await s.press('Enter', has('journaled; later steps use it'), 'its prompt');
    // A value the condition cannot judge is refused, saying which condition.
    await s.type('none', has('Failed: none'), 'a word typed');
    await s.press('Enter', has('a number is needed (STOP if > 0)'), 'the word refused');
    s.tmux.key(s.drive, 'C-u');
    await s.type('3', has('Failed: 3'), 'the count typed');
    const failed = await s.press('Enter', has('✘ The step failed: 3 meets "STOP if > 0"'), 'the step failed on its condition');
    expect(failed.join('\n')).not.toContain('recorded');
    expect(failed.join('\n')).toContain('d: decision tree · enter: continue with the next step');

    const tree = await s.press('d', has('? Is the release healthy?'), 'the decision tree');
    expect(tree.join('\n')).toContain('Rollback Plan A: Revert');
    await s.press('Escape', footerStarts('enter'), 'back from the tree');

    // On to the migration step; s asks why, and an empty reason is refused.
    await s.press('j', all(has('$ echo "migrating"'), footerStarts('enter run')), 'the migration step');
    await s.press('s', has('Why skip it?'), 'the skip reason asked');
    const refused = await s.press('Enter', has('a reason is needed for the record'), 'an empty reason refused');
    expect(lastLine(refused)).toMatch(/^enter ok · esc cancel/);
    await s.type('tests failed: not migrating', has('Why skip it? tests failed: not migrating'), 'the reason typed');
    await s.press('Enter', has('↷ skipped: tests failed: not migrating'), 'the step skipped with its reason');

    // q leaves: the screen is gone at once, so nothing of it is waited for.
    s.tmux.key(s.drive, 'q');
    await exited(s);
    const shown = JSON.parse((await runCli(['show', join(s.dir, 'run.journal'), '--json'], { env: s.env })).stdout) as Shown;
    const step = (t: string) => shown.steps.find((x) => x.title === t);
    expect(step('Failed')).toMatchObject({ status: 'failed', expectation: { text: 'STOP if > 0', result: 'failed' } });
    expect(step('Total tests')?.status).toBe('done');
    expect(step('echo "migrating"')?.status).toBe('skipped');
  }, 240_000);
});
