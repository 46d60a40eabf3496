// One mark per step status, the same on the screen, in --plain, in show and in the report.

import type { StepStatus } from './state';
import { awaitsJudgment, type StepOutcome } from './step-status';

export function statusMark(status: StepStatus): string {
  switch (status) {
    case 'passed':
    case 'done':
      return '✔';
    case 'failed':
      return '✘';
    case 'skipped':
      return '↷';
    case 'rehearsed':
      return '○';
    case 'interrupted':
      return '!';
    case 'running':
      return '▸';
    case 'pending':
      return '·';
    default: {
      const never: never = status;
      return String(never);
    }
  }
}

/** The word a step that ran and awaits the operator's judgment of its expectation shows instead of its status. */
export const UNJUDGED = 'unjudged';

/**
 * A step's mark where one step is shown: its status's, or `?` while it ran and its
 * expectation awaits the operator's judgment. Its status is `passed` until then (the
 * journal says what ran), but a judgment not made is never shown as a ✔.
 */
export function outcomeMark(step: StepOutcome): string {
  return awaitsJudgment(step) ? '?' : statusMark(step.status);
}

/** The word beside outcomeMark: the status, or UNJUDGED. */
export function outcomeWord(step: StepOutcome): string {
  return awaitsJudgment(step) ? UNJUDGED : step.status;
}
