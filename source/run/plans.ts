// Plans as the operator follows them: each plan's progress, which were entered and which
// are finished, the line that says a plan is finished and where the run goes back to, and
// the earlier answers to a question asked again. Pure; the screen and --plain both use it.

import type { Runbook } from '../runbook/model';
import { walkIndex, type Position } from './navigation';
import type { DecisionRecord, RunState } from './state';
import { stillToDo } from './step-status';

export interface PlanProgress {
  plan: string;
  title: string;
  total: number;
  /** Passed, or done (an input answered, a check marked done). */
  passed: number;
  failed: number;
  skipped: number;
  /** Walked in a rehearsal: nothing ran. */
  rehearsed: number;
  /** Steps not finished yet. */
  open: number;
  /** Entered at least once (from the tree or on purpose). */
  entered: boolean;
  /** The run is in it now. */
  active: boolean;
  /** Entered, and every step of it is finished: the run left it. */
  finished: boolean;
}

/** The plans a run knows: the runbook's, else (a journal read alone) those its steps name. */
function planList(state: RunState, runbook: Runbook | null): { id: string; title: string }[] {
  if (runbook) return runbook.plans.map(({ id, title }) => ({ id, title }));
  const ids = [...new Set(state.summaries.flatMap((s) => (s.plan === null ? [] : [s.plan])))];
  return ids.map((id) => ({ id, title: state.decisions.find((d) => d.leadsTo.id === id)?.leadsTo.title ?? id }));
}

export function planProgress(state: RunState, plan: { id: string; title: string }): PlanProgress {
  const counts = { total: 0, passed: 0, failed: 0, skipped: 0, rehearsed: 0, open: 0 };
  for (const s of state.summaries) {
    if (s.plan !== plan.id) continue;
    counts.total++;
    const st = state.steps[s.id];
    const status = st?.status ?? 'pending';
    // Awaiting its judgment, a step is open: the plan is not finished with it.
    if (stillToDo(st)) counts.open++;
    else if (status === 'failed') counts.failed++;
    else if (status === 'skipped') counts.skipped++;
    else if (status === 'rehearsed') counts.rehearsed++;
    else counts.passed++;
  }
  const visits = state.enteredPlans.filter((v) => v.plan === plan.id);
  const active = state.plans.some((p) => p.plan === plan.id);
  return { plan: plan.id, title: plan.title, ...counts, entered: visits.length > 0, active, finished: visits.length > 0 && !active && counts.open === 0 };
}

/** Every plan of the run, in runbook order, with its progress. */
export function plansOverview(state: RunState, runbook: Runbook | null): PlanProgress[] {
  return planList(state, runbook).map((p) => planProgress(state, p));
}

/** "6.2 Rollback Plan A: Database Migration" → "Plan A"; a plan with no letter keeps its title. */
export function planName(title: string): string {
  return /\bplan ([A-Z0-9]{1,3})\b/i.exec(title)?.[0] ?? title.replace(/^\d+(\.\d+)*\.?\s+/, '');
}

/** "(3 of 3 passed)", "(1 of 3 passed, 1 failed, 1 skipped)"; a rehearsal's "(3 of 3 rehearsed)": nothing ran, nothing passed. */
export function planCounts(p: PlanProgress): string {
  const lead = p.passed === 0 && p.rehearsed > 0 ? `${p.rehearsed} of ${p.total} rehearsed` : `${p.passed} of ${p.total} passed`;
  const more = [
    p.failed > 0 ? `${p.failed} failed` : '',
    p.skipped > 0 ? `${p.skipped} skipped` : '',
    p.passed > 0 && p.rehearsed > 0 ? `${p.rehearsed} rehearsed` : '',
  ].filter(Boolean);
  return `(${lead}${more.map((m) => `, ${m}`).join('')})`;
}

/** Where the run goes once a plan is left, in words: "step 23/126: 4.1 Health check". */
export function whereNext(state: RunState, at: Position): string {
  switch (at.kind) {
    case 'step': {
      const summary = state.summaries.find((s) => s.id === at.step);
      const title = summary?.title ?? at.step;
      if (summary?.plan) {
        const steps = state.summaries.filter((s) => s.plan === summary.plan);
        return `plan step ${steps.findIndex((s) => s.id === at.step) + 1}/${steps.length}: ${title}`;
      }
      const { index, total } = walkIndex(state, at.step);
      return `step ${index}/${total}: ${title}`;
    }
    case 'plan-finished':
      return 'the plan it was entered from';
    case 'waiting':
      return 'the scheduled checks (every other step is done)';
    case 'done':
      return 'the end: every step is done';
    default: {
      const never: never = at;
      return String(never);
    }
  }
}

/** Plans the run left between two states (in the order they were left). */
export function plansLeft(before: RunState, after: RunState): string[] {
  const was = new Set(before.enteredPlans.flatMap((v, i) => (v.left === null ? [] : [i])));
  return after.enteredPlans.flatMap((v, i) => (v.left !== null && !was.has(i) ? [v.plan] : []));
}

/**
 * The plan the run left last, while nothing has happened to a step since: the screen keeps
 * saying it finished (and where the run went back to) until the operator acts on a step.
 */
export function justFinishedPlan(state: RunState): string | null {
  let last: RunState['enteredPlans'][number] | null = null;
  for (const v of state.enteredPlans) if (v.left !== null && (last?.left ?? '') <= v.left) last = v;
  const left = last?.left;
  if (!last || !left) return null;
  const after = (at: string | null) => at !== null && at > left;
  const since = Object.values(state.steps).some((s) => after(s.startedAt) || after(s.endedAt)) || state.enteredPlans.some((v) => after(v.at));
  return since ? null : last.plan;
}

/** "Plan A finished (3 of 3 passed) — back to step 23/126: 4.1 Health check". */
export function planFinishedLine(state: RunState, runbook: Runbook | null, plan: string, next: Position): string {
  const known = planList(state, runbook).find((p) => p.id === plan) ?? { id: plan, title: plan };
  const progress = planProgress(state, known);
  return `${planName(known.title)} finished ${planCounts(progress)} — back to ${whereNext(state, next)}`;
}

/** The answers given before through the tree rooted at `tree` (the walk may ask it again). */
export function answeredBefore(state: RunState, tree: string): DecisionRecord[] {
  return state.decisions.filter((d) => d.tree === tree);
}

/** "earlier (12:04:07): No → Rollback Plan A: Undo" */
export function answerLine(d: DecisionRecord): string {
  const time = /T(\d\d:\d\d:\d\d)/.exec(d.at)?.[1] ?? d.at;
  return `earlier (${time}): ${d.path.map((p) => p.answer).join(' › ')} → ${d.leadsTo.title}`;
}

/** Why a plan cannot be opened on purpose now, or null. */
export function cannotEnter(p: PlanProgress): string | null {
  if (p.total === 0) return `${p.title} has no steps to run`;
  if (p.active) return `already in ${planName(p.title)}: its next step is on screen`;
  if (p.open === 0) return `${planName(p.title)} is finished ${planCounts(p)}: ↑↓ reach its steps, r re-runs one`;
  return null;
}
