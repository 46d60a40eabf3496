// One line of a panel: its text (cut to the panel's width by whoever makes it) and how it looks.

import type { Tone } from '../theme';

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
