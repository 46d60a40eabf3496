// A plan's steps as the operator sees them before entering it, destructive ones marked:
// the same lines in the decision tree's leaf and in the plans menu (P).

import type { Runbook } from '../../runbook/model';
import { plural } from '../text';

export interface PreviewLine {
  text: string;
  destructive: boolean;
}

/** "Leads to the plan: … (3 steps)" (or another head), then "! 2. … (destructive)" per step. */
export function planPreview(runbook: Runbook, plan: string, head: (steps: string) => string): PreviewLine[] {
  const steps = runbook.steps.filter((s) => s.plan === plan);
  return [
    { text: head(plural(steps.length, 'step')), destructive: false },
    ...steps.map((s, i) => ({ text: `${s.destructive ? '!' : ' '} ${i + 1}. ${s.title}${s.destructive ? '  (destructive)' : ''}`, destructive: s.destructive })),
  ];
}
