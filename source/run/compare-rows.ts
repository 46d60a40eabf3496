// One result set of a capture against the same statement re-run: rows matched by key,
// cells judged by the column rules.

import { isWhole, rowsReturned, type Cell, type ResultSet } from './results';
import { checkWholeSets } from './compare-big';
import type { CellDiff, ColumnRule, ResultSetDiff, RowDiff, SetCompareOptions } from './compare';
import { atLeast, cellText, isTextColumn, numericDelta, numericText, sameCell } from './compare-cells';
import { isNamedKey, namedKeys } from './compare-sql';

export const SINGLE_ROW_KEY = '(single row)';
export const NOT_REMEASURED = 'not re-measured by this step';

/** Column names made unique (`count`, `count#2`) so a cell is found by name. */
export function columnNames(set: ResultSet): string[] {
  const seen = new Map<string, number>();
  return set.columns.map((column) => {
    const n = (seen.get(column.name) ?? 0) + 1;
    seen.set(column.name, n);
    return n === 1 ? column.name : `${column.name}#${n}`;
  });
}

interface Indexed {
  names: string[];
  /** lower-cased name → column index */
  at: Map<string, number>;
  rows: Cell[][];
}

function indexed(set: ResultSet): Indexed {
  const names = columnNames(set);
  return { names, at: new Map(names.map((name, i) => [name.toLowerCase(), i])), rows: set.rows };
}

function typeOf(set: ResultSet, table: Indexed, column: string): string | undefined {
  const i = table.at.get(column.toLowerCase());
  return i === undefined ? undefined : set.columns[i]?.type;
}

function value(table: Indexed, row: Cell[], column: string): Cell {
  const i = table.at.get(column.toLowerCase());
  return i === undefined ? null : (row[i] ?? null);
}

/** A row's key as shown: its key cells joined (`decision / true`). */
function keyOf(table: Indexed, row: Cell[], keys: string[]): string {
  return keys.map((k) => cellText(value(table, row, k))).join(' / ');
}

/**
 * A row's key as matched: the cells themselves, not their joined text, so ('a / b', 'c') and
 * ('a', 'b / c') never pair, nor SQL NULL with the text shown for it. 12 and '12' do.
 */
function idOf(table: Indexed, row: Cell[], keys: string[]): string {
  return JSON.stringify(keys.map((k) => {
    const cell = value(table, row, k);
    return cell === null ? null : String(cell);
  }));
}

function unique(table: Indexed, keys: string[]): boolean {
  const seen = new Set(table.rows.map((row) => idOf(table, row, keys)));
  return seen.size === table.rows.length;
}

/**
 * The first column (or `key=`), widened with the next columns while it repeats in either
 * side: a GROUP BY result (decision_type, is_hard_override, count) is keyed on its groups.
 * The last column is the measure and never joins the key.
 */
function chooseKey(shared: string[], before: Indexed, after: Indexed, explicit: string | undefined, notes: string[]): string[] {
  if (explicit !== undefined) {
    const found = shared.find((c) => c.toLowerCase() === explicit.toLowerCase());
    if (found !== undefined) {
      if (!unique(before, [found]) || !unique(after, [found])) notes.push(`key column ${found} repeats; rows with the same key are matched in order`);
      return [found];
    }
    notes.push(`key column ${explicit} is not in this result set; rows matched on ${shared[0] ?? '(none)'}`);
  }
  const keys = shared.slice(0, 1);
  for (let i = 1; i < shared.length - 1 && !(unique(before, keys) && unique(after, keys)); i++) keys.push(shared[i]!);
  return keys;
}

/** Rows by key (as matched), in order; a key that still repeats gets `#2`, `#3` so duplicates pair in order. */
function byKey(table: Indexed, keys: string[]): Map<string, { key: string; row: Cell[] }> {
  const rows = new Map<string, { key: string; row: Cell[] }>();
  for (const row of table.rows) {
    const id = idOf(table, row, keys);
    const nth = (n: number, text: string, gap: string) => (n === 1 ? text : `${text}${gap}#${n}`);
    let n = 1;
    while (rows.has(nth(n, id, ''))) n++;
    rows.set(nth(n, id, ''), { key: nth(n, keyOf(table, row, keys), ' '), row });
  }
  return rows;
}

/** A single measurement's row, keyed as one. */
function singleRows(table: Indexed): Map<string, { key: string; row: Cell[] }> {
  return new Map(table.rows.map((row) => [SINGLE_ROW_KEY, { key: SINGLE_ROW_KEY, row }]));
}

function ruleFor(rules: Record<string, ColumnRule> | undefined, column: string): ColumnRule {
  if (rules === undefined) return 'equal';
  const hit = Object.entries(rules).find(([name]) => name.toLowerCase() === column.toLowerCase());
  return hit?.[1] ?? 'equal';
}

function compareCell(column: string, before: Cell, after: Cell, rule: ColumnRule, asText: boolean): CellDiff {
  if (rule === 'ignore') return { column, status: 'ignored', before, after, passed: true };
  if (sameCell(before, after, asText)) return { column, status: 'equal', before, after, passed: true };
  // Text that changed but reads as the same number (`007` → `7`) has no delta to show.
  const difference = numericDelta(before, after);
  const delta = asText && difference === 0 ? undefined : difference;
  const changed = { column, status: 'changed' as const, before, after, ...(delta === undefined ? {} : { delta }) };
  switch (rule) {
    case 'equal':
      return { ...changed, passed: false };
    case 'delta':
      return { ...changed, passed: true };
    case '>=':
      return { ...changed, passed: atLeast(before, after) };
    default: {
      const never: never = rule;
      throw new Error(`unknown column rule ${String(never)}`);
    }
  }
}

// A row present on one side only: its cells carry that side's values, the other side null.
function oneSided(status: 'added' | 'missing' | 'not-remeasured', key: string, table: Indexed, row: Cell[], columns: string[]): RowDiff {
  const passed = status === 'not-remeasured';
  const cells: CellDiff[] = columns.map((column) => {
    const v = value(table, row, column);
    return {
      column,
      status: passed ? 'ignored' : 'changed',
      before: status === 'added' ? null : v,
      after: status === 'added' ? v : null,
      passed,
    };
  });
  return { key, status, cells, passed };
}

/**
 * At most one row whose first cell is a measure (a number, or the only column): MAX(id),
 * COUNT(*). Keying it on its value would turn every change into missing + added.
 */
function isSingleMeasurement(table: Indexed): boolean {
  const row = table.rows[0];
  if (row === undefined) return true;
  if (table.rows.length > 1) return false;
  const first = row[0] ?? null;
  return table.names.length === 1 || first === null || numericText(first) !== null;
}

export function diffResultSet(baseline: ResultSet, current: ResultSet, options: SetCompareOptions): ResultSetDiff {
  const subset = options.subset === true;
  const before = indexed(baseline);
  const after = indexed(current);
  const notes: string[] = [];
  let structureOk = true;

  const shared = before.names.filter((name) => after.at.has(name.toLowerCase()));
  const gone = before.names.filter((name) => !after.at.has(name.toLowerCase()));
  const added = after.names.filter((name) => !before.at.has(name.toLowerCase()));
  if (gone.length > 0) notes.push(`${subset ? 'not re-measured' : 'column missing'}: ${gone.join(', ')}`);
  if (added.length > 0) notes.push(`${subset ? 'not compared' : 'column added'}: ${added.join(', ')}`);
  if (!subset && (gone.length > 0 || added.length > 0)) structureOk = false;
  for (const name of shared) {
    const t0 = baseline.columns[before.at.get(name.toLowerCase())!]?.type ?? '';
    const t1 = current.columns[after.at.get(name.toLowerCase())!]?.type ?? '';
    if (t0.toLowerCase() !== t1.toLowerCase()) notes.push(`column ${name}: type ${t0} → ${t1}`);
  }
  if (current.statement !== baseline.statement) {
    notes.push(`compared with statement ${current.statement + 1} of this step`);
  }

  const singleRow = options.key === undefined && isSingleMeasurement(before) && isSingleMeasurement(after);
  const keys = singleRow || shared.length === 0 ? [] : chooseKey(shared, before, after, options.key, notes);
  const compared = shared.filter((name) => !keys.includes(name));
  const beforeRows = singleRow ? singleRows(before) : byKey(before, keys);
  const afterRows = singleRow ? singleRows(after) : byKey(after, keys);

  // A narrower query may leave baseline rows out, but not all of them, and not the ones
  // its own SQL asks for by name.
  const emptied = subset && rowsReturned(current) === 0 && rowsReturned(baseline) > 0;
  if (emptied) notes.push(`returned no rows where the baseline had ${rowsReturned(baseline)}`);
  // A row on one side of a big result may be among the other side's rows not kept.
  const partial = !isWhole(baseline) || !isWhole(current);
  let unmatched = 0;
  const textual = new Set(compared.filter((column) => isTextColumn(typeOf(baseline, before, column), typeOf(current, after, column))));
  const named = subset && !emptied && keys.length === 1 && options.ownSql !== undefined ? namedKeys(options.ownSql, keys[0] ?? '') : [];
  const lostNamed: string[] = [];
  const rows: RowDiff[] = [];
  for (const [id, { key, row }] of beforeRows) {
    const other = afterRows.get(id)?.row;
    if (other === undefined && !isWhole(current) && !emptied) {
      if (subset) rows.push(oneSided('not-remeasured', key, before, row, compared));
      else unmatched++;
      continue;
    }
    if (other === undefined) {
      const expected = !subset || emptied || isNamedKey(key, named);
      if (subset && !emptied && expected) lostNamed.push(key);
      rows.push(oneSided(expected ? 'missing' : 'not-remeasured', key, before, row, compared));
      continue;
    }
    const cells = compared.map((column) =>
      compareCell(column, value(before, row, column), value(after, other, column), ruleFor(options.rules, column), textual.has(column)),
    );
    const changed = cells.some((cell) => cell.status === 'changed');
    rows.push({ key, status: changed ? 'changed' : 'unchanged', cells, passed: cells.every((cell) => cell.passed) });
  }
  for (const [id, { key, row }] of afterRows) {
    if (beforeRows.has(id)) continue;
    if (isWhole(baseline)) rows.push(oneSided('added', key, after, row, compared));
    else unmatched++;
  }
  if (lostNamed.length > 0) notes.push(`missing although this step's SQL names ${lostNamed.length === 1 ? 'it' : 'them'}: ${lostNamed.join(', ')}`);
  const whole = partial ? checkWholeSets(baseline, current, subset) : null;
  if (whole) {
    notes.push(...whole.notes);
    if (unmatched > 0) notes.push(`${unmatched} kept ${unmatched === 1 ? 'row has' : 'rows have'} no counterpart among the other side's kept rows (it may be among the rows not kept)`);
    if (!whole.identical && Object.keys(options.rules ?? {}).length > 0) notes.push('column rules apply to the kept rows only; the rows not kept compare whole, by their digest');
  }

  return {
    statement: baseline.statement,
    columns: shared,
    keyColumn: singleRow ? SINGLE_ROW_KEY : keys.join(', '),
    rows,
    passed: structureOk && rows.every((row) => row.passed) && (whole?.passed ?? true),
    notes,
    ...(whole ? { whole: { before: whole.before, after: whole.after, identical: whole.identical } } : {}),
  };
}

/** A captured result set the compare step did not re-run: every row not re-measured. */
export function notRemeasured(baseline: ResultSet): ResultSetDiff {
  const table = indexed(baseline);
  const single = isSingleMeasurement(table);
  const keys = single ? [] : chooseKey(table.names, table, table, undefined, []);
  const compared = table.names.filter((name) => !keys.includes(name));
  const rows = [...(single ? singleRows(table) : byKey(table, keys)).values()].map(({ key, row }) => oneSided('not-remeasured', key, table, row, compared));
  return {
    statement: baseline.statement,
    columns: table.names,
    keyColumn: single ? SINGLE_ROW_KEY : keys.join(', '),
    rows,
    passed: true,
    notes: [NOT_REMEASURED],
  };
}
