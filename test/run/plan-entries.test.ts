// How each plan was entered, read from events: journals written before `plan.entered`
// named its tree still say "through the tree", and a plan opened on purpose says why.

import { describe, expect, it } from 'vitest';
import { planVisits } from '../../source/run/plan-entries';
import type { RunEvent } from '../../source/run/events';
import { eventFactory, started, summary } from '../helpers/events';

const path = [{ question: 'Is the app healthy?', answer: 'No' }];
const leadsTo = { kind: 'plan', id: 'plan-a', title: 'Rollback Plan A' };

function events(build: (e: ReturnType<typeof eventFactory>) => RunEvent[]): RunEvent[] {
  const e = eventFactory();
  return [e('run.started', started([summary('a'), summary('undo', { plan: 'plan-a' })])), ...build(e)];
}

describe('how a plan was entered', () => {
  it('through the tree, in a journal from before plan.entered named it: the decision just before says the path', () => {
    const visits = planVisits(
      events((e) => [
        e('decision.taken', { tree: 't1', step: null, path, leadsTo, reason: 'step a failed' }),
        e('plan.entered', { plan: 'plan-a', from: null }),
        e('plan.left', { plan: 'plan-a' }),
      ]),
    );
    expect(visits).toEqual([
      {
        plan: 'plan-a',
        title: 'Rollback Plan A',
        entries: [{ seq: 3, at: expect.any(String), how: 'tree', from: null, tree: 't1', decidedAt: null, path, reason: 'step a failed' }],
        leftAt: expect.any(String),
      },
    ]);
  });

  it('through the tree, named on the entry: found past output chunks in between', () => {
    const [visit] = planVisits(
      events((e) => [
        e('decision.taken', { tree: 't1', step: 'a', path, leadsTo, reason: '' }),
        e('output', { step: 'a', first: 1, last: 1, lines: 1, sha256: 'x' }),
        e('plan.entered', { plan: 'plan-a', from: 'a', tree: 't1' }),
      ]),
    );
    expect(visit?.entries[0]).toMatchObject({ how: 'tree', tree: 't1', decidedAt: 'a', from: 'a', path, reason: null });
    expect(visit?.leftAt).toBeNull();
  });

  it('on purpose: no decision before it, its reason on the entry', () => {
    const [visit] = planVisits(events((e) => [e('plan.entered', { plan: 'plan-a', from: null, reason: 'the vendor asked for a full rollback' })]));
    expect(visit).toMatchObject({ title: null, entries: [{ how: 'on purpose', tree: null, path: [], reason: 'the vendor asked for a full rollback' }] });
  });

  it('on purpose: a decision with no answers is no path through a tree; its reason is the why', () => {
    const [visit] = planVisits(
      events((e) => [e('decision.taken', { tree: '', step: null, path: [], leadsTo, reason: 'opened from the plan menu' }), e('plan.entered', { plan: 'plan-a', from: null })]),
    );
    expect(visit?.entries[0]).toMatchObject({ how: 'on purpose', path: [], reason: 'opened from the plan menu' });
    // The same through decide(), which names the tree on the entry: still on purpose, no tree.
    const [named] = planVisits(
      events((e) => [e('decision.taken', { tree: 't1', step: null, path: [], leadsTo, reason: 'a full rollback, on purpose' }), e('plan.entered', { plan: 'plan-a', from: null, tree: 't1' })]),
    );
    expect(named?.entries[0]).toMatchObject({ how: 'on purpose', tree: null, reason: 'a full rollback, on purpose' });
  });

  it('an old decision does not claim a later entry: a decision for another plan, or one already used', () => {
    const visits = planVisits(
      events((e) => [
        e('decision.taken', { tree: 't1', step: null, path, leadsTo, reason: 'first' }),
        e('plan.entered', { plan: 'plan-a', from: null }),
        e('plan.left', { plan: 'plan-a' }),
        e('step.skipped', { step: 'a', reason: 'x' }),
        e('plan.entered', { plan: 'plan-a', from: null }),
      ]),
    );
    expect(visits[0]?.entries.map((x) => [x.how, x.reason])).toEqual([
      ['tree', 'first'],
      ['on purpose', null],
    ]);
    expect(visits[0]?.leftAt).toBeNull();
  });
});
