// Reading a runbook file: one clear line for every way it can be unusable.

import { statSync, type Stats } from 'node:fs';
import { InputError } from '../errors';
import { MAX_RUNBOOK_BYTES, nestingProblem, readBounded } from './runbook-limits';

/** Why a path is not a file runbook reads, or null for a regular file. */
function notRegular(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'is a directory, not a runbook file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (stats.isCharacterDevice()) return 'is a character device, not a regular file';
  if (stats.isBlockDevice()) return 'is a block device, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/** The file's text (and its bytes), or an InputError saying why it is not a runbook file. */
export function readRunbookFile(file: string): { source: string; bytes: Buffer } {
  const read = readRunbookText(file);
  assertNesting(file, read.source);
  return read;
}

/**
 * As readRunbookFile, but for the nesting (assertNesting, a pass over every line): a text
 * the parse cache holds passed it when it was parsed, so a cached load skips it.
 */
export function readRunbookText(file: string): { source: string; bytes: Buffer } {
  let bytes: Buffer;
  try {
    // Before opening: opening a named pipe waits for a writer, forever if none comes.
    const kind = notRegular(statSync(file));
    if (kind) throw new InputError(file, null, kind);
    const read = readBounded(file);
    if (read.tooBig) throw new InputError(file, null, `is over ${MAX_RUNBOOK_BYTES / 1024 / 1024} MiB; runbook reads checklists up to that size (split it)`);
    bytes = read.bytes;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, null, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(error)})`);
  }
  if (bytes.includes(0)) throw new InputError(file, null, 'is a binary file, not Markdown');
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, null, 'is not UTF-8 text');
  }
  return { source, bytes };
}

/** An InputError at the first line that nests too deeply for the parser. */
export function assertNesting(file: string, source: string): void {
  const nesting = nestingProblem(source);
  if (nesting) throw new InputError(file, nesting.line, nesting.message);
}
