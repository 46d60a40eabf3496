// Baselines: a capture's result sets against the same (or a narrower) query re-run later.
//
// Matching rules (PRODUCT.md §1 "Baselines"):
// - Result sets pair by statement position when their columns agree; a compare step whose
//   statements differ from the capture's (the sprint-3 seed's §4.1 re-counts 3 of §1.2's
//   tables, then runs orphan checks) pairs each of its result sets with the first captured
//   one that has the same columns. Captured sets left unpaired are not re-measured; compare
//   sets with no captured counterpart are not compared (their own expectations judge them).
// - Rows pair on the key column: `key=` or the first column, widened with the next columns
//   while it repeats (GROUP BY results). When both sides hold at most one row whose first
//   cell is a number (MAX(id), COUNT(*)) or the only column, and no `key=` is given, the
//   row is compared as a whole, key "(single row)".
// - `subset` is the caller's "the compare SQL is not the capture SQL". Then baseline rows
//   the compare does not return are not re-measured (pass) and missing/extra columns are
//   notes; with the same SQL an absent row is missing and a column change fails.
// - A row only the compare returns is added: always a failure (a count table that grows a
//   row, a trigger that appears). Use `ignore` rules or a narrower query to accept it.

import { canonicalCell, rowsReturned, type Cell, type ResultSet } from './results';
import { cellText, formatDelta } from './compare-cells';
import { columnNames, diffResultSet, notRemeasured, SINGLE_ROW_KEY } from './compare-rows';
import { sameQueries } from './compare-sql';

export { formatComparison } from './compare-format';
export { baselineTableRows, type BaselineTableRow } from './baseline-table';
export { SCHEMA_SIGNATURE_SQL } from './schema-signature';

export type ColumnRule = 'equal' | 'delta' | 'ignore' | '>=';
const RULES: readonly ColumnRule[] = ['equal', 'delta', 'ignore', '>='];

export interface CompareOptions {
  /** Column rows are matched on (`key=`); default the first column. */
  key?: string;
  /** Per-column rules (`rules=count:delta`); default `equal`. */
  rules?: Record<string, ColumnRule>;
  /** The compare SQL differs from the capture SQL: it may measure a subset. */
  subset?: boolean;
  /**
   * The statements each side ran. Without `subset`, the compare is a subset exactly when
   * they differ once normalised (compare-sql.ts); a subset still has to return the keys
   * its own SQL names as literals.
   */
  queries?: { baseline: readonly string[]; current: readonly string[] };
}

/** Options for one pair of result sets: the compare's own statement, when known. */
export interface SetCompareOptions extends CompareOptions {
  ownSql?: string;
}

/**
 * One cell of a matched row. For a row on one side only (added, missing, not re-measured)
 * the absent side is null and the status says changed (added/missing) or ignored.
 */
export type CellDiff = { column: string; status: 'equal' | 'changed' | 'ignored'; before: Cell; after: Cell; delta?: number; passed: boolean };

export interface RowDiff {
  key: string;
  status: 'unchanged' | 'changed' | 'added' | 'missing' | 'not-remeasured';
  cells: CellDiff[];
  passed: boolean;
}

export interface ResultSetDiff {
  /** The captured statement's index (the compare's own index when it has no capture). */
  statement: number;
  /** Columns present on both sides. */
  columns: string[];
  /** Key column(s) joined with ', ', or "(single row)". */
  keyColumn: string;
  rows: RowDiff[];
  passed: boolean;
  notes: string[];
  /**
   * A big result on either side (only its first and last rows kept): the rows each side
   * returned, and whether their whole-set digests prove them identical (null: no digest).
   */
  whole?: { before: number; after: number; identical: boolean | null };
}

export interface Comparison {
  passed: boolean;
  resultSets: ResultSetDiff[];
  summary: string;
}

/** `count:delta,occurred_at:ignore` → rules; throws a one-line error on an unknown rule. */
export function parseColumnRules(text: string): Record<string, ColumnRule> {
  const rules: Record<string, ColumnRule> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const at = part.lastIndexOf(':');
    const column = part.slice(0, at).trim();
    const rule = part.slice(at + 1).trim();
    if (at <= 0 || column === '') throw new Error(`compare rule "${part}" should read column:rule`);
    if (!(RULES as readonly string[]).includes(rule)) {
      throw new Error(`unknown compare rule "${rule}" for column ${column} (use ${RULES.join(', ')})`);
    }
    rules[column] = rule as ColumnRule;
  }
  return rules;
}

function sameColumns(a: ResultSet, b: ResultSet): boolean {
  const x = columnNames(a).map((n) => n.toLowerCase()).sort();
  const y = columnNames(b).map((n) => n.toLowerCase()).sort();
  return x.length === y.length && x.every((n, i) => n === y[i]);
}

function firstColumn(set: ResultSet): string | undefined {
  return set.columns[0]?.name.toLowerCase();
}

/** current index → baseline index */
function pairSets(baseline: ResultSet[], current: ResultSet[], subset: boolean): Map<number, number> {
  const pairs = new Map<number, number>();
  const taken = new Set<number>();
  const link = (c: number, b: number) => {
    pairs.set(c, b);
    taken.add(b);
  };
  current.forEach((set, i) => {
    const b = baseline[i];
    if (b !== undefined && sameColumns(b, set)) link(i, i);
  });
  current.forEach((set, i) => {
    if (pairs.has(i)) return;
    const j = baseline.findIndex((b, k) => !taken.has(k) && sameColumns(b, set));
    if (j >= 0) link(i, j);
  });
  current.forEach((set, i) => {
    const b = baseline[i];
    if (pairs.has(i) || b === undefined || taken.has(i)) return;
    if (!subset || (firstColumn(b) !== undefined && firstColumn(b) === firstColumn(set))) link(i, i);
  });
  return pairs;
}

function notCompared(set: ResultSet, subset: boolean): ResultSetDiff {
  const quiet = subset || set.columns.length === 0;
  return {
    statement: set.statement,
    columns: columnNames(set),
    keyColumn: '',
    rows: [],
    passed: quiet,
    notes: [subset || quiet ? 'no captured result set with these columns: not compared' : 'not in the capture'],
  };
}

export function compareResultSets(baseline: ResultSet[], current: ResultSet[], options: CompareOptions = {}): Comparison {
  const queries = options.queries;
  const subset = options.subset ?? (queries !== undefined && !sameQueries(queries.baseline, queries.current));
  const pairs = pairSets(baseline, current, subset);
  const byBaseline = new Map([...pairs].map(([c, b]) => [b, c]));
  const resultSets: ResultSetDiff[] = baseline.map((set, b) => {
    const c = byBaseline.get(b);
    const other = c === undefined ? undefined : current[c];
    if (other === undefined) return notRemeasured(set);
    const ownSql = queries?.current[other.statement];
    return diffResultSet(set, other, { ...options, subset, ...(ownSql === undefined ? {} : { ownSql }) });
  });
  current.forEach((set, c) => {
    if (!pairs.has(c)) resultSets.push(notCompared(set, subset));
  });
  // A compare that re-measured none of the baseline's rows proves nothing: a renamed column
  // (`AS row_count`) pairs no result set, and every baseline row would read "not re-measured".
  const nothing = baseline.some((set) => rowsReturned(set) > 0) && !resultSets.some(measuredAny);
  const passed = !nothing && resultSets.every((set) => set.passed);
  return { passed, resultSets, summary: summarize(resultSets, passed, nothing) };
}

function measuredAny(set: ResultSetDiff): boolean {
  return set.whole !== undefined || set.rows.some((row) => row.status !== 'not-remeasured');
}

const LISTED = 5;

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function listed(items: string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown} … and ${items.length - LISTED} more` : shown;
}

function changeLabel(row: RowDiff): string {
  const cells = row.cells.filter((cell) => cell.status === 'changed');
  const first = cells[0];
  const what =
    first === undefined
      ? ''
      : `${first.column} ${cellText(first.before)} → ${cellText(first.after)}${first.delta === undefined ? '' : ` (${formatDelta(first.delta)})`}`;
  const more = cells.length > 1 ? ` +${cells.length - 1} more` : '';
  if (row.key === SINGLE_ROW_KEY) return `${what}${more}`;
  return `${row.key} (${what}${more})`;
}

function summarize(sets: ResultSetDiff[], passed: boolean, nothing: boolean): string {
  const rows = sets.flatMap((set) => set.rows);
  const of = (status: RowDiff['status']) => rows.filter((row) => row.status === status);
  const parts: string[] = [];
  if (nothing) parts.push("nothing re-measured: no result set of this step pairs with the capture's (its columns differ)");
  const missing = of('missing');
  if (missing.length > 0) parts.push(`${plural(missing.length, 'row')} missing: ${listed(missing.map((r) => r.key))}`);
  const added = of('added');
  if (added.length > 0) parts.push(`${plural(added.length, 'row')} added: ${listed(added.map((r) => r.key))}`);
  const changed = of('changed');
  const failing = changed.filter((row) => !row.passed);
  if (failing.length > 0) parts.push(`${plural(failing.length, 'row')} changed: ${listed(failing.map(changeLabel))}`);
  const allowed = changed.filter((row) => row.passed);
  if (allowed.length > 0) parts.push(`${plural(allowed.length, 'row')} changed within its rules: ${listed(allowed.map(changeLabel))}`);
  for (const set of sets) {
    const structural = set.rows.every((row) => row.passed) && !set.passed;
    if (structural) parts.push(`statement ${set.statement + 1}: ${set.notes.join('; ')}`);
  }
  // A big set proven identical by its digest counts every row it returned, not the kept ones.
  const unchanged = sets.reduce((n, set) => n + (set.whole?.identical ? set.whole.after : set.rows.filter((row) => row.status === 'unchanged').length), 0);
  if (unchanged > 0) parts.push(`${unchanged} unchanged`);
  const skipped = of('not-remeasured').length;
  if (skipped > 0) parts.push(`${skipped} not re-measured`);
  if (parts.length === 0) parts.push('nothing to compare');
  return `${passed ? 'passed' : 'failed'}: ${parts.join('; ')}`;
}

/**
 * The canonical text a capture's digest is taken over: per result set its column names and
 * types in order and its rows in order — as the rows' own digest and count where the
 * executor hashed them as they streamed (every row, kept or not), else the rows themselves.
 */
export function canonicalResultSets(sets: ResultSet[]): string {
  return JSON.stringify(
    sets.map((set) => ({
      columns: set.columns.map((column) => [column.name, column.type]),
      ...(set.digest === undefined ? { rows: set.rows.map((row) => row.map(canonicalCell)) } : { rowCount: rowsReturned(set), digest: set.digest }),
    })),
  );
}
