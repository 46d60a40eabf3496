// `watch RUN --store` from any host: the run's chain copied from the store into a private
// journal of the watcher's own (0600 in a 0700 temp directory, removed at the end), every
// hash verified, kept up to date by LISTEN/NOTIFY — and by catching up by sequence number
// whenever a notice may have been missed (at the start, after a reconnect, and every few
// seconds anyway). The screen then follows that journal exactly as it follows a local one.
// Meanwhile the watcher says it is there (the driver's "+1 watching") and reads who drives.

import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { JournalImport } from '../journal/import';
import { catchUpFromStore, resolveRunId } from './copy-run';
import { markWatcher, readLease, type Lease } from './lease';
import { requireSchema } from './migrations';

export const NOTIFY_CHANNEL = 'runbook_events';
/** Catch up by sequence number this often even when no notice came (a notice is lost on a reconnect). */
export const CATCH_UP_EVERY_MS = 2_000;
/** A watcher says it is there this often (lease.ts WATCHER_GONE_MS forgets it after 15 s). */
export const WATCHER_BEAT_MS = 2_000;

export interface StoreMirrorOptions {
  connect: () => Promise<pg.Client>;
  /** The run id or an unambiguous prefix. */
  run: string;
  display: string;
  operator: string;
  /** Told after each batch copied (the seq reached). */
  onCopied?: (seq: number) => void;
}

export interface StoreMirror {
  runId: string;
  /** The private journal the screen follows. */
  journalPath: string;
  /** The run's lease as the store last said (every WATCHER_BEAT_MS), or null when none was ever claimed. */
  lease(): Lease | null;
  /** "the store is unreachable (…); catching up when it returns", or null. */
  problem(): string | null;
  stop(): Promise<void>;
}

/** Copies the run and keeps the copy up to date until stop(). Throws (one line) when the run cannot be read at the start. */
export async function mirrorRun(options: StoreMirrorOptions): Promise<StoreMirror> {
  let db = await options.connect();
  const runId = await requireSchema(db, options.display, 1)
    .then(() => resolveRunId(db, options.run, options.display))
    .catch(async (error: unknown) => {
      await db.end().catch(() => undefined);
      throw error;
    });
  const dir = mkdtempSync(join(tmpdir(), 'runbook-watch-'));
  const journalPath = join(dir, `${runId.slice(0, 16)}.runbook.sqlite`);
  // A throwaway copy: no fsync per batch (the watcher waits on none).
  const copy = JournalImport.create(journalPath, new Date().toISOString(), { durable: false });
  const me = { id: randomUUID(), operator: options.operator, host: hostname() };
  let stopped = false;
  let connected = true;
  let problem: string | null = null;
  let lease: Lease | null = null;
  let counted = true;
  let fetching: Promise<void> | null = null;
  let again = false;

  const fail = (error: unknown) => {
    if (stopped) return;
    problem = `the store is unreachable (${(error as Error).message.split('\n')[0]}); catching up when it returns`;
    connected = false;
    void db.end().catch(() => undefined);
  };
  // One catch-up at a time; a notice during one asks for another after it.
  const catchUp = (): Promise<void> => {
    if (fetching !== null) {
      again = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        again = false;
        await catchUpFromStore(db, runId, copy, options.onCopied);
      } while (again && !stopped);
    })()
      .catch(fail)
      .finally(() => (fetching = null));
    return fetching;
  };
  const listen = async (client: pg.Client) => {
    client.on('notification', (n) => {
      if (n.channel === NOTIFY_CHANNEL && n.payload?.startsWith(`${runId} `)) void catchUp();
    });
    client.on('error', fail);
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
  };
  const beat = async () => {
    lease = await readLease(db, runId);
    if (counted) await markWatcher(db, runId, me).catch(() => (counted = false));
  };

  try {
    await listen(db);
    await catchUp();
    await beat();
  } catch (error) {
    copy.close();
    rmSync(dir, { recursive: true, force: true });
    await db.end().catch(() => undefined);
    throw error;
  }

  let reconnecting = false;
  const reconnect = async () => {
    if (reconnecting) return;
    reconnecting = true;
    try {
      const fresh = await options.connect();
      db = fresh;
      await listen(fresh);
      connected = true;
      problem = null;
    } catch (error) {
      fail(error);
    } finally {
      reconnecting = false;
    }
  };
  const catchUpTimer = setInterval(() => {
    if (stopped) return;
    if (!connected) {
      void reconnect().then(() => {
        if (connected) void catchUp();
      });
    } else void catchUp();
  }, CATCH_UP_EVERY_MS);
  const beatTimer = setInterval(() => {
    if (connected && !stopped) void beat().catch(fail);
  }, WATCHER_BEAT_MS);

  return {
    runId,
    journalPath,
    lease: () => lease,
    problem: () => problem,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(catchUpTimer);
      clearInterval(beatTimer);
      await fetching;
      if (connected && counted) await markWatcher(db, runId, me, true).catch(() => undefined);
      await db.end().catch(() => undefined);
      copy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
