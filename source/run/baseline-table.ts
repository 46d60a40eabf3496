// The seed's "Baseline Values" table (Metric | Pre-Deploy Value | Post-Deploy Value | Status)
// filled from a capture, the compare's result sets and the comparison between them.
//
// A metric names either a column of a single-row result set ("latest_audit_event_id") or a
// row of a (name, count) result set ("policies count" → the row keyed `policies`).

import type { Cell, ResultSet } from './results';
import type { Comparison, RowDiff } from './compare';
import { cellText, formatDelta } from './compare-cells';
import { columnNames, SINGLE_ROW_KEY } from './compare-rows';

export interface BaselineTableRow {
  metric: string;
  pre: string;
  post: string;
  status: string;
}

interface Located {
  statement: number;
  /** The row's key as the comparison names it. */
  key: string;
  column: string;
  value: Cell;
}

function snake(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const COUNT_SUFFIX = /\s+(count|rows|row count)$/i;

function locate(metric: string, sets: ResultSet[]): Located | null {
  const column = snake(metric);
  for (const set of sets) {
    if (set.rows.length !== 1) continue;
    const names = columnNames(set);
    const i = names.findIndex((name) => snake(name) === column);
    if (i >= 0) return { statement: set.statement, key: SINGLE_ROW_KEY, column: names[i]!, value: set.rows[0]?.[i] ?? null };
  }
  const wanted = [metric.replace(COUNT_SUFFIX, ''), metric].map((m) => m.trim().toLowerCase());
  for (const set of sets) {
    if (set.columns.length < 2) continue;
    const names = columnNames(set);
    const countAt = names.findIndex((name, i) => i > 0 && name.toLowerCase() === 'count');
    const at = countAt >= 0 ? countAt : names.length - 1;
    for (const name of wanted) {
      const row = set.rows.find((r) => r[0] !== null && r[0] !== undefined && cellText(r[0]).toLowerCase() === name);
      if (row !== undefined) return { statement: set.statement, key: cellText(row[0] ?? null), column: names[at]!, value: row[at] ?? null };
    }
  }
  return null;
}

function findRow(comparison: Comparison, spot: Located): RowDiff | undefined {
  const set = comparison.resultSets.find((s) => s.statement === spot.statement && s.rows.length > 0);
  if (set === undefined) return undefined;
  return set.rows.find((row) => row.key === spot.key) ?? set.rows.find((row) => row.key.startsWith(`${spot.key} / `));
}

function statusOf(row: RowDiff | undefined, column: string): string {
  if (row === undefined) return 'not re-measured';
  switch (row.status) {
    case 'not-remeasured':
      return 'not re-measured';
    case 'missing':
      return '✘ missing';
    case 'added':
      return '✘ added';
    case 'unchanged':
    case 'changed': {
      const cell = row.cells.find((c) => c.column.toLowerCase() === column.toLowerCase());
      if (cell === undefined || cell.status === 'equal') return '✔ unchanged';
      if (cell.status === 'ignored') return '✔ not compared';
      const delta = cell.delta === undefined ? '' : ` (${formatDelta(cell.delta)})`;
      return `${cell.passed ? '✔' : '✘'} changed${delta}`;
    }
    default: {
      const never: never = row.status;
      return String(never);
    }
  }
}

export function baselineTableRows(
  metrics: string[],
  capture: ResultSet[],
  comparison: Comparison | null,
  after: ResultSet[] | null,
): BaselineTableRow[] {
  return metrics.map((metric) => {
    const before = locate(metric, capture);
    const now = after === null ? null : locate(metric, after);
    const row = before === null || comparison === null ? undefined : findRow(comparison, before);
    return {
      metric,
      pre: before === null ? '' : cellText(before.value),
      post: now === null ? '' : cellText(now.value),
      status: before === null || comparison === null ? '' : statusOf(row, before.column),
    };
  });
}
