// show, report and verify with --store: the run is read from the team store into a
// journal file of this process's own (a private temp directory, removed after), and the
// verb reads that as it reads any journal — the same chain check, the same output — but
// names the run `store:RUN_ID` where it would name the journal's path.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from './context';
import type { LockHolder } from '../journal/lock';
import { journalNamed, publishedStore, requiredStore } from './store-config';
import { runPrefix } from '../store/run-id';

export interface RecordedSource {
  /** The journal file to read. */
  path: string;
  /** What to call it where the verb names the journal: null for a local journal (its path). */
  label: string | null;
  /** Who drives the store's run now, by its fresh lease (a local journal's lock says it itself). */
  driver?: LockHolder;
  dispose(): void;
}

/** What a store copy is called in show, the report and verify. */
export const storeLabel = (runId: string): string => `store:${runId}`;

/** The journal a recorded-run verb reads: JOURNAL itself, or with --store the run RUN copied from the store. */
export async function recordedSource(ctx: CommandContext, args: { journal: string; store?: string | undefined }, verb: 'show' | 'report' | 'verify'): Promise<RecordedSource> {
  if (args.store === undefined) return { path: args.journal, label: null, dispose: () => undefined };
  // `--store` bare: a run this host has a journal of is read in the store that journal remembers.
  const location = (await publishedStore(ctx, verb, args.store, journalNamed(ctx, args.journal, args.store))) ?? (await requiredStore(ctx, args.store, verb));
  const [{ connectStore }, { resolveRun, copyRunToJournal }, { leaseDriver }, { staleAfterMs }, { requireSchema }] = await Promise.all([
    import('../store/location'),
    import('../store/fetch'),
    import('../store/lease'),
    import('../store/driving-lease'),
    import('../store/migrations'),
  ]);
  // A word that is no run id is refused before the network is.
  runPrefix(args.journal);
  const client = await connectStore(location, { env: ctx.env });
  const dir = mkdtempSync(join(tmpdir(), 'runbook-store-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    // A store from before the lease reads as well: a lease is only looked at, never needed.
    await requireSchema(client, location.display, 1);
    const runId = await resolveRun(client, args.journal);
    const path = join(dir, `${runId.slice(0, 12)}.runbook.sqlite`);
    // The lease before the events, as a local reader takes the lock before them: a driver
    // seen here either still runs its step when the events are copied, or recorded its end.
    const driver = await leaseDriver(client, runId, staleAfterMs(ctx.env));
    await copyRunToJournal(client, runId, path);
    return { path, label: storeLabel(runId), dispose, ...(driver ? { driver } : {}) };
  } catch (error) {
    dispose();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
