// Reading a runbook file: one clear line for every way it can be unusable.

import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import { parseRunbook } from '../runbook/parse';
import { RunbookError, type Runbook } from '../runbook/model';

export interface LoadedRunbook {
  runbook: Runbook;
  source: string;
}

export function readRunbookText(file: string): { source: string; sha256: string } {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new InputError(file, null, 'is a directory, not a runbook file');
    bytes = readFileSync(file);
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
  return { source, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function parseRunbookText(file: string, source: string, sha256: string): Runbook {
  try {
    return parseRunbook(source, { file, sha256 });
  } catch (error) {
    if (error instanceof RunbookError) throw new InputError(error.file, error.line, error.message);
    throw error;
  }
}

export function loadRunbook(file: string): LoadedRunbook {
  const { source, sha256 } = readRunbookText(file);
  return { runbook: parseRunbookText(file, source, sha256), source };
}
