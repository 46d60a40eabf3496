import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { position } from '../../source/run/navigation';
import { HANGUP, anyFailed, endingAt, leaving } from '../../source/run/ending';
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
