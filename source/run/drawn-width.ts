// How many columns text takes where a terminal draws it, and text cut to a number of
// columns. A CJK character or an emoji takes two; a control or invisible character takes
// what the screen spells it as (`\e`, `\x07`, `<U+202E>`). Counted as one a character,
// a table's columns went out of line under a CJK name.

import stringWidth from 'string-width';
import { visible } from './terminal-text';

/** Most cells: one column a character, measured without string-width. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns `text` (one line, no tabs) takes as the screen draws it. */
export function drawnWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(visible(text));
}

/** `text` cut to `width` columns at its end, with `…`; never a wide character split. */
export function cutToWidth(text: string, width: number): string {
  if (drawnWidth(text) <= width) return text;
  if (width <= 0) return '';
  let kept = '';
  let used = 0;
  for (const ch of text) {
    const w = drawnWidth(ch);
    if (used + w > width - 1) break;
    kept += ch;
    used += w;
  }
  return `${kept}…`;
}

/** `text` cut to `width` columns and padded with spaces to exactly that many. */
export function padToWidth(text: string, width: number): string {
  const cut = cutToWidth(text, width);
  return cut + ' '.repeat(Math.max(0, width - drawnWidth(cut)));
}
