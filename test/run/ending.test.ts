import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { position } from '../../source/run/navigation';
import { HANGUP, anyFailed, endingAt, goingOn, leaving, outcomeProblem, runFailures, runOutcome, storeTie } from '../../source/run/ending';
import type { RunEvent } from '../../source/run/events';
import { awaitsOperator, isOpen } from '../../source/run/step-status';
import { whole } from '../../source/wrap';
import { eventFactory, started, summary } from '../helpers/events';

const now = new Date('2026-11-23T12:00:00Z');
const finished = (step: string, status: 'passed' | 'failed') => ({ step, status, exitCode: status === 'passed' ? 0 : 1, signal: null, durationMs: 5, expectation: null });

function run(...answers: ('pass-a' | 'fail-a' | 'pass-b' | 'schedule-b')[]) {
  const e = eventFactory();
  const events = [e('run.started', started([summary('a'), summary('b', { dueAfter: '+1h' })]))];
  for (const a of answers) {
    if (a === 'pass-a') events.push(e('step.finished', finished('a', 'passed')));
    if (a === 'fail-a') events.push(e('step.finished', finished('a', 'failed')));
    if (a === 'pass-b') events.push(e('step.finished', finished('b', 'passed')));
    if (a === 'schedule-b') events.push(e('check.scheduled', { step: 'b', dueAt: '2026-11-23T13:00:00Z' }));
  }
  return replay(events);
}

describe('how leaving a run ends it', () => {
  it('pauses a run with steps ahead, for the reason given, exit 0', () => {
    const state = run('pass-a');
    const end = endingAt(position(state, now), state, 'quit');
    expect(end).toEqual({ kind: 'paused', reason: 'quit', monitoring: false });
    expect(leaving(end, '/j/run.sqlite')).toEqual({ exitCode: 0, lines: [['Run paused (quit). Continue with:', whole('runbook resume /j/run.sqlite')]] });
  });

  it('pauses as monitoring when only a scheduled check is ahead, and says where to look', () => {
    const state = run('pass-a', 'schedule-b');
    const end = endingAt(position(state, now), state, 'stopped by operator');
    expect(end).toEqual({ kind: 'paused', reason: 'monitoring', monitoring: true });
    expect(leaving(end, '/j/run.sqlite').lines).toEqual([
      ['Run paused (monitoring). Continue with:', whole('runbook resume /j/run.sqlite')],
      ['Scheduled checks are ahead; to see when each is due:', whole('runbook list --due')],
    ]);
  });

  it('completes a run whose every step is done; exit 1 when a step failed', () => {
    const passed = run('pass-a', 'pass-b');
    expect(leaving(endingAt(position(passed, now), passed, 'quit'), 'J')).toEqual({ exitCode: 0, lines: [['Run completed. Evidence:', whole('runbook report J')]] });
    const failed = run('fail-a', 'pass-b');
    expect(anyFailed(failed)).toBe(true);
    expect(leaving(endingAt(position(failed, now), failed, 'quit'), 'J')).toEqual({ exitCode: 1, lines: [['Run completed with failures. Evidence:', whole('runbook report J')]] });
  });

  it('resumes a published run through its store, and offers no resume once the run went on elsewhere', () => {
    const state = run('pass-a');
    const end = endingAt(position(state, now), state, 'quit');
    const status = { behind: 0, retrying: false, refused: false, elsewhere: false, run: 'ab12cd34ef56aa', problem: null };
    expect(leaving(end, 'J', storeTie(status)).lines).toEqual([['Run paused (quit). Continue with:', whole('runbook resume J --store')]]);
    const parted = { ...status, behind: 3, refused: true, elsewhere: true };
    expect(leaving(end, 'J', storeTie(parted)).lines).toEqual([['Run paused (quit); this journal cannot resume the run: it went on elsewhere. Follow it there with:', whole('runbook watch ab12cd34ef56 --store')]]);
    // The same words wherever a front end says how to go on (here: the journal could not be written).
    expect(goingOn('What was recorded is intact', '; once there is room:', 'J', storeTie(undefined))).toEqual(['What was recorded is intact; once there is room:', whole('runbook resume J')]);
    expect(goingOn('What was recorded is intact', '; once there is room:', 'J', storeTie(parted))[0]).toBe('What was recorded is intact; this journal cannot resume the run: it went on elsewhere. Follow it there with:');
  });

  it('never completes a run on a hangup: nobody ended it, resume picks it up', () => {
    const state = run('pass-a', 'pass-b');
    expect(endingAt(position(state, now), state, HANGUP)).toEqual({ kind: 'paused', reason: 'hangup', monitoring: false });
  });
});

describe('whether a step is open', () => {
  it('is unfinished while pending, running or interrupted; awaits the operator only when not running', () => {
    expect(['pending', 'running', 'interrupted', 'passed', 'failed', 'skipped', 'done'].filter((s) => isOpen(s as never))).toEqual(['pending', 'running', 'interrupted']);
    expect([undefined, 'pending', 'running', 'interrupted', 'passed'].filter((s) => awaitsOperator(s as never))).toEqual([undefined, 'pending', 'interrupted']);
  });
});

describe('what makes a completed run "with failures" (runFailures, runOutcome)', () => {
  const e = eventFactory();
  const base = [e('run.started', started([summary('a'), summary('b'), summary('sign', { kind: 'signoff' })]))];
  const done = (extra: RunEvent[]) => replay([...base, ...extra, e('run.ended', { state: 'completed' })]);
  const start = (step: string, attempt = 1) => e('step.started', { step, attempt });

  it('a failed step re-run to pass is no failure; one skipped or marked passed after failing still is', () => {
    const rerun = done([start('a'), e('step.finished', finished('a', 'failed')), start('a', 2), e('step.finished', finished('a', 'passed'))]);
    expect(runFailures(rerun)).toEqual([]);
    expect(runOutcome(rerun)).toBe('completed');
    const skipped = done([start('a'), e('step.finished', finished('a', 'failed')), e('step.skipped', { step: 'a', reason: 'no time' })]);
    expect(runFailures(skipped)).toEqual([{ kind: 'step', step: 'a', title: 'a', why: 'failed (exit 1), then skipped: no time' }]);
    expect(runOutcome(skipped)).toBe('completed_with_failures');
    const marked = done([start('b'), e('step.finished', finished('b', 'failed')), e('step.marked', { step: 'b', status: 'passed' })]);
    expect(runFailures(marked).map((f) => f.why)).toEqual(['failed (exit 1), then marked passed by the operator']);
  });

  it('an interrupted step marked done is no failure; marked failed, a refused sign-off and a failed comparison are', () => {
    const interrupted = done([start('a'), e('step.interrupted', { step: 'a' }), e('step.marked', { step: 'a', status: 'done', note: 'checked by hand' })]);
    expect(runFailures(interrupted)).toEqual([]);
    const failures = runFailures(
      done([
        start('a'),
        e('step.interrupted', { step: 'a' }),
        e('step.marked', { step: 'a', status: 'failed' }),
        e('signoff.refused', { step: 'sign', role: 'Lead', name: 'ana' }),
        e('comparison.made', { name: 'counts', step: 'b', passed: false, baselineDigest: 'x', digest: 'y', summary: '1 row changed', rows: [] }),
      ]),
    );
    expect(failures.map((f) => [f.kind, f.step, f.why])).toEqual([
      ['step', 'a', 'marked failed by the operator'],
      ['step', 'sign', 'sign-off refused'],
      ['comparison', 'b', '1 row changed'],
    ]);
  });

  it('a comparison made again and passing is no failure; the outcome of a run not completed is its lifecycle', () => {
    const compare = (passed: boolean) => e('comparison.made', { name: 'counts', step: 'b', passed, baselineDigest: 'x', digest: 'y', summary: passed ? 'unchanged' : 'changed', rows: [] });
    expect(runFailures(done([compare(false), compare(true)]))).toEqual([]);
    const open = replay([...base, start('a'), e('step.finished', finished('a', 'failed'))]);
    expect(runOutcome(open)).toBe('in_progress');
    expect(outcomeProblem(open)).toBe('not completed: in progress, 2 walk steps open');
  });

  it('verify --outcome passes a clean run, never a rehearsal: nothing was run', () => {
    const clean = done([start('a'), e('step.finished', finished('a', 'passed'))]);
    expect(outcomeProblem(clean)).toBeNull();
    const f = eventFactory();
    const rehearsal = replay([f('run.started', { ...started([summary('a')]), rehearse: true }), f('run.ended', { state: 'completed' })]);
    expect(runOutcome(rehearsal)).toBe('completed');
    expect(outcomeProblem(rehearsal)).toBe('a rehearsal: completed, but nothing was run');
  });
});
