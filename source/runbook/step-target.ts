// Which target a SQL step runs against: its own `target=`, else the runbook's first target
// (the default). One rule for the run, check, resume and the screen.

import type { Step } from './model';

export function stepTarget(step: Pick<Step, 'annotations'>, targets: readonly { name: string }[]): string | undefined {
  return step.annotations.target ?? targets[0]?.name;
}
