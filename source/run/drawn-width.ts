// How many columns text takes where a terminal draws it, and text cut or padded to a number
// of columns: the one measure of the screen (ui/text.ts) and of what is printed outside it
// (wrap.ts, check's and list's tables, a comparison). A CJK character or an emoji takes two,
// an accent none; a control or invisible character takes what the screen spells it as (`\e`,
// `\x07`, `<U+202E>`). Counted as one a character, a table's columns went out of line under
// a CJK name, and a CJK title ran past the edge of 80 columns.

import stringWidth from 'string-width';
import { visible } from './terminal-text';

/** Most cells: one column a character, measured without string-width. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What draws nothing of its own but joins the character before: accents, variation selectors, skin tones. */
const JOINS = /^(?:\p{M}|[\u{FE00}-\u{FE0F}]|\p{Emoji_Modifier})$/u;

/** A character as the terminal draws it, with what joins it, and the columns it takes. */
export interface Cell {
  text: string;
  width: number;
}

/**
 * Cells measured already: printed text repeats a few non-ASCII characters (·, →, ✔, │) on
 * every line, and string-width segments each one it is handed anew. Bounded, as hostile
 * output can hold any number of different characters.
 */
const measured = new Map<string, number>();
const MEASURED_MAX = 4096;

/** Ink measures with string-width, so a line measured here is never cut by Ink. */
function cellWidth(text: string): number {
  let width = measured.get(text);
  if (width === undefined) {
    width = stringWidth(visible(text));
    if (measured.size >= MEASURED_MAX) measured.clear();
    measured.set(text, width);
  }
  return width;
}

/** The text (one line, no tabs) as cells: a CJK character or an emoji takes two columns, an accent none. */
export function cells(text: string): Cell[] {
  if (PRINTABLE_ASCII.test(text)) return Array.from(text, (ch) => ({ text: ch, width: 1 }));
  const out: Cell[] = [];
  for (const ch of text) {
    const last = out.at(-1);
    if (last && joins(ch)) {
      last.text += ch;
      last.width = cellWidth(last.text);
    } else {
      out.push({ text: ch, width: narrow(ch) ? 1 : cellWidth(ch) });
    }
  }
  return out;
}

/** Printable ASCII: one column, without asking string-width. */
const narrow = (ch: string) => ch >= ' ' && ch <= '~';
/** Below U+0300 nothing joins the character before it: the test of JOINS is skipped. */
const joins = (ch: string) => ch >= '\u0300' && JOINS.test(ch);

/**
 * Columns `text` (one line, no tabs) takes as the screen draws it. Summed as `cells` would,
 * without making them: a table row outside the screen is measured once to pad and once to cut.
 */
export function drawnWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let sum = 0;
  let cell = '';
  for (const ch of text) {
    if (cell !== '' && joins(ch)) {
      cell += ch;
      continue;
    }
    if (cell !== '') sum += narrow(cell) ? 1 : cellWidth(cell);
    cell = ch;
  }
  if (cell !== '') sum += narrow(cell) ? 1 : cellWidth(cell);
  return sum;
}

/** How many of `chars` (code points of screen text) fit in `width` columns; at least one. */
export function fittingChars(chars: readonly string[], width: number): number {
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const w = joins(ch) ? 0 : narrow(ch) ? 1 : cellWidth(ch);
    if (used + w > width) return Math.max(1, i);
    used += w;
  }
  return chars.length;
}

/** `text` cut to `width` columns at its end, with `…`; never a wide character split. */
export function cutToWidth(text: string, width: number): string {
  if (drawnWidth(text) <= width) return text;
  if (width <= 0) return '';
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, width - 1)}…`;
  let kept = '';
  let used = 0;
  for (const cell of cells(text)) {
    if (used + cell.width > width - 1) break;
    kept += cell.text;
    used += cell.width;
  }
  return `${kept}…`;
}

/** `text` padded with spaces to `width` columns (never cut: a longer text stays as it is). */
export function padToColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - drawnWidth(text)));
}

/** `text` cut to `width` columns and padded with spaces to exactly that many. */
export function padToWidth(text: string, width: number): string {
  return padToColumns(cutToWidth(text, width), width);
}
