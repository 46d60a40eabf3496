// Parsing a runbook file as it is now, with no cache (load-cached.ts keeps parsed runbooks
// for the commands whose start-up the operator waits on).

import { InputError } from '../errors';
import { readRunbookText } from './read-runbook';
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

export function loadRunbook(file: string): LoadedRunbook {
  const { source, sha256 } = readRunbookText(file);
  return { runbook: parseRunbookText(file, source, sha256), source };
}
