// Text for a fixed-size screen: times and durations as the operator reads them, and lines
// cut to a width. Output is made safe to draw by run/terminal-text.ts; every line cut here
// is also shown with its controls spelled out (a runbook's title, a phase, a prompt: other
// people's bytes that would otherwise retitle the window or clear the screen).

import stringWidth from 'string-width';
import type { RunTarget } from '../run/events';
import { expandTabs, visible } from '../run/terminal-text';

/** Other people's text as a screen line draws it: controls spelled out, tabs as spaces. */
export function screenText(text: string): string {
  return expandTabs(visible(text));
}

/** Most of what the screen draws: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What draws nothing of its own but joins the character before: accents, variation selectors, skin tones. */
const JOINS = /^(?:\p{M}|[\u{FE00}-\u{FE0F}]|\p{Emoji_Modifier})$/u;

/** A character as the terminal draws it, with what joins it, and the columns it takes. */
interface Cell {
  text: string;
  width: number;
}

/**
 * The text as cells: a CJK character or an emoji takes two columns, an accent none. Ink
 * measures with string-width, so a line measured here is never cut by Ink.
 */
function cells(text: string): Cell[] {
  const out: Cell[] = [];
  for (const ch of text) {
    const last = out.at(-1);
    if (last && JOINS.test(ch)) {
      last.text += ch;
      last.width = stringWidth(last.text);
    } else {
      out.push({ text: ch, width: stringWidth(ch) });
    }
  }
  return out;
}

/** How many of `chars` (code points of screen text) fit in `width` columns; at least one. */
export function fittingChars(chars: readonly string[], width: number): number {
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const w = JOINS.test(ch) ? 0 : stringWidth(ch);
    if (used + w > width) return Math.max(1, i);
    used += w;
  }
  return chars.length;
}

/** Columns a line of screen text takes. */
function columns(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return cells(text).reduce((sum, c) => sum + c.width, 0);
}

/** Cuts to `width` columns with a marker; the screen never wraps a line. */
export function fit(raw: string, width: number): string {
  const text = screenText(raw);
  if (columns(text) <= width) return text;
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

/**
 * Splits a line into pieces of at most `width` columns, at a space where one is near the
 * end of a piece: a command is shown whole, never cut (CJK and emoji take two columns).
 */
export function wrap(raw: string, width: number): string[] {
  const text = screenText(raw);
  if (width <= 0 || columns(text) <= width) return [text];
  const all: Cell[] = PRINTABLE_ASCII.test(text) ? Array.from(text, (ch) => ({ text: ch, width: 1 })) : cells(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < all.length) {
    let end = start;
    let used = 0;
    // A cell wider than the whole width still goes, alone: the line moves on.
    while (end < all.length && (used + (all[end] as Cell).width <= width || end === start)) used += (all[end++] as Cell).width;
    if (end < all.length) {
      let space = end - 1;
      while (space > start && all[space]?.text !== ' ') space--;
      if (space > start && widthOf(all, start, space) > width / 2) end = space + 1;
    }
    pieces.push(all.slice(start, end).map((c) => c.text).join(''));
    start = end;
  }
  return pieces;
}

function widthOf(all: Cell[], start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += (all[i] as Cell).width;
  return sum;
}

/** Columns the text takes on the screen. */
export function length(text: string): number {
  return columns(screenText(text));
}

/** `left` and `right` on one line of `width`, the left side cut first. */
export function spread(left: string, rawRight: string, width: number): string {
  const right = screenText(rawRight);
  const room = width - length(right) - 1;
  if (room < 4) return fit(left, width);
  const l = fit(left, room);
  return `${l}${' '.repeat(Math.max(1, width - length(l) - length(right)))}${right}`;
}

/** "0.2 s", "14 s", "3 min 5 s", "1 h 02 min". */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "00:14:32" */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** "14:03:12" in local time, for the transcript. */
export function timeOfDay(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A target as the header names it: `govos@db-1`, `prod:production.db`. Never a password. */
export function describeTarget(target: RunTarget): string {
  if (target.kind === 'sqlite') return `${target.name}:${target.location.split('/').at(-1) ?? target.location}`;
  try {
    const url = new URL(target.location);
    return `${target.name}@${url.hostname || 'localhost'}`;
  } catch {
    return target.name;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/**
 * 1234567 as `1,234,567`, as toLocaleString('en-US') writes it, without loading ICU's
 * number formats for it (the first call was ~15 ms of a resume's first frame).
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',')}`;
}
