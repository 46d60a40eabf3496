// The rows that say how a step stands beyond its text: its expectation and whether it held,
// then its notes (a placeholder to fill, a rollback hint, a skip, a runner gone, what its
// comparison found, its error, the operator's last note). Pure.

import type { StepView } from './step-view';
import { wrapRows, type Row } from './row';
import { runsInTerminal } from '../../runbook/interactive';
import { describeOutlived, outlivedOf } from '../../run/outlived';

/** The expectation's text (`Expected: …`), the verdict that ends it (held, not met, to judge) and its tone. */
function expectationParts(v: StepView): { text: string; verdict: string; tone: Row['tone'] } | null {
  const text = v.st.expectation?.text ?? v.step?.expectation?.text;
  if (!text) return null;
  const result = v.st.expectation?.result;
  // A STOP condition an answer met: "✘ not met" would read as "no need to stop".
  if (result === 'failed' && v.step?.kind === 'input' && /^(?:stop|abort|halt|do not proceed|don't proceed)\b/i.test(text)) return { text, verdict: ' ✘ met', tone: 'bad' };
  const verdict = result === 'passed' ? ' ✔ held' : result === 'failed' ? ' ✘ not met' : result === 'manual' ? (v.watching ? " ? the operator's to judge" : ' ? you judge (p/f)') : v.step?.expectation && !v.step.expectation.auto ? '  (you judge)' : '';
  return { text: `Expected: ${text}`, verdict, tone: result === 'passed' ? 'ok' : result === 'failed' ? 'bad' : result === 'manual' ? 'warn' : 'plain' };
}

export function expectationRow(v: StepView): Row | null {
  const parts = expectationParts(v);
  return parts && { text: `${parts.text}${parts.verdict}`, tone: parts.tone };
}

/** A row's text flowing at `width`: each of its lines, and each line's continuation, two in. */
export function flowRows(row: Row, width: number): Row[] {
  const { text, ...style } = row;
  return text.split('\n').flatMap((line, i) => wrapRows(i === 0 ? line : `  ${line}`, width, '  ', style));
}

/** Rows of the expectation kept to this many; x shows it whole. */
export const EXPECTATION_ROWS = 3;

/** The expectation flowing over a few rows; cut, its last row still says its verdict. */
export function expectationRows(v: StepView, width: number, most: number): { rows: Row[]; cut: boolean } {
  const parts = expectationParts(v);
  if (!parts) return { rows: [], cut: false };
  const rows = flowRows({ text: `${parts.text}${parts.verdict}`, tone: parts.tone }, width);
  if (rows.length <= most) return { rows, cut: false };
  const shown = flowRows({ text: parts.text, tone: parts.tone }, width).slice(0, most - 1);
  return { rows: [...shown, ...wrapRows(`  …${parts.verdict}`, width, '  ', { tone: parts.tone })], cut: true };
}

export function noteRows(v: StepView): Row[] {
  const rows: Row[] = [];
  const placeholders = v.placeholders ?? v.step?.placeholders ?? [];
  if (placeholders.length > 0 && v.edited === undefined && v.st.status === 'pending') {
    rows.push({ text: `! placeholder ${placeholders.join(', ')}: enter asks you to edit it`, tone: 'warn' });
  }
  if (v.step?.rollbackHint) rows.push({ text: `Rollback: ${v.step.rollbackHint}`, tone: 'muted' });
  // A step that had the terminal printed there, and the screen then covered it: an empty
  // output would read as a step that printed nothing.
  if (v.step?.kind === 'shell' && runsInTerminal(v.step) && (v.st.status === 'passed' || v.st.status === 'failed') && v.st.outputLines === 0) {
    rows.push({ text: 'it had the terminal: its output is not recorded', tone: 'muted' });
  }
  if (v.st.skipReason) rows.push({ text: `↷ skipped: ${v.st.skipReason}`, tone: 'muted' });
  const outlived = outlivedOf(v.state, v.st.id);
  if (outlived) {
    // Short rows: the step panel may be narrow, and each says one thing.
    rows.push({ text: `! ${describeOutlived(outlived).replace(/^still running/, 'STILL RUNNING')}`, tone: 'warn' });
    rows.push({ text: '  its runner went away; nothing starts it again', tone: 'warn' });
    rows.push({ text: '  w wait · t stop (TERM, then KILL) · p mark done', tone: 'warn' });
  } else if (v.st.status === 'interrupted') rows.push({ text: '! INTERRUPTED: running when the run stopped; NOT done', tone: 'warn' });
  // What the comparison found, where the step stands: the error alone said only that it failed.
  const comparison = v.state.comparisons.filter((c) => c.step === v.st.id).at(-1);
  if (comparison) rows.push({ text: `${comparison.passed ? '✔' : '✘'} compare ${comparison.name}: ${comparison.summary}`, tone: comparison.passed ? 'ok' : 'bad' });
  if (v.st.error && !(comparison && v.st.error === `comparison with ${comparison.name} failed`)) rows.push({ text: `✘ ${v.st.error}`, tone: 'bad' });
  const last = v.st.notes.at(-1);
  if (last) rows.push({ text: `note${v.st.notes.length > 1 ? ` (${v.st.notes.length})` : ''}: ${last}`, tone: 'muted' });
  return rows;
}
