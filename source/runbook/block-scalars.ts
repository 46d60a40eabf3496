// YAML block scalars under a credential's name: `password: |` or `token: >-`, the value on
// the indented lines below (a values file, a config a step cats, a heredoc that writes
// one). Every line of the body is hidden, its line end kept; the stream redactor in
// executors/redact.ts follows a body into the next batch of a step's output. Pure, and
// linear in the text: each line start is tried once, each body line read once.

import { isNotASecret, isSensitiveName } from './secret-shapes';
import type { Pass } from './redact-programs';
import type { Span } from './text-scan';

// `  password: |`, `- api_token: >-`, `"secret": |2`: a key alone on its line, then a block
// indicator (| or >, with a chomping and an indentation indicator) and maybe a comment.
const BLOCK_KEY = /^([ \t]*)(?:-[ \t]+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2[ \t]*:[ \t]*[|>][-+1-9]{0,2}[ \t]*(?:#[^\n]*)?\r?$/gm;
const ANY_BLOCK = /:[ \t]*[|>]/;

/** The indentation of the line from `start`, or -1 when it is blank (a blank line stays in a body). */
function indentOf(text: string, start: number): number {
  let at = start;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at === text.length || text[at] === '\n' || text[at] === '\r' ? -1 : at - start;
}

/** Where the body of a block under a key indented by `indent` stops at the start of `text` (the first line indented no more). */
export function blockBodyEnd(text: string, indent: number, from = 0): number {
  let at = from;
  while (at < text.length) {
    const own = indentOf(text, at);
    if (own !== -1 && own <= indent) return at;
    const next = text.indexOf('\n', at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return text.length;
}

/** The content of each line from `start` to `end`, blanks each side left out. */
export function bodyLines(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  for (let at = start; at < end; ) {
    const next = text.indexOf('\n', at);
    const lineEnd = next === -1 || next > end ? end : next;
    let s = at;
    let e = lineEnd;
    while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
    while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t' || text[e - 1] === '\r')) e--;
    if (e > s && !isNotASecret(text.slice(s, e))) out.push({ start: s, end: e });
    at = lineEnd + 1;
  }
  return out;
}

/**
 * The indentation of a credential's block key whose body runs to the end of the text (the
 * body goes on in the next batch of output), or -1.
 */
export function openBlockIndent(text: string): number {
  if (!ANY_BLOCK.test(text)) return -1;
  let open = -1;
  BLOCK_KEY.lastIndex = 0;
  for (let m = BLOCK_KEY.exec(text); m; m = BLOCK_KEY.exec(text)) {
    if (!isSensitiveName(m[3] as string)) continue;
    const indent = (m[1] as string).length;
    const bodyStart = m.index + m[0].length + 1;
    const end = blockBodyEnd(text, indent, bodyStart);
    open = end >= text.length ? indent : -1;
    BLOCK_KEY.lastIndex = Math.max(BLOCK_KEY.lastIndex, end);
  }
  return open;
}

export const blockScalars: Pass = (text, found) => {
  if (!ANY_BLOCK.test(text)) return [];
  const spans: Span[] = [];
  BLOCK_KEY.lastIndex = 0;
  for (let m = BLOCK_KEY.exec(text); m; m = BLOCK_KEY.exec(text)) {
    if (!isSensitiveName(m[3] as string)) continue;
    const bodyStart = m.index + m[0].length + 1;
    const end = blockBodyEnd(text, (m[1] as string).length, bodyStart);
    const lines = bodyLines(text, bodyStart, end);
    // The value a program reads: the lines kept apart (|) or folded into one (>).
    const folded = m[0].trimEnd().replace(/#.*$/, '').includes('>');
    const value = lines.map((s) => text.slice(s.start, s.end)).join(folded ? ' ' : '\n');
    if (value !== '') found(value);
    for (const line of lines) spans.push(line);
    BLOCK_KEY.lastIndex = Math.max(BLOCK_KEY.lastIndex, end);
  }
  return spans;
};
