// One driver at a time. The lock lives in the journal file itself and is taken
// under a write transaction (BEGIN IMMEDIATE), so two processes cannot both win.

import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { JournalError, errorMessage } from './errors';
import type { Journal } from './journal';
import { bootedAt, processExists } from './process-alive';

export interface LockHolder {
  operator: string;
  user: string;
  host: string;
  pid: number;
  since: string;
}

export type LockResult = { ok: true; tookOverFrom?: LockHolder } | { ok: false; holder: LockHolder };

/**
 * Takes the journal's lock for `me`. A holder on this host whose process is gone is
 * taken over (returned in tookOverFrom, for the caller to journal); a holder on
 * another host is never taken over automatically.
 */
export function acquireLock(journal: Journal, me: LockHolder): LockResult {
  const db = writableConnection(journal);
  const read = db.prepare('SELECT operator, user, host, pid, since FROM lock WHERE id = 1');
  const write = db.prepare(
    'INSERT OR REPLACE INTO lock (id, operator, user, host, pid, since) VALUES (1, @operator, @user, @host, @pid, @since)',
  );
  const take = db.transaction((): LockResult => {
    const holder = read.get() as LockHolder | undefined;
    if (holder === undefined) {
      write.run(me);
      return { ok: true };
    }
    if (holder.host === me.host && holder.pid === me.pid) {
      write.run(me);
      return { ok: true };
    }
    if (holder.host === me.host && !holderAlive(holder)) {
      write.run(me);
      return { ok: true, tookOverFrom: holder };
    }
    return { ok: false, holder };
  });
  try {
    return take.immediate();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new JournalError('busy', journal.path, 'another process kept the journal busy; try again');
    }
    throw new JournalError('write-failed', journal.path, `could not take the lock: ${errorMessage(error)}`);
  }
}

/** Gives the lock up, if `me` still holds it. */
export function releaseLock(journal: Journal, me: LockHolder): void {
  writableConnection(journal).prepare('DELETE FROM lock WHERE id = 1 AND host = ? AND pid = ?').run(me.host, me.pid);
}

/** Who holds a journal's lock, if anyone (for `watch` and the "locked" message). */
export function lockHolder(journal: Journal): LockHolder | undefined {
  return journal.connection.prepare('SELECT operator, user, host, pid, since FROM lock WHERE id = 1').get() as
    | LockHolder
    | undefined;
}

/**
 * The driver at work on a journal now, if any: the lock's holder when its process lives (on
 * this host), or whatever holds it from another host (which cannot be checked from here and
 * which acquireLock does not take over either). A dead holder's lock is no driver.
 */
export function liveDriver(journal: Journal): LockHolder | undefined {
  const holder = lockHolder(journal);
  if (holder === undefined) return undefined;
  return holderAlive(holder) ? holder : undefined;
}

/**
 * Whether a lock's holder may still be at work: it is on another host (not checkable here),
 * or its process lives (a zombie does not) and the lock was taken during this boot. After a
 * power cut or a panic pids start over, and whatever process has the driver's pid now is
 * not the driver.
 */
export function holderAlive(holder: LockHolder): boolean {
  return holder.host !== hostname() || (processExists(holder.pid) && !takenBeforeBoot(holder));
}

function takenBeforeBoot(holder: LockHolder): boolean {
  const boot = bootedAt();
  const since = Date.parse(holder.since);
  // btime is in whole seconds: a second of slack.
  return boot !== null && Number.isFinite(since) && since < boot - 1000;
}

/** "alice (deploy@bastion-1, pid 4242) since 2026-11-23T18:10:12Z" */
export function describeHolder(holder: LockHolder): string {
  return `${holder.operator} (${holder.user}@${holder.host}, pid ${holder.pid}) since ${holder.since}`;
}

/** The one-line refusal a second `run`/`resume` prints. */
export function lockRefusal(path: string, holder: LockHolder): JournalError {
  return new JournalError('locked', path, `driven by ${describeHolder(holder)}; follow it read-only with: runbook watch ${path}`);
}

function writableConnection(journal: Journal): Database.Database {
  if (journal.readonly) throw new JournalError('read-only', journal.path, 'the journal is open read-only');
  return journal.connection;
}
