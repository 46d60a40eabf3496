// Private key blocks in text: where a key's body begins and ends, also when its END never
// comes (`head -1 key.pem`) or comes in a later batch of a step's output (the stream
// redactor in executors/redact.ts follows it there). Pure, and linear in the text.

import { REDACTED } from './secret-shapes';
import type { Pass } from './redact-programs';
import type { Span } from './text-scan';

// -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----
const KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
export const KEY_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;

/** Replaces every line of a private key's body, keeping the line structure. */
export const blankLines = (body: string): string => body.replace(/[^\r\n]+/g, REDACTED);

const BASE64_CHAR = /[A-Za-z0-9+/]/;
const PEM_HEADER = /^(?:Proc-Type|DEK-Info):/;
const ALL_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A line of a key's body: base64 alone (a short last line too), one ending in a run of 16
 * or more base64 characters (a log prefix before it), a PEM header (`Proc-Type:
 * 4,ENCRYPTED`), or empty. Read from its end, once: a long line costs no more than its
 * length.
 */
function isKeyBodyLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || PEM_HEADER.test(text) || ALL_BASE64.test(text)) return true;
  let end = text.length;
  while (end > 0 && text[end - 1] === '=' && text.length - end < 2) end--;
  let start = end;
  while (start > 0 && BASE64_CHAR.test(text[start - 1] as string)) start--;
  return end - start >= 16;
}

/** Where the lines of a key's body stop at the start of `text`: the index of the first line that is not one. */
export function keyBodyEnd(text: string): number {
  let at = 0;
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const line = text.slice(at, next === -1 ? text.length : next);
    if (!isKeyBodyLine(line)) return at;
    if (next === -1) return text.length;
    at = next + 1;
  }
  return text.length;
}

/**
 * Where the body of a key whose END never came stops, in the text that follows its BEGIN
 * marker: the rest of the BEGIN line, then every line that reads as key body. `head -1
 * key.pem`, a truncated key, a BEGIN line quoted in a command: what follows is evidence,
 * not key, and stays.
 */
function unendedKeyBody(afterBegin: string): number {
  const lineEnd = afterBegin.indexOf('\n');
  return lineEnd === -1 ? afterBegin.length : lineEnd + 1 + keyBodyEnd(afterBegin.slice(lineEnd + 1));
}

/** The text ends inside a key: its last BEGIN has no END after it, and all that follows reads as key body. */
export function endsInsideKey(text: string): boolean {
  const begins = new RegExp(KEY_BEGIN.source, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = begins.exec(text); m; m = begins.exec(text)) last = m;
  if (!last) return false;
  const after = text.slice(last.index + last[0].length);
  return !KEY_END.test(after) && unendedKeyBody(after) === after.length;
}

/** Each line of `text` from `start` to `end`, without its line end: a key body's spans to hide. */
function lineSpans(text: string, start: number, end: number, into: Span[]): void {
  const line = /[^\r\n]+/g;
  line.lastIndex = start;
  for (let m = line.exec(text); m && m.index < end; m = line.exec(text)) into.push({ start: m.index, end: Math.min(end, m.index + m[0].length) });
}

/** Private key blocks; a BEGIN without its END redacts the lines that read as its body. */
export const keyBlocks: Pass = (text) => {
  if (!text.includes('PRIVATE KEY')) return [];
  const spans: Span[] = [];
  const begins = new RegExp(KEY_BEGIN.source, 'g');
  for (let begin = begins.exec(text); begin; begin = begins.exec(text)) {
    const afterBegin = begin.index + begin[0].length;
    const rest = text.slice(afterBegin);
    const end = KEY_END.exec(rest);
    const stop = afterBegin + (end ? end.index : unendedKeyBody(rest));
    lineSpans(text, afterBegin, stop, spans);
    begins.lastIndex = end ? stop + end[0].length : stop;
  }
  return spans;
};
