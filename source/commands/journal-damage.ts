// Evidence read from a damaged journal says so: show and report still print what they can
// read (the operator investigating needs it), and one line on stderr tells whoever reads
// JSON, or a report written to a file, that the record does not hold. The JSON shapes stay
// as they are: `chain.valid` already carries a broken chain; the file's own damage has no field.

import type { ChainVerdict } from '../journal/verify';
import { visible } from '../run/terminal-text';

/**
 * The stderr warning for a journal whose chain is broken or whose file is damaged; null when
 * it holds. `journal` as the command was given it (a run id with `store`, read from the team store).
 */
export function damageWarning(given: { journal: string; store?: unknown }, chain: ChainVerdict, storage: string | undefined): string | null {
  const journal = given.store === undefined ? given.journal : `${given.journal} --store`;
  const what = !chain.valid
    ? `the journal's hash chain is BROKEN at event ${chain.firstBad?.seq ?? '?'}: ${chain.firstBad?.reason ?? 'unknown'}`
    : storage !== undefined
      ? `the journal file is DAMAGED (${storage}, SQLite integrity check)`
      : null;
  return what === null ? null : visible(`runbook: warning: ${what}: what this shows may be missing or untrue; runbook verify ${journal}\n`);
}
