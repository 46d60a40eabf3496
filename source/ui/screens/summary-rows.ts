// What the step column shows when no step is left to do: the run's outcome, or the
// scheduled checks still ahead (monitoring).

import type { Position } from '../../run/navigation';
import type { RunState } from '../../run/state';
import { runFailures, runOutcome, type RunFailure } from '../../run/ending';
import { clock, plural, spread } from '../text';
import { wrapRows, type Row } from './step-rows';

function counts(state: RunState): string {
  const by: Record<string, number> = {};
  for (const s of state.summaries) {
    const status = state.steps[s.id]?.status ?? 'pending';
    if (s.plan !== null && status === 'pending') continue;
    by[status] = (by[status] ?? 0) + 1;
  }
  return Object.entries(by)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/** The headline: how the run ended (or that every step is done), failures said in it. */
function headline(state: RunState, failures: RunFailure[]): string {
  const outcome = runOutcome(state);
  if (outcome === 'completed_with_failures') return 'RUN COMPLETED WITH FAILURES';
  if (outcome === 'completed' || outcome === 'aborted') return `RUN ${outcome.toUpperCase()}`;
  return failures.length > 0 ? 'EVERY STEP IS DONE, WITH FAILURES' : 'EVERY STEP IS DONE';
}

export function summaryRows(state: RunState, position: Position, now: Date, width: number, readOnly: boolean): Row[] {
  const rows: Row[] = [];
  const failures = runFailures(state);
  if (position.kind === 'waiting') {
    rows.push({ text: 'MONITORING: only scheduled checks are ahead', bold: true, tone: 'accent' });
    for (const d of position.due) {
      const title = state.summaries.find((s) => s.id === d.step)?.title ?? d.step;
      rows.push({ text: spread(`⏱ ${title}`, `in ${clock(Date.parse(d.dueAt) - now.getTime())}`, width) });
    }
    rows.push({ text: 'A check comes up here when it is due.', tone: 'muted' });
    // Wrapped, never cut: it names the command that says when.
    if (!readOnly) rows.push(...wrapRows('Or q now, and `runbook resume` then (`runbook list --due` says when).', width, '', { tone: 'muted' }));
  } else {
    const ended = state.lifecycle === 'completed' || state.lifecycle === 'aborted';
    rows.push({ text: headline(state, failures), bold: true, tone: failures.length > 0 || state.lifecycle === 'aborted' ? 'bad' : 'ok' });
    rows.push({ text: counts(state) });
    // Wrapped, never cut: the command is one to copy.
    if (!ended && !readOnly) rows.push(...wrapRows('q: finish the run (the report is then ready: runbook report JOURNAL)', width, '   ', { tone: 'accent' }));
  }
  for (const c of state.comparisons) rows.push(...wrapRows(`${c.passed ? '✔' : '✘'} comparison ${c.name}: ${c.summary}`, width, '  ', { tone: c.passed ? 'ok' : 'bad' }));
  const steps = failures.filter((f) => f.kind === 'step');
  if (steps.length > 0) rows.push({ text: `${plural(steps.length, 'step')} failed:`, tone: 'bad' });
  for (const f of steps) rows.push(...wrapRows(`  ✘ ${f.title} · ${f.why}`, width, '    ', { tone: 'bad' }));
  return rows;
}
