// Whether a step is still open, in the two senses the run needs — written once here.

import type { StepStatus } from './state';

/** Not finished: pending, running or interrupted. The walk still holds it; the run is not done with it. */
export function isOpen(status: StepStatus): boolean {
  return status === 'pending' || status === 'running' || status === 'interrupted';
}

/**
 * Waiting for the operator: pending or interrupted (a running step is not theirs to act on
 * until it ends). A step the state does not know yet is pending.
 */
export function awaitsOperator(status: StepStatus | undefined): boolean {
  return status === undefined || status === 'pending' || status === 'interrupted';
}
