// Moving around the run on screen: the steps ↑/↓ walk through, the phases ←/→ jump
// between, and "step 7/64". Pure; reading only never changes the run.

import type { StepSummary } from '../../run/events';
import type { RunState } from '../../run/state';
import { stillToDo } from '../../run/step-status';
import { walkIndex } from '../../run/navigation';

/** The walk, then the steps of plans the run entered or touched. */
export function visibleSteps(state: RunState): StepSummary[] {
  const entered = new Set(state.plans.map((p) => p.plan));
  return state.summaries.filter((s) => s.plan === null || entered.has(s.plan) || (state.steps[s.id]?.status ?? 'pending') !== 'pending');
}

export function neighbour(state: RunState, from: string | null, delta: 1 | -1): string | null {
  const steps = visibleSteps(state);
  const at = steps.findIndex((s) => s.id === from);
  // From the end of the run (no step open): ↓ starts over, ↑ is the last step.
  if (at < 0) return (delta < 0 ? steps.at(-1) : steps[0])?.id ?? null;
  return steps[Math.max(0, Math.min(steps.length - 1, at + delta))]?.id ?? null;
}

export function phaseOf(state: RunState, step: string | null): string | null {
  const summary = state.summaries.find((s) => s.id === step);
  if (!summary) return null;
  if (summary.phase !== null) return summary.phase;
  // A plan step: the phase it was entered from, if any.
  const from = state.plans.find((p) => p.plan === summary.plan)?.from;
  return from ? (state.summaries.find((s) => s.id === from)?.phase ?? null) : null;
}

/** The first open step of the phase before/after the one `from` is in (its first step if none is open). */
export function phaseStep(state: RunState, from: string | null, delta: 1 | -1): string | null {
  const phases = state.phases.filter((p) => state.summaries.some((s) => s.plan === null && s.phase === p.id));
  const current = phases.findIndex((p) => p.id === phaseOf(state, from));
  const next = phases[current < 0 ? 0 : Math.max(0, Math.min(phases.length - 1, current + delta))];
  if (!next) return from;
  const steps = state.summaries.filter((s) => s.plan === null && s.phase === next.id);
  return (steps.find((s) => stillToDo(state.steps[s.id])) ?? steps[0])?.id ?? from;
}

/** "step 7/64", or "plan step 2/5" for a step of a plan. */
export function whereText(state: RunState, step: string): string {
  const summary = state.summaries.find((s) => s.id === step);
  if (summary && summary.plan !== null) {
    const plan = state.summaries.filter((s) => s.plan === summary.plan);
    return `plan step ${plan.findIndex((s) => s.id === step) + 1}/${plan.length}`;
  }
  const { index, total } = walkIndex(state, step);
  return `step ${index}/${total}`;
}

/** Up to `n` steps just before `step` in the visible order, for the collapsed lines. */
export function stepsBefore(state: RunState, step: string, n: number): StepSummary[] {
  if (n <= 0) return [];
  // Within the walk, or within the step's plan.
  const plan = state.summaries.find((s) => s.id === step)?.plan ?? null;
  const steps = visibleSteps(state).filter((s) => s.plan === plan);
  const at = steps.findIndex((s) => s.id === step);
  return at <= 0 ? [] : steps.slice(Math.max(0, at - n), at);
}
