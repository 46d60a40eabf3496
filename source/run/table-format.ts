// SQL results as aligned text tables, psql-style, for the screen, the plain runner and
// the journal's output. Wide tables are cut with a marker; the journal keeps full rows.

import type { Cell, ResultSet } from './results';

export function cellText(cell: Cell): string {
  if (cell === null) return '∅';
  return String(cell).replace(/\s*\n\s*/g, ' ');
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export interface TableOptions {
  /** Total width available; columns are narrowed (widest first) to fit. */
  width?: number;
  /** Rows shown before a "… N more rows" line. */
  maxRows?: number;
}

export function formatTable(columns: string[], rows: string[][], options: TableOptions = {}): string[] {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const shown = rows.slice(0, maxRows);
  const widths = columns.map((c, i) => Math.max(c.length, ...shown.map((r) => (r[i] ?? '').length)));
  const budget = options.width ?? Number.POSITIVE_INFINITY;
  const total = () => widths.reduce((a, b) => a + b, 0) + 3 * Math.max(0, widths.length - 1);
  while (total() > budget) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if ((widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cut(c, widths[i] ?? 0).padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const r of shown) out.push(line(r));
  if (rows.length > shown.length) out.push(`… ${rows.length - shown.length} more rows`);
  return out;
}

export function formatResultSet(rs: ResultSet, options: TableOptions = {}): string[] {
  if (rs.columns.length === 0) return [`${rs.command} ${rs.rowCount}`];
  const lines = formatTable(
    rs.columns.map((c) => c.name),
    rs.rows.map((r) => r.map(cellText)),
    options,
  );
  lines.push(`(${rs.rowCount} ${rs.rowCount === 1 ? 'row' : 'rows'})`);
  return lines;
}
