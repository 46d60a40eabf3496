// One mark per step status, the same on the screen, in --plain, in show and in the report.

import type { StepStatus } from './state';

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
