// What runbook refuses to read, before the Markdown parser sees it: the parser's time grows
// with size and, much faster, with how deep lists and quotes nest, so a hostile or broken
// file could otherwise hold `check` (and `run`) for minutes. The limits are far beyond any
// real checklist: the seeds are under 64 KiB and nest a few levels.

import { closeSync, openSync, readSync } from 'node:fs';

/** 1 MiB: seventeen times the largest seed. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

/** Levels of list, quote and indentation on one line. */
export const MAX_NESTING = 100;

/** The sum over lines of depth², a bound on the parser's work for nesting. */
export const MAX_NESTING_WORK = 5_000_000;

/** Reads at most MAX_RUNBOOK_BYTES (+1 to tell), so /dev/zero or a huge file cannot fill memory. */
export function readBounded(file: string): { bytes: Buffer; tooBig: boolean } {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_RUNBOOK_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { bytes: buffer.subarray(0, Math.min(length, MAX_RUNBOOK_BYTES)), tooBig: length > MAX_RUNBOOK_BYTES };
  } finally {
    closeSync(fd);
  }
}

/** How deep a line's start nests: `>` quotes, list markers, and indentation (2 columns a level). */
function depthOf(line: string): number {
  let depth = 0;
  let columns = 0;
  let i = 0;
  for (;;) {
    const c = line[i];
    if (c === ' ') {
      columns += 1;
      i += 1;
    } else if (c === '\t') {
      columns += 4 - (columns % 4);
      i += 1;
    } else if (c === '>') {
      depth += 1;
      i += 1;
    } else if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      depth += 1;
      i += 2;
    } else {
      const ordered = /^\d{1,9}[.)][ \t]/.exec(line.slice(i, i + 12));
      if (!ordered) break;
      depth += 1;
      i += ordered[0].length;
    }
  }
  return depth + Math.floor(columns / 2);
}

/** The first line that nests too deeply (or where the nesting work runs out), or null. */
export function nestingProblem(source: string): { line: number; message: string } | null {
  let work = 0;
  let line = 0;
  for (let start = 0; start <= source.length; ) {
    const end = source.indexOf('\n', start);
    const text = source.slice(start, end === -1 ? source.length : end);
    line += 1;
    const depth = depthOf(text);
    if (depth > MAX_NESTING) return { line, message: `nested ${depth} levels deep (lists, quotes or indentation); runbook reads at most ${MAX_NESTING}` };
    work += depth * depth;
    if (work > MAX_NESTING_WORK) return { line, message: 'lists or quotes nest too deeply on too many lines for runbook to read' };
    if (end === -1) break;
    start = end + 1;
  }
  return null;
}
