// Text for a fixed-size screen: times and durations as the operator reads them, and lines
// cut to a width in columns, as run/drawn-width.ts measures them for the text printed
// outside the screen too. Output is made safe to draw by run/terminal-text.ts; every line
// cut here is also shown with its controls spelled out (a runbook's title, a phase, a
// prompt: other people's bytes that would otherwise retitle the window or clear the screen).

import type { RunTarget } from '../run/events';
import { cells, cutToWidth, drawnWidth, type Cell } from '../run/drawn-width';
import { expandTabs, visible } from '../run/terminal-text';

/** Other people's text as a screen line draws it: controls spelled out, tabs as spaces. */
export function screenText(text: string): string {
  return expandTabs(visible(text));
}

/** Cuts to `width` columns with a marker; the screen never wraps a line. */
export function fit(raw: string, width: number): string {
  return cutToWidth(screenText(raw), width);
}

/**
 * Splits a line into pieces of at most `width` columns, at a space where one is near the
 * end of a piece: a command is shown whole, never cut (CJK and emoji take two columns).
 */
export function wrap(raw: string, width: number): string[] {
  const text = screenText(raw);
  if (width <= 0 || drawnWidth(text) <= width) return [text];
  const all = cells(text);
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
  return drawnWidth(screenText(text));
}

/** `left` and `right` on one line of `width`, the left side cut first. */
export function spread(left: string, rawRight: string, width: number): string {
  const right = screenText(rawRight);
  const room = width - length(right) - 1;
  if (room < 4) return fit(left, width);
  const l = fit(left, room);
  return `${l}${' '.repeat(Math.max(1, width - length(l) - length(right)))}${right}`;
}

/** Whether `spread` cuts `left`: the panel then has more of it to show whole (x). */
export function spreadCuts(left: string, right: string, width: number): boolean {
  return !spread(left, right, width).startsWith(screenText(left));
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
