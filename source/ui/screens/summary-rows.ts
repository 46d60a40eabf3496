// What the step column shows when no step is left to do: the run's outcome, or the
// scheduled checks still ahead (monitoring).

import type { Position } from '../../run/navigation';
import type { RunState } from '../../run/state';
import { clock, plural, spread } from '../text';
import type { Row } from './step-rows';

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

export function summaryRows(state: RunState, position: Position, now: Date, width: number, readOnly: boolean): Row[] {
  const rows: Row[] = [];
  const failed = state.summaries.filter((s) => state.steps[s.id]?.status === 'failed');
  if (position.kind === 'waiting') {
    rows.push({ text: 'MONITORING: only scheduled checks are ahead', bold: true, tone: 'accent' });
    for (const d of position.due) {
      const title = state.summaries.find((s) => s.id === d.step)?.title ?? d.step;
      rows.push({ text: spread(`⏱ ${title}`, `in ${clock(Date.parse(d.dueAt) - now.getTime())}`, width) });
    }
    rows.push({ text: 'A check comes up here when it is due.', tone: 'muted' });
    if (!readOnly) rows.push({ text: 'Or q now, and `runbook resume` then (`runbook list --due` says when).', tone: 'muted' });
  } else {
    const ended = state.lifecycle === 'completed' || state.lifecycle === 'aborted';
    rows.push({ text: ended ? `RUN ${state.lifecycle.toUpperCase()}` : 'EVERY STEP IS DONE', bold: true, tone: failed.length > 0 ? 'bad' : 'ok' });
    rows.push({ text: counts(state) });
    if (!ended && !readOnly) rows.push({ text: 'q: finish the run (the report is then ready: runbook report JOURNAL)', tone: 'accent' });
  }
  for (const c of state.comparisons) rows.push({ text: `${c.passed ? '✔' : '✘'} comparison ${c.name}: ${c.summary}`, tone: c.passed ? 'ok' : 'bad' });
  if (failed.length > 0) rows.push({ text: `${plural(failed.length, 'step')} failed:`, tone: 'bad' });
  for (const s of failed) rows.push({ text: `  ✘ ${s.title}${state.steps[s.id]?.error ? ` · ${state.steps[s.id]?.error}` : ''}`, tone: 'bad' });
  return rows;
}
