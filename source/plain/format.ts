// How the plain runner writes a step and a run: plain text, no colour, screen-reader friendly.

import type { Step } from '../runbook/model';
import type { RunState } from '../run/state';
import { hasHidden } from '../run/terminal-text';
import { runFailures, runOutcome } from '../run/ending';
import { wrapHanging } from '../wrap';
export { statusMark as mark } from '../run/status-mark';

/** Said under a command that holds characters a terminal would obey or not draw. */
export const HIDDEN_NOTE = '! This command holds control or invisible characters, spelled out above as \\e, \\xNN or <U+…>: it runs exactly as shown.';

/** `status`: the step's, or run/status-mark's word for it (`unjudged`); `columns`: what its description flows to. */
export function describeStep(step: Step, index: number, total: number, status: string, columns = 80): string {
  const where = index > 0 ? `step ${index}/${total}` : `plan step`;
  const lines = [`── ${step.section || step.title} · ${where} · ${step.kind}${status === 'pending' ? '' : ` · ${status}`}`];
  if (step.condition) lines.push(step.condition === 'optional' ? 'Optional: s skips it, and that is no gap' : `Only ${step.condition} (s skips it: the condition did not hold)`);
  // Flowed under its indent (the terminal breaking it would lose the indent).
  if (step.description) lines.push(...step.description.split('\n').flatMap((l) => wrapHanging('   ', l, columns)));
  switch (step.kind) {
    case 'shell':
      if (step.interactive && step.annotations.tty === undefined) lines.push(`Interactive (${step.interactive}): it gets the terminal`);
      // The prompt marks where the command starts; continuation lines are indented under it.
      lines.push(...(step.command ?? '').split('\n').map((l, i) => `${i === 0 ? '$' : ' '} ${l}`));
      break;
    case 'sql':
      lines.push(`sql → ${step.annotations.target ?? 'default target'}${step.annotations.capture ? `   capture=${step.annotations.capture}` : ''}${step.annotations.compare ? `   compare=${step.annotations.compare}` : ''}`);
      lines.push(...(step.sql ?? '').split('\n').map((l) => `  ${l}`));
      break;
    default:
      lines.push(`[ ] ${step.title}`);
      for (const c of step.subChecks ?? []) lines.push(`    [ ] ${c}`);
  }
  const code = step.command ?? step.sql;
  if (code !== undefined && hasHidden(code)) lines.push(HIDDEN_NOTE);
  if (step.estimate) lines.push(`Est. ${step.estimate}`);
  if (step.rollbackHint) lines.push(`Rollback: ${step.rollbackHint}`);
  if (step.expectation) lines.push(`Expected: ${step.expectation.text}${step.expectation.auto ? '' : '  (you judge)'}`);
  return `${lines.join('\n')}\n`;
}

export function summaryLines(state: RunState): string[] {
  const counts: Record<string, number> = {};
  for (const s of state.summaries) {
    const status = state.steps[s.id]?.status ?? 'pending';
    if (s.plan !== null && status === 'pending') continue;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  const parts = Object.entries(counts).map(([k, n]) => `${n} ${k}`);
  const lines = ['', `Run ${runOutcome(state).replaceAll('_', ' ')}: ${parts.join(', ')}`];
  for (const c of state.comparisons) lines.push(`  comparison ${c.name}: ${c.passed ? 'passed' : 'FAILED'} — ${c.summary}`);
  for (const f of runFailures(state)) if (f.kind === 'step') lines.push(`  ✘ ${f.title} — ${f.why}`);
  return lines;
}
