// A comparison as plain-text lines (no colour) for the TUI and the --plain runner:
// per result set `key | column: before → after (+delta) | status`, then the summary.

import type { CellDiff, Comparison, ResultSetDiff, RowDiff } from './compare';
import { cellText, formatDelta } from './compare-cells';
import { NOT_REMEASURED, SINGLE_ROW_KEY } from './compare-rows';
import { cutEnd, cutKeys, distinctWidth, shareWidths } from './compare-columns';
import { drawnWidth, padToWidth } from './drawn-width';

/** The text cut to `width` at its end, with `…`. */
export const truncate = cutEnd;

const pad = padToWidth;

function statusLabel(row: RowDiff): string {
  switch (row.status) {
    case 'unchanged':
      return 'unchanged';
    case 'changed':
      return row.passed ? 'changed ✔' : 'changed ✘';
    case 'added':
      return 'added ✘';
    case 'missing':
      return 'missing ✘';
    case 'not-remeasured':
      return 'not re-measured';
    default: {
      const never: never = row.status;
      return String(never);
    }
  }
}

function cellLabel(cell: CellDiff, row: RowDiff): string {
  if (row.status === 'added') return `${cell.column}: ${cellText(cell.after)}`;
  if (row.status !== 'unchanged' && row.status !== 'changed') return `${cell.column}: ${cellText(cell.before)}`;
  if (cell.status === 'ignored') return `${cell.column}: ${cellText(cell.after)} (ignored)`;
  if (cell.status === 'equal') return `${cell.column}: ${cellText(cell.after)}`;
  const delta = cell.delta === undefined ? '' : ` (${formatDelta(cell.delta)})`;
  return `${cell.column}: ${cellText(cell.before)} → ${cellText(cell.after)}${delta}`;
}

/** Rows of one result set listed; past this, rows that stayed the same are counted, not listed. */
const LISTED_ROWS = 50;

/** The longest text's length (at least `floor`), without spreading a long list into Math.max. */
function longest(texts: string[], floor: number): number {
  let max = floor;
  for (const t of texts) max = Math.max(max, drawnWidth(t));
  return max;
}

function header(set: ResultSetDiff): string {
  const key = set.keyColumn === '' ? '' : ` · key ${set.keyColumn}`;
  return `statement ${set.statement + 1}${key} · ${set.passed ? 'passed' : 'failed'}`;
}

function setLines(set: ResultSetDiff, width: number): string[] {
  const lines: string[] = [];
  const wholeSetSkipped = set.rows.every((row) => row.status === 'not-remeasured') && (set.rows.length > 0 || set.notes.includes(NOT_REMEASURED));
  if (wholeSetSkipped) {
    return [truncate(`statement ${set.statement + 1} · not re-measured (${set.rows.length} ${set.rows.length === 1 ? 'row' : 'rows'})`, width)];
  }
  if (set.rows.length === 0 && set.keyColumn === '') {
    // a result set of the compare step with no captured counterpart
    if (set.columns.length === 0) return lines;
    return [truncate(`this step's statement ${set.statement + 1} · ${set.passed ? '' : 'failed: '}${set.notes.join('; ')}`, width)];
  }
  lines.push(truncate(header(set), width));
  // A big set lists what did not stay the same first; unchanged rows only while there is room.
  const notable = set.rows.filter((row) => row.status !== 'unchanged');
  const listed = set.rows.length <= LISTED_ROWS ? set.rows : [...notable, ...set.rows.filter((row) => row.status === 'unchanged')].slice(0, LISTED_ROWS);
  const keys = listed.map((row) => (row.key === SINGLE_ROW_KEY ? '' : row.key));
  const statuses = listed.map(statusLabel);
  const cellTexts = listed.map((row) => row.cells.map((cell) => cellLabel(cell, row)).join(', ') || '—');
  const keyed = longest(keys, 0) > 0;
  // two-space indent plus two ' | ' separators (or one when there is no key column)
  const room = width - 2 - (keyed ? 6 : 3);
  const natural = [keyed ? longest(keys, 0) : 0, longest(cellTexts, 1), longest(statuses, 0)];
  // Short of room: rows that read apart by their key, the values (they matter more than a
  // long key), a status word whole; then the width shared, the widest column cut first.
  const floors = [Math.min(distinctWidth(keys), Math.floor(room / 2)), 12, 9];
  const [keyWidth = 0, middleWidth = 1, statusWidth = 0] = shareWidths(natural, floors, Math.max(3, room));
  const shownKeys = cutKeys(keys, keyWidth);
  listed.forEach((row, i) => {
    const cells = cellTexts[i] ?? '—';
    const parts = keyed ? [pad(shownKeys[i] ?? '', keyWidth)] : [];
    parts.push(pad(cells, Math.max(1, middleWidth)), truncate(statuses[i] ?? '', statusWidth));
    lines.push(truncate(`  ${parts.join(' | ')}`.trimEnd(), width));
  });
  if (listed.length < set.rows.length) lines.push(truncate(`  … ${set.rows.length - listed.length} more rows not listed`, width));
  for (const note of set.notes) lines.push(truncate(`  note: ${note}`, width));
  return lines;
}

/** Words of the summary wrapped to the width: it is the line that matters most. */
function wrap(text: string, width: number): string[] {
  if (width < 10) return [truncate(text, width)];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (drawnWidth(next) <= width) {
      line = next;
      continue;
    }
    if (line !== '') lines.push(line);
    line = truncate(word, width);
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function formatComparison(c: Comparison, width: number): string[] {
  const lines = c.resultSets.flatMap((set) => setLines(set, width));
  return [...lines, ...wrap(c.summary, width)];
}
