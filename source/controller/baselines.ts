// Captures and comparisons: the before/after proof. A capture stores every result set of
// its step with a digest of their canonical form; a compare diffs against it.

import { createHash } from 'node:crypto';
import type { Step } from '../runbook/model';
import type { ResultSet } from '../run/results';
import { canonicalResultSets, compareResultSets, formatComparison, parseColumnRules } from '../run/compare';
import type { CaptureRecord } from '../run/state';
import type { StepContext } from './step-context';

/** What captures and comparisons use of the run. */
type BaselineContext = Pick<StepContext, 'state' | 'step' | 'append' | 'journal' | 'emitOutput'>;

export function digestOf(sets: ResultSet[]): string {
  return createHash('sha256').update(canonicalResultSets(sets)).digest('hex');
}

/** `queries`: the statements as run, so a later compare can tell whether it re-runs them. */
export function storeCapture(ctl: BaselineContext, step: Step, resultSets: ResultSet[], queries?: string[]): void {
  const name = step.annotations.capture;
  if (!name) return;
  ctl.append('capture.stored', { name, step: step.id, resultSets, digest: digestOf(resultSets), ...(queries ? { queries } : {}) });
}

/** A shell step's capture: its output lines as a one-column result set. */
export function storeShellCapture(ctl: BaselineContext, step: Step, output: string): void {
  const lines = output.split('\n').filter((l) => l.length > 0);
  storeCapture(ctl, step, [{ statement: 0, command: 'OUTPUT', columns: [{ name: 'line', type: 'text' }], rows: lines.map((l) => [l]), rowCount: lines.length }]);
}

/** `baseline captured again at …, with other rows than at …` */
function recaptured(capture: CaptureRecord): string {
  return `baseline ${capture.name} captured again at ${capture.at}, with other rows than first captured at ${capture.first?.at ?? '?'}`;
}

/** The comparison's summary says so wherever it is read: its query is the operator's, not the runbook's. */
export const EDITED_COMPARE = "compared what the SQL the operator edited before it ran returned, not the runbook's query";

/**
 * Compares against the named capture, journals the comparison, and says whether it passed.
 * `edited`: the operator changed the step's SQL before it ran.
 */
export function compareWithCapture(ctl: BaselineContext, step: Step, current: ResultSet[], queries: string[], edited = false): boolean {
  const name = step.annotations.compare;
  if (!name) return true;
  const capture = ctl.state.captures[name];
  if (!capture) {
    const text = `no capture named ${name} in this run yet: run the step that captures it first\n`;
    ctl.journal.appendOutput(step.id, 'stderr', text);
    ctl.emitOutput(step.id, 'stderr', text);
    return false;
  }
  const against = (baseline: Omit<CaptureRecord, 'first'>) =>
    compareResultSets(baseline.resultSets, current, {
      ...(step.annotations.key ? { key: step.annotations.key } : {}),
      rules: step.annotations.rules ? parseColumnRules(step.annotations.rules) : {},
      // A capture journaled before captures kept their queries: its step's statements in the file.
      queries: { baseline: baseline.queries ?? (ctl.step(baseline.step)?.statements ?? []).map((st) => st.text), current: queries },
    });
  const latest = against(capture);
  // Captured again with other rows (after the change, it may be): the first baseline must hold
  // too, and where it does not, that diff is the one journaled and shown (with its digest).
  const first = capture.first === undefined ? null : against(capture.first);
  const shown = first !== null && !first.passed ? { baseline: capture.first ?? capture, diff: first, other: latest, which: 'the latest' } : { baseline: capture, diff: latest, other: first, which: 'the baseline as first captured' };
  const passed = latest.passed && (first?.passed ?? true);
  const notes = [
    ...(shown.other === null ? [] : [`${recaptured(capture)}; against ${shown.which}: ${shown.other.summary}`]),
    ...(edited ? [EDITED_COMPARE] : []),
  ];
  const head = passed || shown.diff.summary.startsWith('failed:') ? shown.diff.summary : shown.diff.summary.replace(/^passed:/, 'failed:');
  const summary = [head, ...notes].join('; ');
  const comparison = { ...shown.diff, passed };
  const text = `${formatComparison(shown.diff, 100).join('\n')}\n${notes.map((note) => `! ${note}\n`).join('')}`;
  ctl.journal.appendOutput(step.id, comparison.passed ? 'stdout' : 'stderr', text);
  ctl.emitOutput(step.id, comparison.passed ? 'stdout' : 'stderr', text);
  ctl.append('comparison.made', {
    name,
    step: step.id,
    passed: comparison.passed,
    baselineDigest: shown.baseline.digest,
    digest: digestOf(current),
    summary,
    rows: comparison.resultSets,
  });
  return comparison.passed;
}
