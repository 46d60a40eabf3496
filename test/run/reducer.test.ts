import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { position, phaseProgress, settle, stepsBefore, walkIndex } from '../../source/run/navigation';
import { outcomeMark, outcomeWord } from '../../source/run/status-mark';
import { eventFactory, started, summary } from '../helpers/events';

const steps = [
  summary('a'),
  summary('b'),
  summary('c', { phase: 'p2' }),
  summary('rollback-1', { plan: 'plan-a', phase: 'p2' }),
  summary('rollback-2', { plan: 'plan-a', phase: 'p2' }),
];
const now = new Date('2026-11-23T12:00:00Z');

describe('replaying a run', () => {
  it('starts with every step pending and the first walk step current', () => {
    const e = eventFactory();
    const state = replay([e('run.started', started(steps))]);
    expect(Object.values(state.steps).every((s) => s.status === 'pending')).toBe(true);
    expect(state.lifecycle).toBe('in_progress');
    expect(position(state, now)).toEqual({ kind: 'step', step: 'a', plan: null });
  });

  it('records a finished step with its exit code, expectation and carried context', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started(steps)),
      e('step.started', { step: 'a', attempt: 1 }),
      e('output', { step: 'a', first: 1, last: 1, lines: 3, sha256: 'x' }),
      e('step.finished', {
        step: 'a',
        status: 'passed',
        exitCode: 0,
        signal: null,
        durationMs: 12,
        expectation: { text: '3 rows', result: 'passed' },
        context: { cwd: '/srv', exported: { FOO: '1' }, unset: [] },
      }),
    ]);
    expect(state.steps.a).toMatchObject({ status: 'passed', exitCode: 0, outputLines: 3, attempts: 1, expectation: { result: 'passed' } });
    expect(state.context).toEqual({ cwd: '/srv', exported: { FOO: '1' }, unset: [] });
    expect(position(state, now)).toMatchObject({ step: 'b' });
  });

  it('comes back to a step that ran while its expectation is not judged yet (the operator left at the question)', () => {
    const e = eventFactory();
    const ran = [
      e('run.started', started(steps.slice(0, 2))),
      e('step.started', { step: 'a', attempt: 1 }),
      e('step.finished', { step: 'a', status: 'passed', exitCode: 0, signal: null, durationMs: 5, expectation: { text: 'no errors', result: 'manual' } }),
      e('step.started', { step: 'b', attempt: 1 }),
      e('step.finished', { step: 'b', status: 'passed', exitCode: 0, signal: null, durationMs: 5, expectation: null }),
    ];
    const unjudged = replay(ran);
    expect(position(unjudged, now)).toEqual({ kind: 'step', step: 'a', plan: null });
    expect(unjudged.lifecycle).toBe('in_progress');
    // Its phase has not finished it, and no front end marks it passed: it shows `? unjudged`.
    expect(phaseProgress(unjudged, 'p1')).toEqual({ done: 1, total: 2, failed: 0 });
    expect([outcomeMark(unjudged.steps.a!), outcomeWord(unjudged.steps.a!)]).toEqual(['?', 'unjudged']);
    expect([outcomeMark(unjudged.steps.b!), outcomeWord(unjudged.steps.b!)]).toEqual(['✔', 'passed']);
    const judged = replay([...ran, e('step.marked', { step: 'a', status: 'failed' })]);
    expect(judged.steps.a?.expectation).toMatchObject({ result: 'failed' });
    expect(position(judged, now)).toEqual({ kind: 'done' });
    expect(phaseProgress(judged, 'p1')).toEqual({ done: 2, total: 2, failed: 1 });
    expect(outcomeMark(judged.steps.a!)).toBe('✘');
  });

  it('shows a step still running at the end of the journal as interrupted, never done', () => {
    const e = eventFactory();
    const state = replay([e('run.started', started(steps)), e('step.started', { step: 'a', attempt: 1 })]);
    expect(state.steps.a?.status).toBe('interrupted');
    expect(position(state, now)).toMatchObject({ step: 'a' });
  });

  it('a re-run counts only the latest attempt’s output', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started(steps)),
      e('step.started', { step: 'a', attempt: 1 }),
      e('output', { step: 'a', first: 1, last: 1, lines: 5, sha256: 'x' }),
      e('step.interrupted', { step: 'a' }),
      e('step.started', { step: 'a', attempt: 2 }),
      e('output', { step: 'a', first: 2, last: 2, lines: 2, sha256: 'y' }),
    ]);
    expect(state.steps.a).toMatchObject({ attempts: 2, outputLines: 2 });
  });

  it('enters a plan from a decision and comes back to the walk when it is done', () => {
    const e = eventFactory();
    const base = [
      e('run.started', started(steps)),
      e('step.skipped', { step: 'a', reason: 'not needed' }),
      e('decision.taken', { tree: 't', step: null, path: [{ question: 'Broken?', answer: 'YES' }], leadsTo: { kind: 'plan', id: 'plan-a', title: 'Plan A' }, reason: 'b failed' }),
      e('plan.entered', { plan: 'plan-a', from: 'b' }),
    ];
    let state = replay(base);
    expect(state.decisions).toHaveLength(1);
    expect(position(state, now)).toEqual({ kind: 'step', step: 'rollback-1', plan: 'plan-a' });
    state = replay([...base, e('step.marked', { step: 'rollback-1', status: 'done' }), e('step.marked', { step: 'rollback-2', status: 'passed' })]);
    expect(position(state, now)).toEqual({ kind: 'plan-finished', plan: 'plan-a' });
    state = replay([...base, e('step.marked', { step: 'rollback-1', status: 'done' }), e('step.marked', { step: 'rollback-2', status: 'passed' }), e('plan.left', { plan: 'plan-a' })]);
    expect(position(state, now)).toEqual({ kind: 'step', step: 'b', plan: null });
  });

  it('is monitoring when only scheduled checks remain, and completed when ended', () => {
    const e = eventFactory();
    const events = [
      e('run.started', started(steps.slice(0, 3))),
      e('step.skipped', { step: 'a', reason: 'x' }),
      e('step.skipped', { step: 'b', reason: 'x' }),
      e('check.scheduled', { step: 'c', dueAt: '2026-11-23T13:00:00Z' }),
    ];
    const state = replay(events);
    expect(state.lifecycle).toBe('monitoring');
    expect(position(state, now)).toEqual({ kind: 'waiting', due: [{ step: 'c', dueAt: '2026-11-23T13:00:00Z' }] });
    expect(position(state, new Date('2026-11-23T13:00:01Z'))).toMatchObject({ kind: 'step', step: 'c' });
    expect(replay([...events, e('run.ended', { state: 'completed' })]).lifecycle).toBe('completed');
  });

  it('keeps a secret input out of the state while a plain one is kept', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started([summary('lead', { kind: 'input' }), summary('pw', { kind: 'input' })])),
      e('input.given', { step: 'lead', name: 'deploy_lead', value: 'Ana', secret: false }),
      e('input.given', { step: 'pw', name: 'db_password', value: '', secret: true }),
    ]);
    expect(state.inputs.deploy_lead?.value).toBe('Ana');
    expect(state.inputs.db_password).toEqual({ name: 'db_password', step: 'pw', value: '', secret: true });
  });

  it('records sign-offs and refusals', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started([summary('lead', { kind: 'signoff' }), summary('sec', { kind: 'signoff' })])),
      e('signoff.recorded', { step: 'lead', role: 'Deploy Lead', name: 'Ana', chainHead: 'h1', statement: 's', signature: null }),
      e('signoff.refused', { step: 'sec', role: 'Security Review', name: 'Bo' }),
    ]);
    expect(state.signoffs.map((s) => [s.role, s.refused])).toEqual([
      ['Deploy Lead', false],
      ['Security Review', true],
    ]);
    expect(state.steps.sec?.status).toBe('failed');
  });
});

describe('walk helpers', () => {
  it('counts phase progress and positions in the walk', () => {
    const e = eventFactory();
    const state = replay([e('run.started', started(steps)), e('step.marked', { step: 'a', status: 'passed' }), e('step.marked', { step: 'b', status: 'failed' })]);
    expect(phaseProgress(state, 'p1')).toEqual({ done: 2, total: 2, failed: 1 });
    expect(phaseProgress(state, 'p2')).toEqual({ done: 0, total: 1, failed: 0 });
    expect(walkIndex(state, 'c')).toEqual({ index: 3, total: 3 });
    expect(stepsBefore(replay([e('run.started', started(steps))]), 'p2')).toEqual(['a', 'b']);
  });

  it('settles where a change leads, with the bookkeeping on the way, so the frame of the answer shows it', () => {
    const e = eventFactory();
    const withCheck = [summary('a'), summary('b'), summary('c', { dueAfter: '+1h' }), summary('c4', { dueAfter: '+4h' }), summary('d')];
    const offsetOf = (id: string) => withCheck.find((s) => s.id === id)?.dueAfter;
    const base = [e('run.started', started(withCheck))];
    // Nothing to record on the way: the next step, no bookkeeping.
    const afterA = settle(replay([...base, e('step.marked', { step: 'a', status: 'passed' })]), now, offsetOf);
    expect(afterA.at).toEqual({ kind: 'step', step: 'b', plan: null });
    expect(afterA.bookkeeping).toEqual([]);
    // c and c4 are checks not scheduled yet: both get their due times, and the run is at d.
    const beforeCheck = replay([...base, e('step.marked', { step: 'a', status: 'passed' }), e('step.marked', { step: 'b', status: 'passed' })]);
    expect(position(beforeCheck, now)).toMatchObject({ step: 'c' });
    const settled = settle(beforeCheck, now, offsetOf);
    expect(settled.at).toEqual({ kind: 'step', step: 'd', plan: null });
    expect(settled.bookkeeping).toEqual([
      { type: 'check.scheduled', payload: { step: 'c', dueAt: '2026-11-23T13:00:00.000Z' } },
      { type: 'check.scheduled', payload: { step: 'c4', dueAt: '2026-11-23T16:00:00.000Z' } },
    ]);
    expect(settled.state.due.map((d) => d.step)).toEqual(['c', 'c4']);
    // Once committed, nothing is left to record: the same position.
    const committed = replay([...base, e('step.marked', { step: 'a', status: 'passed' }), e('step.marked', { step: 'b', status: 'passed' }), ...settled.bookkeeping.map((b) => e(b.type, b.payload))]);
    expect(settle(committed, now, offsetOf)).toMatchObject({ at: settled.at, bookkeeping: [] });
    // A rehearsal schedules nothing: it walks the checks at once.
    expect(settle({ ...beforeCheck, rehearse: true }, now, offsetOf)).toMatchObject({ at: { kind: 'step', step: 'c' }, bookkeeping: [] });
    // A finished plan is left on the way back to the walk.
    const plan = [
      e('run.started', started(steps)),
      e('decision.taken', { tree: 't', step: null, path: [{ question: 'Broken?', answer: 'YES' }], leadsTo: { kind: 'plan', id: 'plan-a', title: 'Plan A' }, reason: 'b failed' }),
      e('plan.entered', { plan: 'plan-a', from: 'b' }),
      e('step.marked', { step: 'rollback-1', status: 'done' }),
      e('step.marked', { step: 'rollback-2', status: 'passed' }),
    ];
    expect(position(replay(plan), now)).toEqual({ kind: 'plan-finished', plan: 'plan-a' });
    const left = settle(replay(plan), now, () => undefined);
    expect(left.bookkeeping).toEqual([{ type: 'plan.left', payload: { plan: 'plan-a' } }]);
    expect(left.at).toEqual({ kind: 'step', step: 'a', plan: null });
  });
});
