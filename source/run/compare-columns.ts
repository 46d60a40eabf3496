// How a comparison's columns (key | cells | status) share a line. Each is as wide as its
// longest text, never padded wider; when the line is too narrow, the width is shared as
// water fills glasses: a column narrower than its share stays whole and the widest gives
// way first. The key keeps at least the width at which the rows it names still read apart.

import { cutToWidth, drawnWidth } from './drawn-width';

// Widths are columns as a terminal draws them: a CJK key takes two a character.
const len = drawnWidth;

/** The text cut to `width` at its end: `evidence_packs_imm…`. */
export const cutEnd = cutToWidth;

/** The text cut to `width` in its middle, keeping both ends: `evidence_p…_delete`. */
export function cutMiddle(text: string, width: number): string {
  if (len(text) <= width) return text;
  if (width <= 2) return cutEnd(text, width);
  const chars = [...text];
  let tail = '';
  let room = Math.floor((width - 1) / 2);
  for (let i = chars.length - 1; i >= 0; i--) {
    const ch = chars[i] ?? '';
    if (len(ch) > room) break;
    tail = ch + tail;
    room -= len(ch);
  }
  const head = cutEnd(text, width - len(tail));
  return `${head}${tail}`;
}

const distinct = (texts: string[]) => new Set(texts).size;

/**
 * The keys cut to `width`: at their end, unless that makes keys that differ read the same
 * (`audit_events_immutable_de…` twice) — then in the middle, which keeps their ends.
 */
export function cutKeys(keys: string[], width: number): string[] {
  const ends = keys.map((k) => cutEnd(k, width));
  if (distinct(ends) === distinct(keys)) return ends;
  const middles = keys.map((k) => cutMiddle(k, width));
  return distinct(middles) > distinct(ends) ? middles : ends;
}

/** The narrowest width at which the keys, cut by cutKeys, still tell their rows apart. */
export function distinctWidth(keys: string[]): number {
  const want = distinct(keys);
  let longest = 0;
  for (const k of keys) longest = Math.max(longest, len(k));
  for (let w = 1; w < longest; w++) if (distinct(cutKeys(keys, w)) === want) return w;
  return longest;
}

/**
 * Widths for columns that want `natural` and should not go below `floor`, within `total`.
 * Everything fits: each its natural width. Else water-filling above the floors; floors that
 * do not fit themselves give way largest first (never below 1).
 */
export function shareWidths(natural: number[], floor: number[], total: number): number[] {
  const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
  if (sum(natural) <= total) return [...natural];
  const floors = natural.map((n, i) => Math.min(n, Math.max(0, floor[i] ?? 0)));
  while (sum(floors) > total) {
    let largest = 0;
    for (let i = 1; i < floors.length; i++) if ((floors[i] ?? 0) > (floors[largest] ?? 0)) largest = i;
    if ((floors[largest] ?? 0) <= 1) break;
    floors[largest] = (floors[largest] ?? 0) - 1;
  }
  const at = (level: number) => natural.map((n, i) => Math.max(floors[i] ?? 0, Math.min(n, level)));
  let level = 0;
  while (sum(at(level + 1)) <= total && natural.some((n) => n > level)) level++;
  const widths = at(level);
  // What is left (less than one more level) goes one column each, the narrowest first.
  let left = total - sum(widths);
  const order = natural.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
  for (const { n, i } of order) {
    if (left <= 0) break;
    if ((widths[i] ?? 0) < n) {
      widths[i] = (widths[i] ?? 0) + 1;
      left--;
    }
  }
  return widths;
}
