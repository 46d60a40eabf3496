import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { position } from '../../source/run/navigation';
import { parseRunbook } from '../../source/runbook/parse';
import { summaries } from '../../source/controller/summaries';
import type { RunEvent } from '../../source/run/events';
import {
  answeredBefore,
  answerLine,
  cannotEnter,
  justFinishedPlan,
  planCounts,
  planFinishedLine,
  planName,
  plansLeft,
  plansOverview,
  whereNext,
} from '../../source/run/plans';
import { eventFactory, started } from '../helpers/events';

const runbook = parseRunbook(
  `# Plans

## Phase 1: Verify

\`\`\`bash {#health}
echo "health: degraded"
\`\`\`

- [ ] Error rate below 1%

## Phase 2: Decide

### Rollback Decision

- Is the app healthy?
  - Yes → [Phase 3](#phase-3-finish)
  - No → [Rollback Plan A](#rollback-plan-a-undo)

### Rollback Plan A: Undo

\`\`\`bash {#undo-1}
echo one
\`\`\`

\`\`\`bash {#undo-2}
echo two
\`\`\`

\`\`\`bash {#undo-3}
echo three
\`\`\`

### Full Rollback (Nuclear Option)

\`\`\`bash {#nuke}
echo nuke
\`\`\`

## Phase 3: Finish

\`\`\`bash {#finish}
echo done
\`\`\`
`,
  { file: 'plans.md', sha256: 'x' },
);
const now = new Date('2026-11-23T12:00:00Z');
const planA = runbook.plans.find((p) => p.title.includes('Plan A'))?.id ?? '';
const nuclear = runbook.plans.find((p) => p.title.includes('Nuclear'))?.id ?? '';
const tree = runbook.decisions[0]?.id ?? '';
const stepId = (suffix: string) => runbook.steps.find((s) => s.id === suffix || s.id.endsWith(`/${suffix}`))?.id ?? suffix;

function walkThroughPlanA(): { e: ReturnType<typeof eventFactory>; events: RunEvent[] } {
  const e = eventFactory();
  const events = [
    e('run.started', started(summaries(runbook))),
    e('step.marked', { step: stepId('health'), status: 'failed' }),
    e('decision.taken', { tree, step: null, path: [{ question: 'Is the app healthy?', answer: 'No' }], leadsTo: { kind: 'plan', id: planA, title: 'Rollback Plan A: Undo' }, reason: 'health reports 3.0.9' }),
    e('plan.entered', { plan: planA, from: null }),
    e('step.marked', { step: stepId('undo-1'), status: 'passed' }),
    e('step.marked', { step: stepId('undo-2'), status: 'done' }),
    e('step.marked', { step: stepId('undo-3'), status: 'passed' }),
  ];
  return { e, events };
}

describe('plans as the operator follows them', () => {
  it('lists every plan with its progress: never entered, in it, finished', () => {
    const { e, events } = walkThroughPlanA();
    const before = replay(events.slice(0, 1));
    expect(plansOverview(before, runbook).map((p) => [p.title, p.total, p.entered, p.active, p.finished])).toEqual([
      ['Rollback Plan A: Undo', 3, false, false, false],
      ['Full Rollback (Nuclear Option)', 1, false, false, false],
    ]);
    const inIt = replay(events.slice(0, 5));
    expect(plansOverview(inIt, runbook)[0]).toMatchObject({ entered: true, active: true, finished: false, passed: 1, open: 2 });
    const left = replay([...events, e('plan.left', { plan: planA })]);
    expect(plansOverview(left, runbook)[0]).toMatchObject({ entered: true, active: false, finished: true, passed: 3, failed: 0, open: 0 });
    // The run keeps every entry, with when it was left.
    expect(left.enteredPlans).toEqual([{ plan: planA, from: null, reason: null, at: expect.any(String), left: expect.any(String) }]);
  });

  it('without the runbook (a journal read alone) still lists the plans its steps name', () => {
    const { events } = walkThroughPlanA();
    const state = replay(events);
    expect(plansOverview(state, null).map((p) => [p.plan, p.title])).toEqual([
      [planA, 'Rollback Plan A: Undo'],
      [nuclear, nuclear],
    ]);
  });

  it('says a plan finished, how it went, and where the run goes back to', () => {
    const { e, events } = walkThroughPlanA();
    const before = replay(events);
    const after = replay([...events, e('plan.left', { plan: planA })]);
    expect(plansLeft(before, after)).toEqual([planA]);
    expect(plansLeft(after, after)).toEqual([]);
    expect(planFinishedLine(after, runbook, planA, position(after, now))).toBe('Plan A finished (3 of 3 passed) — back to step 2/4: Error rate below 1%');
    expect(justFinishedPlan(after)).toBe(planA);
    // Until the operator acts on a step.
    const acted = replay([...events, e('plan.left', { plan: planA }), e('step.marked', { step: stepId('error-rate-below-1'), status: 'passed' })]);
    expect(justFinishedPlan(acted)).toBeNull();
    // Or enters another plan.
    const other = replay([...events, e('plan.left', { plan: planA }), e('plan.entered', { plan: nuclear, from: null, reason: 'to be sure' })]);
    expect(justFinishedPlan(other)).toBeNull();
    expect(other.enteredPlans.at(-1)).toMatchObject({ plan: nuclear, reason: 'to be sure', left: null });
  });

  it('counts failed and skipped steps in the line', () => {
    const e = eventFactory();
    const state = replay([
      e('run.started', started(summaries(runbook))),
      e('plan.entered', { plan: planA, from: null, reason: 'drill' }),
      e('step.marked', { step: stepId('undo-1'), status: 'failed' }),
      e('step.skipped', { step: stepId('undo-2'), reason: 'not needed' }),
      e('step.marked', { step: stepId('undo-3'), status: 'passed' }),
      e('plan.left', { plan: planA }),
    ]);
    const [progress] = plansOverview(state, runbook);
    expect(progress && planCounts(progress)).toBe('(1 of 3 passed, 1 failed, 1 skipped)');
    expect(whereNext(state, { kind: 'done' })).toBe('the end: every step is done');
  });

  it('says a rehearsed plan was rehearsed, never that its steps passed', () => {
    const e = eventFactory();
    const walked = (id: string) => e('step.rehearsed', { step: stepId(id), command: 'true' });
    const state = replay([e('run.started', started(summaries(runbook))), e('plan.entered', { plan: planA, from: null, reason: 'drill' }), walked('undo-1'), walked('undo-2'), walked('undo-3'), e('plan.left', { plan: planA })]);
    const [progress] = plansOverview(state, runbook);
    expect(progress && planCounts(progress)).toBe('(3 of 3 rehearsed)');
    const mixed = replay([e('run.started', started(summaries(runbook))), e('plan.entered', { plan: planA, from: null, reason: 'drill' }), walked('undo-1'), e('step.marked', { step: stepId('undo-2'), status: 'passed' }), walked('undo-3'), e('plan.left', { plan: planA })]);
    const [some] = plansOverview(mixed, runbook);
    expect(some && planCounts(some)).toBe('(1 of 3 passed, 2 rehearsed)');
  });

  it('names plans as operators say them', () => {
    expect(planName('6.2 Rollback Plan A: Database Migration')).toBe('Plan A');
    expect(planName('Rollback Plan B: API')).toBe('Plan B');
    expect(planName('6.7 Full Rollback (Nuclear Option)')).toBe('Full Rollback (Nuclear Option)');
  });

  it('refuses to open a plan already in, or finished', () => {
    const { e, events } = walkThroughPlanA();
    const inIt = plansOverview(replay(events.slice(0, 5)), runbook)[0];
    expect(inIt && cannotEnter(inIt)).toBe('already in Plan A: its next step is on screen');
    const done = plansOverview(replay([...events, e('plan.left', { plan: planA })]), runbook)[0];
    expect(done && cannotEnter(done)).toBe('Plan A is finished (3 of 3 passed): ↑↓ reach its steps, r re-runs one');
    const fresh = plansOverview(replay(events.slice(0, 1)), runbook)[1];
    expect(fresh && cannotEnter(fresh)).toBeNull();
  });

  it('finds the earlier answers to a tree asked again', () => {
    const { events } = walkThroughPlanA();
    const state = replay(events);
    const earlier = answeredBefore(state, tree);
    expect(earlier.map(answerLine)).toHaveLength(1);
    expect(earlier.map(answerLine)[0]).toMatch(/^earlier \(\d\d:\d\d:\d\d\): No → Rollback Plan A: Undo$/);
    expect(answeredBefore(state, 'another-tree')).toEqual([]);
  });
});
