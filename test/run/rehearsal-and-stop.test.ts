// The run as data for issue 18's items 8 and 11: a rehearsed step, where a rehearsal goes
// on from, the practised confirmation, and an input whose value met its STOP condition.

import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { position } from '../../source/run/navigation';
import { confirmationAsk, confirmationFor } from '../../source/run/confirmation';
import { statusMark } from '../../source/run/status-mark';
import { isOpen } from '../../source/run/step-status';
import type { Step } from '../../source/runbook/model';
import { eventFactory, started, summary } from '../helpers/events';

const NOW = new Date('2026-11-23T12:00:00Z');
const walk = ['s1', 's2', 's3', 's4', 's5'].map((id) => summary(id));

function rehearsal(...events: ((e: ReturnType<typeof eventFactory>) => ReturnType<ReturnType<typeof eventFactory>>)[]) {
  const e = eventFactory();
  return replay([e('run.started', { ...started(walk), rehearse: true }), ...events.map((f) => f(e))]);
}

describe('a rehearsal', () => {
  it('records a rehearsed step: not open, its own mark, no exit code, the practised word kept', () => {
    const state = rehearsal((e) => e('step.rehearsed', { step: 's1', command: 'rm -rf ./x', confirmed: 'rm' }));
    const s1 = state.steps.s1;
    expect(s1).toMatchObject({ status: 'rehearsed', exitCode: null, ran: null, practised: 'rm', skipReason: null });
    expect(isOpen('rehearsed')).toBe(false);
    expect(statusMark('rehearsed')).toBe('○');
  });

  it('goes on from the step the operator finished last, not back to the first open one', () => {
    const state = rehearsal(
      (e) => e('step.rehearsed', { step: 's1', command: 'echo 1' }),
      (e) => e('step.focused', { step: 's4' }),
      (e) => e('step.rehearsed', { step: 's4', command: 'echo 4' }),
    );
    expect(position(state, NOW)).toEqual({ kind: 'step', step: 's5', plan: null });
  });

  it('from the top again when nothing after it is open', () => {
    const state = rehearsal(
      (e) => e('step.focused', { step: 's5' }),
      (e) => e('step.marked', { step: 's5', status: 'passed' }),
    );
    expect(position(state, NOW)).toEqual({ kind: 'step', step: 's1', plan: null });
  });

  it('a real run still goes back to the first open step', () => {
    const e = eventFactory();
    const state = replay([e('run.started', started(walk)), e('step.focused', { step: 's4' }), e('step.marked', { step: 's4', status: 'passed' })]);
    expect(position(state, NOW)).toEqual({ kind: 'step', step: 's1', plan: null });
  });

  it('asks the typed confirmation as practice, with the same word', () => {
    const step = { id: 'w', kind: 'shell', title: 'rm', line: 1, phase: null, plan: null, section: '', command: 'rm -rf ./cache', expectation: null, estimate: null, destructive: true, annotations: {} } as Step;
    const real = confirmationFor(replay([eventFactory()('run.started', started(walk))]), step, undefined, undefined);
    const practice = confirmationFor(rehearsal(), step, undefined, undefined);
    expect(real).toEqual({ word: 'rm', reasons: ['rm -r'], practice: false });
    expect(practice).toEqual({ word: 'rm', reasons: ['rm -r'], practice: true });
    expect(confirmationAsk(real ?? practice ?? { word: '', reasons: [], practice: false })).toBe('Type "rm" to run it');
    expect(confirmationAsk({ word: 'rm', reasons: [], practice: true })).toBe('Practise: type "rm" (nothing runs)');
  });
});

describe('an input whose value met its STOP condition', () => {
  it('fails, quoting the condition as its expectation; the value is spelled out, a secret never shown', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started([summary('failed', { kind: 'input' }), summary('code', { kind: 'input' }), summary('ok', { kind: 'input' })])),
      e('input.given', { step: 'failed', name: 'failed', value: '3', secret: false, stop: 'STOP if > 0' }),
      e('input.given', { step: 'code', name: 'code', value: '', secret: true, stop: 'must be 0' }),
      e('input.given', { step: 'ok', name: 'ok', value: '0', secret: false }),
    ]);
    expect(state.steps.failed).toMatchObject({ status: 'failed', error: '3 meets "STOP if > 0"', expectation: { text: 'STOP if > 0', result: 'failed' } });
    expect(state.steps.code).toMatchObject({ status: 'failed', error: 'the value meets "must be 0"' });
    expect(state.steps.ok).toMatchObject({ status: 'done', error: null, expectation: null });
    expect(state.inputs.failed?.value).toBe('3');

    const hostile = replay([
      e('run.started', started([summary('x', { kind: 'input' })])),
      e('input.given', { step: 'x', name: 'x', value: 'ok\u001b[2J', secret: false, stop: 'should be "OK"' }),
    ]);
    expect(hostile.steps.x?.error).toBe('ok\\e[2J meets "should be "OK""');
  });
});
