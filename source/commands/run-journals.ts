// The journals this account knows, and which run each holds (its id, the hash of its first
// event): `list` and `store status` read them all; `resume RUN --store` goes on in this
// host's own journal of the run, and the verbs that take a run id ask it for its store.

import { existsSync } from 'node:fs';
import { Journal } from '../journal/journal';
import { journalDir, listJournals } from '../journal/paths';
import { committedEvents, firstEventRow } from '../journal/replica';
import { runIdOf } from '../journal/run-id';
import { openConfig } from '../config';

/** The journals this account knows: those it remembers (run, resume) and those in its journal directory. */
export function knownJournals(env: Record<string, string | undefined>): string[] {
  const remembered = openConfig(env).get('journals');
  const found = listJournals(journalDir(env));
  return [...new Set([...remembered, ...found])].filter((p) => existsSync(p));
}

/** The run id of a journal (its first event's hash); null when it holds no run yet. */
export function journalRunId(path: string): string | null {
  const journal = Journal.open(path, { readonly: true });
  try {
    return runIdOf(firstEventRow(journal));
  } finally {
    journal.close();
  }
}

/**
 * This account's journal of the run `run` (its id, or a prefix of it as the store takes
 * one), the longest should there be more; null when none holds it, or when journals of
 * more than one run match the prefix (the store then says which).
 */
export function journalOfRun(env: Record<string, string | undefined>, run: string): string | null {
  const prefix = run.trim().toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(prefix)) return null;
  let found: { path: string; runId: string; events: number } | null = null;
  for (const path of knownJournals(env)) {
    try {
      const journal = Journal.open(path, { readonly: true });
      try {
        const runId = runIdOf(firstEventRow(journal));
        if (runId === null || !runId.startsWith(prefix)) continue;
        if (found !== null && found.runId !== runId) return null;
        const events = committedEvents(journal);
        if (found === null || events > found.events) found = { path, runId, events };
      } finally {
        journal.close();
      }
    } catch {
      // Not readable as a journal: `runbook list` says why.
    }
  }
  return found?.path ?? null;
}
