// Passwords a program reads on its standard input as user:password lines: chpasswd fed by
// `echo 'u:X' | sudo -S chpasswd`, `chpasswd <<< "u:X"` or a `chpasswd <<EOF` body. Pure;
// each chpasswd looks back at most LOOK_BACK characters, and reads its own command's words,
// its line once and the bodies that line asks for, so a long line stays linear.

import { isNotASecret } from './secret-shapes';
import { TextScan, unquote, type Span } from './text-scan';
import { words, type Pass } from './redact-programs';
import { heredocsAskedOn } from './shell-lines';

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
export function echoedInto(text: string, pipe: number): Span | undefined {
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
    // printf's format (`printf '%s\n' X |`) stands there as echo's options do.
    if (/^-[A-Za-z]+$/.test(raw) || /^(['"]?)%s(?:\\n)?\1$/.test(raw)) {
      before = word.start;
      continue;
    }
    return PRINTERS.has(raw.replace(/^.*[/;&|(`'"]/, '')) ? inner : undefined;
  }
}

// What may stand between the pipe and chpasswd: a runner with its options and settings
// (`| sudo -S chpasswd`, `| sudo -u root env LC_ALL=C chpasswd`).
const RUNNERS = new Set(['sudo', 'doas', 'env', 'nice', 'nohup', 'time']);
const NOT_A_RUNNER_WORD = /[;&|()`$<>'"\\]/;
// A runner's words are short: `sudo -u root -g shadow env LC_ALL=C`.
const RUNNER_LOOK_BACK = 200;

/** `| chpasswd`, `| sudo -S chpasswd`, `| /usr/sbin/chpasswd`: the pipe before the program at `at`, or -1. */
function pipeBefore(text: string, at: number): number {
  const floor = Math.max(0, at - RUNNER_LOOK_BACK);
  let pipe = at;
  while (pipe > floor && text[pipe - 1] !== '|' && text[pipe - 1] !== '\n') pipe--;
  pipe--;
  if (pipe < floor || text[pipe] !== '|' || text[pipe - 1] === '|') return -1;
  const between = text.slice(pipe + 1, at).split(/[ \t]+/).filter((w) => w !== '');
  // The directory chpasswd is run from is glued to it.
  if (/^[\w.-]*\/$|^\/[\w./-]*\/$/.test(between.at(-1) ?? '')) between.pop();
  if (between.length === 0) return pipe;
  const runner = (between[0] as string).replace(/^.*\//, '');
  return RUNNERS.has(runner) && !between.some((w) => NOT_A_RUNNER_WORD.test(w)) ? pipe : -1;
}

/** The lines of the heredoc bodies that the line from `lineStart` asks for, in order. */
function heredocLines(text: string, lineStart: number): Span[] {
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) return [];
  const out: Span[] = [];
  for (const delimiter of heredocsAskedOn(text.slice(lineStart, lineEnd))) {
    for (let start = lineEnd + 1; start <= text.length; ) {
      const found = text.indexOf('\n', start);
      const end = found === -1 ? text.length : found;
      lineEnd = end;
      const line = text.slice(start, end).trim();
      // In a runbook's source, a fence's end ends the step's script, body or not.
      if (line === delimiter || line.startsWith('```') || line.startsWith('~~~')) break;
      out.push({ start, end });
      start = end + 1;
    }
  }
  return out;
}

export const stdinCredentials: Pass = (text, found) => {
  if (!text.includes('chpasswd')) return [];
  const scan = new TextScan(text);
  const spans: Span[] = [];
  /** `user:password` inside `value`: the part after the colon. */
  const afterColon = (value: Span, into = spans): void => {
    const colon = text.indexOf(':', value.start);
    if (colon === -1 || colon >= value.end) return;
    const secret = text.slice(colon + 1, value.end);
    if (isNotASecret(secret)) return;
    // printf 'u:X\n': the line end is printf's, not the password's.
    found(unquote(secret).replace(/\\n$/, ''));
    into.push({ start: colon + 1, end: value.end });
  };
  // Apart, so `spans` stays in the order of the line's commands.
  const bodyLines: Span[] = [];
  // The line the current chpasswd stands on; the heredoc bodies of the last line read.
  let lineStart = 0;
  let lineEnd = text.indexOf('\n');
  let readFor = -1;
  let bodies: Span = { start: 0, end: 0 };
  CHPASSWD.lastIndex = 0;
  for (let m = CHPASSWD.exec(text); m; m = CHPASSWD.exec(text)) {
    // A chpasswd inside a body is a user:password line's text, not a command.
    if (m.index >= bodies.start && m.index < bodies.end) {
      CHPASSWD.lastIndex = bodies.end;
      continue;
    }
    const pipe = pipeBefore(text, m.index);
    const echoed = pipe === -1 ? undefined : echoedInto(text, pipe);
    if (echoed && (spans.length === 0 || echoed.start >= (spans[spans.length - 1] as Span).end)) afterColon(echoed);
    // chpasswd takes no argument with a colon: one is the here-string's line (<<< "u:X").
    const { words: list, end } = words(scan, m.index + m[0].length);
    for (const word of list) if (!text.startsWith('-', word.inner.start)) afterColon(word.inner);
    CHPASSWD.lastIndex = Math.max(CHPASSWD.lastIndex, end);
    // `chpasswd <<EOF`, `cat <<EOF | sudo chpasswd`: each line of the body is user:password.
    // A line's bodies are read once, however many chpasswd it names.
    while (lineEnd !== -1 && lineEnd < m.index) {
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
    }
    if (readFor === lineStart) continue;
    readFor = lineStart;
    const body = heredocLines(text, lineStart);
    for (const line of body) afterColon(line, bodyLines);
    if (body.length > 0) bodies = { start: lineEnd + 1, end: (body.at(-1) as Span).end };
  }
  return [...spans, ...bodyLines];
};
