// The lease in SQL: who drives a run now, claiming it, renewing it, giving it up. The
// rules (one generation after another, a takeover only once the lease is stale, a beat of
// a lost claim refused) are the database's own (lease-schema.ts); this module asks and
// reads the answers.

import type { LockHolder } from '../journal/lock';

/** What runs a query: a pg Client (or Pool). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Who drives (the same fields as the journal's local lock). */
export interface LeaseHolder {
  operator: string;
  user: string;
  host: string;
  pid: number;
}

/** A run's lease as the store has it: its latest claim. */
export interface Lease {
  gen: number;
  holder: LeaseHolder;
  /** When the claim was made (ISO, the server's clock). */
  since: string;
  /** When it was last renewed (ISO, the server's clock). */
  renewedAt: string;
  /** Milliseconds since then, by the server's clock. */
  quietMs: number;
  released: boolean;
  takeover: boolean;
}

export type ClaimResult =
  | { ok: true; gen: number; /** The lease taken over, if any. */ from: Lease | null }
  /** held: not released and no --take-over; renewed: a takeover, but the holder renewed lately; raced: another claim came first. */
  | { ok: false; why: 'held' | 'renewed' | 'raced'; lease: Lease | null };

/** Milliseconds without a beat after which a lease may be taken over (30 s; RUNBOOK_LEASE_STALE_MS for tests only). */
export const STALE_AFTER_MS = 30_000;

interface LeaseRow {
  gen: number;
  operator: string;
  os_user: string;
  host: string;
  pid: number;
  since: Date;
  renewed_at: Date;
  quiet_ms: string | number;
  released: boolean;
  takeover: boolean;
}

const READ_LEASE = `
SELECT c.gen, c.operator, c.os_user, c.host, c.pid, c.takeover, c.at AS since,
       greatest(c.at, b.at) AS renewed_at,
       floor(extract(epoch FROM clock_timestamp() - greatest(c.at, b.at)) * 1000) AS quiet_ms,
       coalesce(b.released, false) AS released
  FROM runbook.lease_claims c
  LEFT JOIN LATERAL (
    SELECT max(at) AS at, bool_or(released) AS released FROM runbook.lease_beats WHERE run_id = c.run_id AND gen = c.gen
  ) b ON true
 WHERE c.run_id = $1
 ORDER BY c.gen DESC
 LIMIT 1`;

export async function readLease(db: Queryable, runId: string): Promise<Lease | null> {
  const row = (await db.query(READ_LEASE, [runId])).rows[0] as LeaseRow | undefined;
  if (row === undefined) return null;
  return {
    gen: row.gen,
    holder: { operator: row.operator, user: row.os_user, host: row.host, pid: row.pid },
    since: row.since.toISOString(),
    renewedAt: row.renewed_at.toISOString(),
    quietMs: Number(row.quiet_ms),
    released: row.released,
    takeover: row.takeover,
  };
}

/**
 * Who drives the run now, in the local lock's shape: the holder of a lease neither released
 * nor quiet for the takeover window; undefined when nobody does, or the store cannot say (a
 * store without the lease's tables).
 */
export async function leaseDriver(db: Queryable, runId: string, staleAfterMs: number): Promise<LockHolder | undefined> {
  const lease = await readLease(db, runId).catch(() => null);
  if (lease === null || lease.released || lease.quietMs >= staleAfterMs) return undefined;
  return { ...lease.holder, since: lease.since };
}

/** Claims a run's lease for `me`: the first claim, after a release, or (takeOver) once the holder is quiet for staleAfterMs. */
export async function claimLease(
  db: Queryable,
  runId: string,
  me: LeaseHolder,
  options: { takeOver: boolean; staleAfterMs: number; reason?: string },
): Promise<ClaimResult> {
  const before = await readLease(db, runId);
  const gen = (before?.gen ?? 0) + 1;
  try {
    await db.query(
      'INSERT INTO runbook.lease_claims (run_id, gen, operator, os_user, host, pid, takeover, reason, stale_after_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [runId, gen, me.operator, me.user, me.host, me.pid, options.takeOver && before !== null && !before.released, options.reason ?? '', options.staleAfterMs],
    );
  } catch (error) {
    const why = refusal(error);
    if (why === null) throw error;
    return { ok: false, why, lease: await readLease(db, runId) };
  }
  return { ok: true, gen, from: before !== null && !before.released ? before : null };
}

/** A beat: 'renewed', or 'lost' when a newer claim took the run (or this one was released). */
export async function renewLease(db: Queryable, runId: string, gen: number): Promise<'renewed' | 'lost'> {
  try {
    await db.query('INSERT INTO runbook.lease_beats (run_id, gen) VALUES ($1, $2)', [runId, gen]);
    return 'renewed';
  } catch (error) {
    if (sqlState(error) === 'RB004') return 'lost';
    throw error;
  }
}

/** Gives the lease up (the run is left, paused or ended): the next driver needs no --take-over. */
export async function releaseLease(db: Queryable, runId: string, gen: number): Promise<void> {
  try {
    await db.query('INSERT INTO runbook.lease_beats (run_id, gen, released) VALUES ($1, $2, true)', [runId, gen]);
  } catch (error) {
    // Already lost: nothing of ours to give up.
    if (sqlState(error) !== 'RB004') throw error;
  }
}

/** Says a watcher is there (every few seconds), or is leaving. */
export async function markWatcher(db: Queryable, runId: string, watcher: { id: string; operator: string; host: string }, leaving = false): Promise<void> {
  await db.query('INSERT INTO runbook.watchers (run_id, watcher, operator, host, leaving) VALUES ($1, $2, $3, $4, $5)', [runId, watcher.id, watcher.operator, watcher.host, leaving]);
}

/** A watcher that said nothing for this long is gone (it says so every WATCHER_BEAT_MS). */
export const WATCHER_GONE_MS = 15_000;

/** How many watchers a run has now: those heard from lately that have not left. */
export async function countWatchers(db: Queryable, runId: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM (
       SELECT watcher, bool_or(leaving) AS left_ FROM runbook.watchers
        WHERE run_id = $1 AND at > clock_timestamp() - make_interval(secs => $2 / 1000.0)
        GROUP BY watcher) w
      WHERE NOT left_`,
    [runId, WATCHER_GONE_MS],
  );
  return (rows[0] as { n: number } | undefined)?.n ?? 0;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function refusal(error: unknown): 'held' | 'renewed' | 'raced' | null {
  switch (sqlState(error)) {
    case 'RB001':
    case '23505':
      return 'raced';
    case 'RB002':
      return 'held';
    case 'RB003':
      return 'renewed';
    default:
      return null;
  }
}

/** "ana (ana@bastion-1, pid 4242) since 2026-…Z" — the local lock's wording. */
export function describeLease(lease: Lease): string {
  const h = lease.holder;
  return `${h.operator} (${h.user}@${h.host}, pid ${h.pid}) since ${lease.since}`;
}
