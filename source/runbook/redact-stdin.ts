// Passwords a program reads on its standard input as user:password lines: chpasswd fed by
// `echo 'u:X' | chpasswd` or `chpasswd <<< "u:X"`. Pure; each chpasswd looks back at most
// LOOK_BACK characters and its own command's words, so a long line stays linear.

import { isNotASecret } from './secret-shapes';
import { TextScan, unquote, type Span } from './text-scan';
import { words, type Pass } from './redact-programs';

const CHPASSWD = /(?<![A-Za-z0-9_.-])chpasswd(?![A-Za-z0-9_.:-])/g;
// An echo that long is no `user:password` line.
const LOOK_BACK = 1_000;
const BLANK = new Set([' ', '\t']);
const PRINTERS = new Set(['echo', 'printf']);

/** The word ending at `end` (exclusive) of `text`, read back to a blank, from no further than `floor`. */
function wordBefore(text: string, end: number, floor: number): Span {
  let start = end;
  while (start > floor && !BLANK.has(text[start - 1] as string) && text[start - 1] !== '\n') start--;
  return { start, end };
}

/** Back from `at` over blanks, no further than `floor`. */
function blanksBefore(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor && BLANK.has(text[i - 1] as string)) i--;
  return i;
}

/** `echo [-e] 'u:X' |`: the inside of what is echoed into the pipe at `pipe`, if an echo or printf prints it. */
function echoedInto(text: string, pipe: number): Span | undefined {
  const floor = Math.max(0, pipe - LOOK_BACK);
  const end = blanksBefore(text, pipe, floor);
  const q = text[end - 1];
  let inner: Span;
  let before: number;
  if (q === "'" || q === '"') {
    const open = text.lastIndexOf(q, end - 2);
    if (open < floor || text.slice(open, end).includes('\n')) return undefined;
    inner = { start: open + 1, end: end - 1 };
    before = open;
  } else {
    inner = wordBefore(text, end, floor);
    before = inner.start;
  }
  // Options of echo (-e, -n) stand between it and what it prints.
  for (;;) {
    const word = wordBefore(text, blanksBefore(text, before, floor), floor);
    const raw = text.slice(word.start, word.end);
    if (/^-[A-Za-z]+$/.test(raw)) {
      before = word.start;
      continue;
    }
    return PRINTERS.has(raw.replace(/^.*[/;&|(`'"]/, '')) ? inner : undefined;
  }
}

/** `| chpasswd`, `| sudo chpasswd`, `| /usr/sbin/chpasswd`: the pipe before the program at `at`, or -1. */
function pipeBefore(text: string, at: number): number {
  const floor = Math.max(0, at - LOOK_BACK);
  let i = wordBefore(text, at, floor).start;
  i = blanksBefore(text, i, floor);
  if (i - 4 >= floor && text.slice(i - 4, i) === 'sudo' && wordBefore(text, i, floor).start === i - 4) i = blanksBefore(text, i - 4, floor);
  return i > 0 && text[i - 1] === '|' && text[i - 2] !== '|' ? i - 1 : -1;
}

export const stdinCredentials: Pass = (text, found) => {
  if (!text.includes('chpasswd')) return [];
  const scan = new TextScan(text);
  const spans: Span[] = [];
  /** `user:password` inside `value`: the part after the colon. */
  const afterColon = (value: Span): void => {
    const colon = text.indexOf(':', value.start);
    if (colon === -1 || colon >= value.end) return;
    const secret = text.slice(colon + 1, value.end);
    if (isNotASecret(secret)) return;
    // printf 'u:X\n': the line end is printf's, not the password's.
    found(unquote(secret).replace(/\\n$/, ''));
    spans.push({ start: colon + 1, end: value.end });
  };
  CHPASSWD.lastIndex = 0;
  for (let m = CHPASSWD.exec(text); m; m = CHPASSWD.exec(text)) {
    const pipe = pipeBefore(text, m.index);
    const echoed = pipe === -1 ? undefined : echoedInto(text, pipe);
    if (echoed && (spans.length === 0 || echoed.start >= (spans[spans.length - 1] as Span).end)) afterColon(echoed);
    // chpasswd takes no argument with a colon: one is the here-string's line (<<< "u:X").
    const { words: list, end } = words(scan, m.index + m[0].length);
    for (const word of list) if (!text.startsWith('-', word.inner.start)) afterColon(word.inner);
    CHPASSWD.lastIndex = Math.max(CHPASSWD.lastIndex, end);
  }
  return spans;
};
