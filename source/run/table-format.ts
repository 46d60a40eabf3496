// SQL results as aligned text tables, psql-style, for the screen, the plain runner and
// the journal's output. Wide tables are cut with a marker; a big result shows its first and
// last rows with a line for the rows between, and always the full count.

import { drawnWidth, padToWidth } from './drawn-width';
import { boundRows, type Cell, type ResultSet } from './results';

/** A cell on one line: a line break or a tab as a space (a tab's width depends on where it stands). */
export function cellText(cell: Cell): string {
  if (cell === null) return '∅';
  return String(cell).replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ');
}

export interface TableOptions {
  /** Total width available; columns are narrowed (widest first) to fit. */
  width?: number;
  /** Rows shown before a "… N more rows" line. */
  maxRows?: number;
  /** Rows not given, and where: a line says so there ("… 998,000 rows not shown …"). */
  gap?: { at: number; count: number };
}

const gapLine = (n: number) => `… ${n} ${n === 1 ? 'row' : 'rows'} not shown …`;

export function formatTable(columns: string[], rows: string[][], options: TableOptions = {}): string[] {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const shown = rows.slice(0, maxRows);
  const gap = options.gap !== undefined && options.gap.count > 0 ? options.gap : undefined;
  // The gap's line stands where the rows are missing, unless the rows after it are cut anyway.
  const gapShown = gap !== undefined && (gap.at < shown.length || (gap.at === shown.length && shown.length === rows.length));
  // A loop, not Math.max(...rows): a spread of many rows overflows the call stack.
  // Columns as a terminal draws them: a CJK name takes two a character.
  // Each cell measured once: a capture may hold many thousand rows, and `b` formats it whole.
  const measured = (cells: string[]) => cells.map((c) => drawnWidth(c));
  const headWidths = measured(columns);
  const cellWidths = shown.map(measured);
  const widths = [...headWidths];
  for (const r of cellWidths) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, r[i] ?? 0);
  const budget = options.width ?? Number.POSITIVE_INFINITY;
  const total = () => widths.reduce((a, b) => a + b, 0) + 3 * Math.max(0, widths.length - 1);
  while (total() > budget) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if ((widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    if ((widths[widest] ?? 0) <= 4) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const line = (cells: string[], cellsWidths: number[]) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        const has = cellsWidths[i] ?? 0;
        return has <= w ? c + ' '.repeat(w - has) : padToWidth(c, w);
      })
      .join(' | ')
      .trimEnd();
  const out = [line(columns, headWidths), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const [i, r] of shown.entries()) {
    if (gapShown && i === gap.at) out.push(gapLine(gap.count));
    out.push(line(r, cellWidths[i] ?? []));
  }
  if (gapShown && gap.at === shown.length) out.push(gapLine(gap.count));
  const more = rows.length - shown.length + (gap !== undefined && !gapShown ? gap.count : 0);
  if (more > 0) out.push(`… ${more} more rows`);
  return out;
}

export interface ResultTableOptions extends Omit<TableOptions, 'gap'> {
  /** Only the first `head` and the last `tail` of the rows kept. */
  ends?: { head: number; tail: number };
}

export function formatResultSet(rs: ResultSet, options: ResultTableOptions = {}): string[] {
  if (rs.columns.length === 0) return [`${rs.command} ${rs.rowCount}`];
  const { ends, ...table } = options;
  const shown = ends ? boundRows(rs, ends.head, ends.tail) : rs;
  const lines = formatTable(
    rs.columns.map((c) => c.name),
    shown.rows.map((r) => r.map(cellText)),
    { ...table, ...(shown.omitted ? { gap: shown.omitted } : {}) },
  );
  // The count of rows the statement returned (or touched): never only the ones shown.
  lines.push(`(${rs.rowCount} ${rs.rowCount === 1 ? 'row' : 'rows'})`);
  return lines;
}
