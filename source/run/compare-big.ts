// Big result sets in a comparison. Such a set keeps only its first and last rows (see
// results.ts), but every row was counted and hashed as it streamed: equal digests prove the
// whole set unchanged; different ones fail a re-run of the capture's own query, with the
// row-count delta and the first differing row that can be shown.

import { canonicalRow, isWhole, rowsReturned, type Cell, type ResultSet } from './results';
import { cellText } from './compare-cells';

export interface WholeSetCheck {
  /** Rows each side returned, kept or not. */
  before: number;
  after: number;
  /** Digests equal (and columns, types and counts): every row unchanged. null: no digest to tell. */
  identical: boolean | null;
  passed: boolean;
  notes: string[];
}

/** Where a set's first rows end (the rest of `rows` are its last rows). */
function headLength(set: ResultSet): number {
  return isWhole(set) ? set.rows.length : (set.omitted?.at ?? set.rows.length);
}

function rowText(row: Cell[] | undefined): string {
  if (row === undefined) return '(no row)';
  const text = row.map(cellText).join(' | ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The first position where the two sets' first rows differ, as a note; null when none shows. */
export function firstDifference(baseline: ResultSet, current: ResultSet): string | null {
  const headBefore = headLength(baseline);
  const headAfter = headLength(current);
  const shared = Math.min(headBefore, headAfter);
  const at = (i: number, b: Cell[] | undefined, a: Cell[] | undefined) => `first difference at row ${i + 1}: ${rowText(b)} → ${rowText(a)}`;
  for (let i = 0; i < shared; i++) {
    const b = baseline.rows[i];
    const a = current.rows[i];
    if (b !== undefined && a !== undefined && canonicalRow(b) !== canonicalRow(a)) return at(i, b, a);
  }
  // One side ended where the other still has rows to show.
  if (headBefore > shared && isWhole(current)) return at(shared, baseline.rows[shared], undefined);
  if (headAfter > shared && isWhole(baseline)) return at(shared, undefined, current.rows[shared]);
  return null;
}

function sameColumns(a: ResultSet, b: ResultSet): boolean {
  return a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i]?.name && c.type.toLowerCase() === b.columns[i]?.type.toLowerCase());
}

/** For a pair where at least one side is big: what the digests and counts say. */
export function checkWholeSets(baseline: ResultSet, current: ResultSet, subset: boolean): WholeSetCheck {
  const before = rowsReturned(baseline);
  const after = rowsReturned(current);
  const identical = baseline.digest === undefined || current.digest === undefined ? null : baseline.digest === current.digest && before === after && sameColumns(baseline, current);
  if (identical) return { before, after, identical, passed: true, notes: [`all ${after} rows unchanged: the whole-set SHA-256 digests are equal`] };
  const notes: string[] = [];
  if (before !== after) notes.push(`rows: ${before} → ${after} (${after - before > 0 ? '+' : ''}${after - before})`);
  if (subset) {
    // A narrower query returns other rows by design: only the kept rows compare.
    notes.push(`a big result: only the first and last rows kept (${baseline.rows.length} before, ${current.rows.length} now) were compared`);
    return { before, after, identical, passed: true, notes };
  }
  notes.push(
    identical === null
      ? 'no whole-set digest to prove the rows not kept unchanged'
      : 'the whole-set SHA-256 digests differ: rows changed, appeared, went or moved (only the first and last rows are kept to show)',
  );
  const first = firstDifference(baseline, current);
  if (first !== null) notes.push(first);
  return { before, after, identical, passed: false, notes };
}
