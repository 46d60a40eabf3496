// Whether a step is still open, in the two senses the run needs — written once here.

import type { Step } from '../runbook/model';
import type { StepStatus } from './state';

/** What these selectors read of a step: its status and its expectation's result (a run's state, or a report's step). */
export type StepOutcome = { status: StepStatus; expectation: { result: string } | null };

/** Not finished: pending, running or interrupted. The walk still holds it; the run is not done with it. */
export function isOpen(status: StepStatus): boolean {
  return status === 'pending' || status === 'running' || status === 'interrupted';
}

/**
 * Ran, and its expectation is the operator's to judge and not judged yet (they left at the
 * question): the run is not done with it, and comes back to it to ask.
 */
export function awaitsJudgment(step: StepOutcome | undefined): boolean {
  return step !== undefined && (step.status === 'passed' || step.status === 'done') && step.expectation?.result === 'manual';
}

/** The walk is not done with it: open, or awaiting the judgment of its expectation. */
export function stillToDo(step: StepOutcome | undefined): boolean {
  return isOpen(step?.status ?? 'pending') || awaitsJudgment(step);
}

/**
 * Waiting for the operator: pending or interrupted (a running step is not theirs to act on
 * until it ends). A step the state does not know yet is pending.
 */
export function awaitsOperator(status: StepStatus | undefined): boolean {
  return status === undefined || status === 'pending' || status === 'interrupted';
}

/** The reason is a conditional step's own (conditionalSkip): its condition did not hold, no gap. */
export function isConditionalSkip(reason: string | null): boolean {
  return reason === 'optional, not done' || (reason?.startsWith('not needed: not ') ?? false);
}

/** A conditional step skipped is its condition not holding: that is the reason, no gap. */
export function conditionalSkip(step: Pick<Step, 'condition'>): string | null {
  if (!step.condition) return null;
  return step.condition === 'optional' ? 'optional, not done' : `not needed: not ${step.condition}`;
}

/**
 * The reason a skip is journaled with: what the operator gave, else a conditional step's
 * own; null when there is none — a skip is the record of why a step was not done, so the
 * front ends refuse it and ask again.
 */
export function skipReason(step: Pick<Step, 'condition'>, given: string): string | null {
  const typed = given.trim();
  return typed !== '' ? typed : conditionalSkip(step);
}
