// One line of a panel: its text (cut to the panel's width by whoever makes it) and how it looks.

import type { Tone } from '../theme';
import { length, wrap } from '../text';

export interface Row {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/**
 * The last row of a step or page shown whole (`x`): where the scroll stands, and the two
 * keys that close it, as every overlay closes.
 */
export function collapseRow(top: number, shown: number, total: number): Row {
  const where = total > shown ? `↕ ${top + 1}–${top + shown} of ${total} · ↑↓ pgup pgdn scroll · ` : '';
  return { text: `${where}x esc collapse`, tone: 'muted' };
}

/** Text cut into rows of `width`; the rows after the first start with `indent`. Nothing is cut off. */
export function wrapRows(text: string, width: number, indent: string, style: Omit<Row, 'text'> = {}): Row[] {
  const [first = '', ...rest] = wrap(text, width);
  const more = rest.length > 0 ? wrap(rest.join(''), Math.max(1, width - length(indent))) : [];
  return [{ ...style, text: first }, ...more.map((piece) => ({ ...style, text: `${indent}${piece}` }))];
}
