// Query results as plain data: what a SQL step returned, statement by statement.
// Executors produce them; expectations, captures and comparisons read them.
//
// A result of any size is streamed, never held whole: an executor keeps the first and the
// last rows (bounded in count and size), counts every row, and hashes every row into
// `digest`. A big result's rows are then `rows[0..omitted.at)` (the first) and
// `rows[omitted.at..]` (the last), with `omitted.count` rows between them counted and
// hashed but not kept.

export type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  /** Database type name as the driver reports it ('int8', 'text', 'INTEGER', …). */
  type: string;
}

export interface ResultSet {
  /** Index of the statement within the step. */
  statement: number;
  /** The command tag: SELECT, INSERT, UPDATE, CREATE, … */
  command: string;
  columns: Column[];
  /** Cells as JSON-safe values (bigint, Date and Buffer turned to strings by the executor). */
  rows: Cell[][];
  /** Rows returned, or rows affected for DML. */
  rowCount: number;
  /** Rows returned but not kept, and where in `rows` they were; absent when every row is kept. */
  omitted?: { at: number; count: number };
  /** SHA-256 (hex) of every returned row in order, kept or not: see canonicalRow. */
  digest?: string;
}

// -0 and 0 are the same count; JSON would already print both as 0, say so explicitly.
export function canonicalCell(cell: Cell): Cell {
  return typeof cell === 'number' && Object.is(cell, -0) ? 0 : cell;
}

/** One row as the text a result set's digest is taken over: its JSON and a newline. */
export function canonicalRow(row: readonly Cell[]): string {
  return `${JSON.stringify(row.map(canonicalCell))}\n`;
}

/** Rows the statement returned (kept or not); 0 for a statement that returns none. */
export function rowsReturned(rs: ResultSet): number {
  return rs.rows.length + (rs.omitted?.count ?? 0);
}

/** Every returned row is in `rows`. */
export function isWhole(rs: ResultSet): boolean {
  return rs.omitted === undefined || rs.omitted.count === 0;
}

/** The same result with at most `head` first and `tail` last of its kept rows (for a smaller record). */
export function boundRows(rs: ResultSet, head: number, tail: number): ResultSet {
  if (rs.rows.length <= head + tail) return rs;
  // The last rows come from after an earlier gap, never across it.
  const at = isWhole(rs) ? rs.rows.length : (rs.omitted?.at ?? rs.rows.length);
  const first = rs.rows.slice(0, Math.min(head, at));
  const lastFrom = Math.max(isWhole(rs) ? first.length : at, rs.rows.length - tail);
  const last = tail > 0 ? rs.rows.slice(lastFrom) : [];
  const count = rowsReturned(rs) - first.length - last.length;
  return { ...rs, rows: [...first, ...last], omitted: { at: first.length, count } };
}
