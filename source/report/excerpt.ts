// Step output as evidence: the first and last lines of what the latest attempt wrote,
// cleaned so it renders as plain text anywhere (no terminal escapes, no tabs).

import type { OutputExcerpt } from './model';

export const HEAD_LINES = 10;
export const TAIL_LINES = 10;
/** Fewer omitted lines than this are shown rather than replaced by a marker. */
const MIN_OMITTED = 5;
const MAX_LINE = 400;

// CSI/OSC sequences (colours, cursor moves, titles) and the other C0 controls but tab.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  for (const ch of text) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** A line as plain text: terminal escapes and controls gone, tabs expanded, no trailing blanks. */
export function plainLine(text: string): string {
  // A carriage return redraws the line (progress bars): what stayed on screen is the last part.
  return expandTabs(text.replace(ESCAPES, '').replace(/\r+$/, '').replace(/^.*\r/, '').replace(CONTROLS, '')).trimEnd();
}

/** An output line for the excerpt: plain, and very long lines cut. */
export function cleanLine(text: string): string {
  const line = plainLine(text);
  const chars = [...line];
  return chars.length > MAX_LINE ? `${chars.slice(0, MAX_LINE - 1).join('')}…` : line;
}

/** The excerpt of an attempt's output: `lines` are all its lines, `total` how many the journal counted. */
export function excerpt(lines: string[], total: number, head = HEAD_LINES, tail = TAIL_LINES): OutputExcerpt {
  const all = Math.max(total, lines.length);
  if (all - head - tail < MIN_OMITTED) return { lines: all, head: lines.map(cleanLine), tail: [], omitted: 0 };
  return {
    lines: all,
    head: lines.slice(0, head).map(cleanLine),
    tail: lines.slice(-tail).map(cleanLine),
    omitted: all - head - tail,
  };
}
