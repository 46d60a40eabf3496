// Baselines side by side with their comparisons: each capture's result sets as tables, each
// comparison's diff rows and summary, and the runbook's "Baseline Values" table filled.

import { cellText } from '../run/compare-cells';
import type { Report, ReportCapture, ReportComparison, ReportDiffSet, ReportResultSet } from './model';
import { code, type Headings, headingText, table, text, time } from './md';
import type { StepRef } from './markdown-steps';

/** Rows of a captured result set shown in Markdown; the JSON report keeps them all. */
export const SHOWN_ROWS = 50;
const MAX_CELL = 200;

function cell(value: string): string {
  const chars = [...value];
  return text(chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join('')}…` : value);
}

function resultSetBlock(rs: ReportResultSet): string[] {
  const label = `Statement ${rs.statement + 1}`;
  if (rs.columns.length === 0) return [`${label}: ${text(rs.command)} ${rs.rowCount}.`, ''];
  const kept = rs.rows.length;
  const omitted = rs.omitted?.count ?? 0;
  // The first rows only: a big result's kept rows have a gap before its last ones.
  const first = omitted > 0 ? (rs.omitted?.at ?? 0) : kept;
  const shown = rs.rows.slice(0, Math.min(SHOWN_ROWS, first));
  const rows = shown.map((row) => rs.columns.map((_, i) => cell(cellText(row[i] ?? null))));
  const out = [`${label} (${text(rs.command)}, ${rs.rowCount} ${rs.rowCount === 1 ? 'row' : 'rows'}):`, '', ...table(rs.columns.map(cell), rows), ''];
  if (kept + omitted > shown.length) {
    const json = omitted > 0 ? `the first ${first} and the last ${kept - first}` : 'them all';
    out.push(`… ${kept + omitted - shown.length} more rows; the JSON report has ${json}.`, '');
  }
  if (omitted > 0 && rs.digest) out.push(`All ${kept + omitted} rows are in the capture's digest (SHA-256 of every row: ${code(rs.digest)}).`, '');
  return out;
}

function diffSetBlock(set: ReportDiffSet): string[] {
  const verdict = set.passed ? '✔ passed' : '✘ failed';
  const key = set.keyColumn === '' ? '' : set.keyColumn === '(single row)' ? ' · compared as a single row' : ` · rows matched on ${code(set.keyColumn)}`;
  const out: string[] = [];
  if (set.rows.length === 0 && set.unchangedOmitted === 0) {
    out.push(`Statement ${set.statement + 1}${key} · ${verdict}${set.notRemeasured > 0 ? ` · ${set.notRemeasured} rows not re-measured` : ''}.`, '');
  } else {
    out.push(`Statement ${set.statement + 1}${key} · ${verdict}:`, '');
    const rows = set.rows.map((r) => [cell(r.key), cell(r.column), cell(r.before), cell(r.after), r.delta === null ? '' : text(r.delta), text(r.status)]);
    out.push(...table(['Key', 'Column', 'Before', 'After', 'Delta', 'Status'], rows), '');
    const rest: string[] = [];
    if (set.unchangedOmitted > 0) rest.push(`${set.unchangedOmitted} unchanged rows not listed`);
    if (set.notRemeasured > 0) rest.push(`${set.notRemeasured} rows not re-measured`);
    if (rest.length > 0) out.push(`${rest.join('; ')}.`, '');
  }
  if (set.notes.length > 0) out.push(...set.notes.map((n) => `- Note: ${text(n)}`), '');
  return out;
}

function comparisonBlock(c: ReportComparison, headings: Headings, level: number, ref: StepRef): string[] {
  const verdict = c.passed ? '✔ passed' : '✘ FAILED';
  const against = c.againstCapture ? 'against this capture' : `against an earlier capture (baseline digest ${code(c.baselineDigest)})`;
  const out = [
    headings.line(level, headingText(`Comparison with ${c.name} at ${time(c.at)}, ${c.passed ? 'passed' : 'failed'}`)),
    '',
    `${verdict} · made by ${ref(c.step, c.stepTitle)} ${against} · result digest ${code(c.digest)}`,
    '',
    `Summary: ${text(c.summary)}`,
    '',
  ];
  for (const set of c.resultSets) out.push(...diffSetBlock(set));
  return out;
}

function captureBlock(capture: ReportCapture, comparisons: ReportComparison[], headings: Headings, ref: StepRef): string[] {
  const out = [
    headings.line(3, headingText(`Capture ${capture.name}`)),
    '',
    `Taken by ${ref(capture.step, capture.stepTitle)} at ${time(capture.at)} · digest ${code(capture.digest)}`,
    '',
  ];
  for (const rs of capture.resultSets) out.push(...resultSetBlock(rs));
  const first = capture.first;
  if (first !== undefined) {
    // A baseline taken again after the change ran would make any change pass: show the first.
    out.push(
      `⚠ Captured again: the baseline above is as captured at ${time(capture.at)}; it was first captured at ${time(first.at)} with other rows (digest ${code(first.digest)}), as below. A baseline captured after the change ran hides the change.`,
      '',
    );
    for (const rs of first.resultSets) out.push(...resultSetBlock(rs));
  }
  for (const c of comparisons) out.push(...comparisonBlock(c, headings, 4, ref));
  if (comparisons.length === 0) out.push('Not compared yet.', '');
  return out;
}

function baselineValuesBlock(report: Report, headings: Headings): string[] {
  return report.baselineValues.flatMap((values) => {
    const compared = values.comparedAt === null ? 'not compared yet' : `compared at ${time(values.comparedAt)}`;
    const rows = values.rows.map((r) => [cell(r.metric), cell(r.pre), cell(r.post), cell(r.status)]);
    return [
      headings.line(3, headingText(`Baseline Values (runbook line ${values.line})`)),
      '',
      `The runbook's table, filled from capture ${code(values.capture)}, ${compared}.`,
      '',
      ...table(['Metric', 'Pre-Deploy', 'Post-Deploy', 'Status'], rows),
      '',
    ];
  });
}

export function baselinesSection(report: Report, headings: Headings, ref: StepRef): string[] {
  if (report.captures.length === 0 && report.comparisons.length === 0) return [];
  const out = [headings.line(2, 'Baselines'), ''];
  const captured = new Set(report.captures.map((c) => c.name));
  for (const capture of report.captures) out.push(...captureBlock(capture, report.comparisons.filter((c) => c.name === capture.name), headings, ref));
  const orphans = report.comparisons.filter((c) => !captured.has(c.name));
  for (const c of orphans) out.push(...comparisonBlock(c, headings, 3, ref));
  out.push(...baselineValuesBlock(report, headings));
  return out;
}
