// Step output as evidence: the first and last lines of what the latest attempt wrote,
// cleaned so it renders as plain text anywhere (no terminal escapes, no tabs).

import type { OutputExcerpt } from './model';
import { cleanLine } from '../run/terminal-text';

export const HEAD_LINES = 10;
export const TAIL_LINES = 10;
/** Fewer omitted lines than this are shown rather than replaced by a marker. */
const MIN_OMITTED = 5;
const MAX_LINE = 400;

/** A line as plain text: terminal escapes and controls gone, tabs expanded, no trailing blanks. */
export function plainLine(text: string): string {
  return cleanLine(text).trimEnd();
}

/** An output line for the excerpt: plain, and very long lines cut. */
export function excerptLine(text: string): string {
  const line = plainLine(text);
  const chars = [...line];
  return chars.length > MAX_LINE ? `${chars.slice(0, MAX_LINE - 1).join('')}…` : line;
}

/** The excerpt of an attempt's output: `lines` are all its lines, `total` how many the journal counted. */
export function excerpt(lines: string[], total: number, head = HEAD_LINES, tail = TAIL_LINES): OutputExcerpt {
  const all = Math.max(total, lines.length);
  if (all - head - tail < MIN_OMITTED) return { lines: all, head: lines.map(excerptLine), tail: [], omitted: 0 };
  return {
    lines: all,
    head: lines.slice(0, head).map(excerptLine),
    tail: lines.slice(-tail).map(excerptLine),
    omitted: all - head - tail,
  };
}

/**
 * The excerpt of one attempt's `total` lines, reading only its first and last lines (a
 * flood's million lines stay in the journal): `read` gives them all, or the first `head`
 * or the last `tail`.
 */
export function attemptExcerpt(total: number, read: (take?: { head?: number; tail?: number }) => string[]): OutputExcerpt {
  if (total - HEAD_LINES - TAIL_LINES < MIN_OMITTED) return excerpt(read(), total);
  return {
    lines: total,
    head: read({ head: HEAD_LINES }).map(excerptLine),
    tail: read({ tail: TAIL_LINES }).map(excerptLine),
    omitted: total - HEAD_LINES - TAIL_LINES,
  };
}
