// Naming a run in the store: its id (journal/run-id.ts: the hash of its run.started
// event) or an unambiguous prefix of it, as with git commits.

import { StoreError } from './errors';

export { runIdOf, SHORT_RUN_ID } from '../journal/run-id';

/** A prefix must be hex and at least this long: shorter ones collide in any busy store. */
export const MIN_PREFIX = 4;

/** RUN as given, lowercased, once it is a plausible id or prefix; a one-line StoreError otherwise. */
export function runPrefix(given: string): string {
  const prefix = given.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(prefix) || prefix.length < MIN_PREFIX || prefix.length > 64) {
    throw new StoreError(`"${given}" is not a run id: give the id, or at least its first ${MIN_PREFIX} hex digits (runbook list --store)`);
  }
  return prefix;
}

/** The one run among the ids starting with the prefix; none or several is a one-line StoreError (exit 2). */
export function pickRun(prefix: string, candidates: readonly string[]): string {
  const matching = candidates.filter((id) => id.startsWith(prefix));
  if (matching.length === 1) return matching[0] as string;
  if (matching.length === 0) throw new StoreError(`no run ${prefix} in the store (runbook list --store)`);
  const shown = matching.slice(0, 5).map((id) => id.slice(0, 16));
  throw new StoreError(`run ${prefix} is ambiguous: ${shown.join(', ')}${matching.length > 5 ? ` and more` : ''}; give more of its id`);
}
