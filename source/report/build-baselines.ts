// Captures and comparisons for the report: the captured tables, and each comparison's
// diff as rows of key · column · before → after · delta · status.

import type { CellDiff, ResultSetDiff, RowDiff } from '../run/compare';
import { cellText, formatDelta } from '../run/compare-cells';
import type { RunState } from '../run/state';
import { asComparison } from './baseline-values';
import type { ResultSet } from '../run/results';
import type { ReportCapture, ReportComparison, ReportDiffRow, ReportDiffSet, ReportResultSet } from './model';

/** Above this many rows in a set, unchanged rows are counted rather than listed. */
export const LISTED_UNCHANGED = 30;

function rowStatus(row: RowDiff, cell: CellDiff | undefined): string {
  switch (row.status) {
    case 'unchanged':
      return cell?.status === 'ignored' ? 'ignored' : 'unchanged';
    case 'changed':
      if (cell === undefined || cell.status === 'equal') return 'unchanged';
      if (cell.status === 'ignored') return 'ignored';
      return cell.passed ? '✔ changed within its rule' : '✘ changed';
    case 'added':
      return '✘ added';
    case 'missing':
      return '✘ missing';
    case 'not-remeasured':
      return 'not re-measured';
    default: {
      const never: never = row.status;
      return String(never);
    }
  }
}

function diffRows(row: RowDiff): ReportDiffRow[] {
  if (row.cells.length === 0) {
    return [{ key: row.key, column: '', before: '', after: '', delta: null, status: rowStatus(row, undefined), passed: row.passed }];
  }
  return row.cells.map((cell) => ({
    key: row.key,
    column: cell.column,
    before: row.status === 'added' ? '' : cellText(cell.before),
    after: row.status === 'missing' || row.status === 'not-remeasured' ? '' : cellText(cell.after),
    delta: cell.delta === undefined ? null : formatDelta(cell.delta),
    status: rowStatus(row, cell),
    passed: cell.passed,
  }));
}

function diffSet(set: ResultSetDiff): ReportDiffSet {
  const notRemeasured = set.rows.filter((r) => r.status === 'not-remeasured').length;
  const measured = set.rows.filter((r) => r.status !== 'not-remeasured');
  const quiet = measured.length > LISTED_UNCHANGED;
  const listed = quiet ? measured.filter((r) => r.status !== 'unchanged') : measured;
  return {
    statement: set.statement,
    keyColumn: set.keyColumn,
    passed: set.passed,
    notes: set.notes,
    rows: listed.flatMap(diffRows),
    unchangedOmitted: measured.length - listed.length,
    notRemeasured,
  };
}

function resultSets(sets: ResultSet[]): ReportResultSet[] {
  return sets.map((rs) => ({
    statement: rs.statement,
    command: rs.command,
    columns: rs.columns.map((col) => col.name),
    rows: rs.rows,
    rowCount: rs.rowCount,
    ...(rs.omitted ? { omitted: rs.omitted } : {}),
    ...(rs.digest ? { digest: rs.digest } : {}),
  }));
}

export function reportCaptures(state: RunState, titleOf: (step: string) => string): ReportCapture[] {
  return Object.values(state.captures).map((c) => ({
    name: c.name,
    step: c.step,
    stepTitle: titleOf(c.step),
    at: c.at,
    digest: c.digest,
    resultSets: resultSets(c.resultSets),
    ...(c.first ? { first: { at: c.first.at, digest: c.first.digest, resultSets: resultSets(c.first.resultSets) } } : {}),
  }));
}

export function reportComparisons(state: RunState, titleOf: (step: string) => string): ReportComparison[] {
  return state.comparisons.map((c) => {
    const comparison = asComparison(c);
    return {
      name: c.name,
      step: c.step,
      stepTitle: titleOf(c.step),
      at: c.at,
      passed: c.passed,
      summary: c.summary,
      baselineDigest: c.baselineDigest,
      digest: c.digest,
      againstCapture: state.captures[c.name]?.digest === c.baselineDigest,
      resultSets: comparison === null ? [] : comparison.resultSets.map(diffSet),
    };
  });
}
