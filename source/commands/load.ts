// Parsing a runbook file as it is now, with no cache (load-cached.ts keeps parsed runbooks
// for the commands whose start-up the operator waits on).

import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import { readRunbookFile } from './read-runbook';
import { parseRunbook } from '../runbook/parse';
import { RunbookError, type Runbook } from '../runbook/model';

export interface LoadedRunbook {
  runbook: Runbook;
  source: string;
}

export function parseRunbookText(file: string, source: string, sha256: string): Runbook {
  try {
    return parseRunbook(source, { file, sha256 });
  } catch (error) {
    if (error instanceof RunbookError) throw new InputError(error.file, error.line, error.message);
    throw error;
  }
}

/** The file's SHA-256: what a journal records of the runbook it ran. Loads node:crypto, as this module is loaded only to parse. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function loadRunbook(file: string): LoadedRunbook {
  const { source, bytes } = readRunbookFile(file);
  return { runbook: parseRunbookText(file, source, sha256Of(bytes)), source };
}
