// A plan's steps as the operator sees them before entering it, destructive ones marked:
// the same lines in the decision tree's leaf and in the plans menu (P).

import type { Runbook } from '../../runbook/model';
import { plural } from '../text';
import { wrapRows } from '../screens/row';

export interface PreviewLine {
  text: string;
  destructive: boolean;
  /** The plan's own line ("Leads to the plan: …"), and the lines it wraps onto. */
  head?: boolean;
}

/** "Leads to the plan: … (3 steps)" (or another head), then "! 2. … (destructive)" per step. */
export function planPreview(runbook: Runbook, plan: string, head: (steps: string) => string): PreviewLine[] {
  const steps = runbook.steps.filter((s) => s.plan === plan);
  return [
    { text: head(plural(steps.length, 'step')), destructive: false, head: true },
    ...steps.map((s, i) => ({ text: `${s.destructive ? '!' : ' '} ${i + 1}. ${s.title}${s.destructive ? '  (destructive)' : ''}`, destructive: s.destructive })),
  ];
}

/**
 * The lines wrapped to `width`, the rest of each indented under its text: a plan's long title
 * and a step's "(destructive)" at the end were cut at the edge. Spelled out (screenText).
 */
export function wrapPreview(lines: PreviewLine[], width: number): PreviewLine[] {
  return lines.flatMap((line) => wrapRows(line.text, width, line.head ? '  ' : '     ').map(({ text }) => ({ ...line, text })));
}
