// One driver at a time across hosts, as `run` and `resume` see it with a team store: the
// run's lease claimed before anything is recorded (a second driver refused in one line, exit
// 2), a run from another host copied into a local journal first (`resume RUN --store`, every
// hash verified), and the takeover (`--take-over`) recorded in the chain. The lease is then
// the run's permit (controller/permit.ts) and is kept in the background.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';
import { JournalError } from '../journal/errors';
import { journalDir } from '../journal/paths';
import { JournalImport } from '../journal/import';
import { Journal } from '../journal/journal';
import { runIdOf } from '../store/run-id';
import type { Identity } from '../journal/identity';
import type { RunEventMap } from '../run/events';
import type { StoreLocation } from '../store/location';
import type { DrivingLease } from '../store/driving-lease';
import type { LeaseHolder } from '../store/lease';
import type { CommandContext } from './context';

export interface LeasedResume {
  /** The local journal to drive: the one given, or the store's copy of the run. */
  path: string;
  lease: DrivingLease;
  /** What begin() records first when the run was taken over from another host. */
  takeover: RunEventMap['lease.takeover'] | null;
  /** Lines to say before the run goes on (a copy made, the store away). */
  notes: string[];
}

/** The run id of a journal just created (its first event's hash). */
export function newRunId(path: string): string | null {
  const journal = Journal.open(path, { readonly: true });
  try {
    const [first] = journal.events(1);
    return first ? runIdOf(first) : null;
  } finally {
    journal.close();
  }
}

function holderOf(identity: Identity): LeaseHolder {
  return { operator: identity.operator, user: identity.user ?? 'unknown', host: identity.host, pid: identity.pid };
}

async function drivingLease(ctx: CommandContext, store: StoreLocation, identity: Identity, journal: string): Promise<DrivingLease> {
  const [{ DrivingLease, staleAfterMs }, { connectStore }] = await Promise.all([import('../store/driving-lease'), import('../store/location')]);
  return new DrivingLease({
    connect: () => connectStore(store, { env: ctx.env, applicationName: 'runbook lease', connectTimeoutMs: 3_000 }),
    me: holderOf(identity),
    staleAfterMs: staleAfterMs(ctx.env),
    journal,
  });
}

/** `run FILE` with a store: the new run's lease, claimed in the background once the journal exists. */
export async function leaseForRun(ctx: CommandContext, store: StoreLocation, identity: Identity, journal: string): Promise<DrivingLease> {
  return drivingLease(ctx, store, identity, journal);
}

/** Claims a new run's lease (its first claim) without holding up the run. */
export function claimNewRun(lease: DrivingLease, runId: string): void {
  void lease
    .claim(runId, null)
    .then((claim) => {
      if (claim.ok) lease.keep(runId, claim.gen);
    })
    .catch(() => undefined);
}

/**
 * `resume JOURNAL|RUN` with a store. RUN (an id or an unambiguous prefix) that is no file
 * here is copied from the store into this host's journal directory first; a journal behind
 * the store is caught up (the store's chain must continue it). Then the lease: refused in one
 * line while another driver holds it (or held it lately, without --take-over).
 */
export async function leaseForResume(
  ctx: CommandContext,
  store: StoreLocation,
  identity: Identity,
  spec: { journal: string | null; run: string | null; takeOver: boolean },
): Promise<LeasedResume> {
  const [{ connectStore }, { resolveRunId, storeHashAt, catchUpFromStore }, { readLease, describeLease }, { leaseRefusal, staleAfterMs }] = await Promise.all([
    import('../store/location'),
    import('../store/copy-run'),
    import('../store/lease'),
    import('../store/driving-lease'),
  ]);
  const stale = staleAfterMs(ctx.env);
  const notes: string[] = [];
  const local = spec.journal;
  let runId = local !== null ? localRunId(local) : null;
  let db;
  try {
    db = await connectStore(store, { env: ctx.env, applicationName: 'runbook resume', connectTimeoutMs: 3_000 });
  } catch (error) {
    // A journal of this host goes on without the store, as a run does; a run only the store has cannot.
    if (local === null) throw error;
    notes.push(`! ${(error as Error).message}: the run's lease is not checked; publishing catches up when the store is back.`);
    return { path: local, lease: await drivingLease(ctx, store, identity, local), takeover: null, notes };
  }
  try {
    runId ??= await resolveRunId(db, spec.run ?? '', store.display);
    const path = local ?? join(journalDir(ctx.env), `${runId.slice(0, 16)}.runbook.sqlite`);
    const held = await readLease(db, runId);
    const me = holderOf(identity);
    const mine = held !== null && held.holder.host === me.host && !processAlive(held.holder.pid);
    let takeover: RunEventMap['lease.takeover'] | null = null;
    if (held !== null && !held.released && !mine) {
      const quietEnough = held.quietMs >= stale;
      if (!spec.takeOver || !quietEnough) throw leaseRefusal(path, runId, held, stale);
    }
    // The chain first: a journal of this host must be the start of the store's.
    const target = existsSync(path) ? JournalImport.open(path) : JournalImport.create(path, new Date().toISOString());
    try {
      const tip = target.tip;
      if (tip.seq > 0) {
        const theirs = await storeHashAt(db, runId, tip.seq);
        if (theirs !== null && theirs !== tip.hash) {
          throw new JournalError('damaged', path, `this journal and the store's copy of run ${runId.slice(0, 12)} part at event ${tip.seq}; ${held ? `the store's is driven by ${describeLease(held)}` : 'the store has another chain'}: this host drives it no more`);
        }
      }
      const copied = await catchUpFromStore(db, runId, target);
      if (copied > 0) notes.push(tip.seq === 0 ? `Copied run ${runId.slice(0, 12)} from the store (${copied} events, every hash verified) to ${path}.` : `Caught up ${copied} events from the store.`);
      const atSeq = target.tip.seq;
      const lease = await drivingLease(ctx, store, identity, path);
      const taking = held !== null && !held.released;
      const claim = await lease.claim(runId, taking ? { reason: takeoverReason(held.quietMs, mine) } : null, mine ? 0 : stale);
      if (!claim.ok) {
        const now = claim.lease ?? held;
        throw now ? leaseRefusal(path, runId, now, stale) : new JournalError('locked', path, 'another driver claimed the run at the same moment');
      }
      if (taking && held !== null) {
        takeover = { from: { ...held.holder, since: held.since, renewedAt: held.renewedAt }, to: me, reason: takeoverReason(held.quietMs, mine), atSeq };
      }
      lease.keep(runId, claim.gen);
      return { path, lease, takeover, notes };
    } finally {
      target.close();
    }
  } finally {
    await db.end().catch(() => undefined);
  }
}

function takeoverReason(quietMs: number, sameHost: boolean): string {
  return sameHost ? 'the driver process on this host is gone' : `lease not renewed for ${Math.floor(quietMs / 1000)} s; taken over with --take-over`;
}

/** The run id of a local journal (the hash of its first event). */
function localRunId(path: string): string {
  const importer = JournalImport.open(path);
  try {
    const first = importer.firstEvent();
    const id = runIdOf(first);
    if (id === null) throw new UsageError(`${path}: not a run journal (no run.started event)`);
    return id;
  } finally {
    importer.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
