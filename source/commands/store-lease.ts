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
import { runIdOf } from '../store/run-id';
import { openRecordedRun } from '../controller';
import { journalOfRun } from './run-journals';
import type { Identity } from '../journal/identity';
import type { RunEventMap } from '../run/events';
import type { StoreLocation } from '../store/location';
import type { DrivingLease } from '../store/driving-lease';
import type { LeaseHolder } from '../store/lease';
import type { CommandContext } from './context';
import { processExists } from '../journal/process-alive';

export interface LeasedResume {
  /** The local journal to drive: the one given, this host's own of the run, or the store's copy of it. */
  path: string;
  /** Null: the run is over (completed or aborted), and no lease was taken. */
  lease: DrivingLease | null;
  /** What begin() records first when the run was taken over from another host. */
  takeover: RunEventMap['lease.takeover'] | null;
  /** Lines to say before the run goes on (a copy made, the store away). */
  notes: string[];
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

/**
 * `run FILE --store`, before anything starts: a store that answers must hold the lease's
 * tables (a store from an older runbook does not), or the run is refused in one line: it
 * would go on with no lease, and the operator would believe the store kept a second driver
 * off it. `run` does not upgrade it: its writer role may not create tables. A store that
 * does not answer blocks nothing; the lease is claimed in the background once it does.
 */
export async function requireLeaseSchema(ctx: CommandContext, store: StoreLocation): Promise<void> {
  const [{ connectStore }, { requireSchema, LATEST_VERSION }, { StoreError }] = await Promise.all([import('../store/location'), import('../store/migrations'), import('../store/errors')]);
  let db;
  try {
    db = await connectStore(store, { env: ctx.env, applicationName: 'runbook run', connectTimeoutMs: 3_000 });
  } catch {
    return;
  }
  try {
    await requireSchema(db, store.display, LATEST_VERSION);
  } catch (error) {
    if (error instanceof StoreError) throw new StoreError(`${error.message}: with no lease there, nothing would keep a second driver off this run; nothing was started`);
    // The store stopped answering mid-question: as unreachable, it blocks nothing.
  } finally {
    await db.end().catch(() => undefined);
  }
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
 * `resume JOURNAL|RUN` with a store. RUN (an id or an unambiguous prefix) is this host's own
 * journal of the run when it has one, else copied from the store into this host's journal
 * directory first; a journal behind the store is caught up (the store's chain must continue
 * it: one that parted from it is refused). A run that is over takes no lease. Else the lease:
 * refused in one line while another driver holds it (or held it lately, without --take-over);
 * claimed in the name of whoever resumes, or the run's own operator when nobody is named.
 */
export async function leaseForResume(
  ctx: CommandContext,
  store: StoreLocation,
  identity: Identity,
  spec: { journal: string | null; run: string | null; takeOver: boolean },
): Promise<LeasedResume> {
  const [{ connectStore }, { resolveRunId, catchUpFromStore }, { readLease, describeLease }, { leaseRefusal, staleAfterMs }, { standingOf, partedText }, { requireSchema, LATEST_VERSION }] = await Promise.all([
    import('../store/location'),
    import('../store/copy-run'),
    import('../store/lease'),
    import('../store/driving-lease'),
    import('../store/standing'),
    import('../store/migrations'),
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
    const run = runOf(ctx, local);
    return { path: local, lease: run.over ? null : await drivingLease(ctx, store, { ...identity, operator: identity.operator || run.operator }, local), takeover: null, notes };
  }
  try {
    // The lease is the newest part of the schema: a store without it (never initialised, or
    // from an older runbook) cannot say who drives. This host's journal goes on without it.
    const schema = await requireSchema(db, store.display, LATEST_VERSION).then(
      () => null,
      (error: unknown) => error,
    );
    if (schema !== null) {
      if (local === null) throw schema;
      notes.push(`! ${(schema as Error).message}: the run's lease is not checked.`);
      return { path: local, lease: null, takeover: null, notes };
    }
    runId ??= await resolveRunId(db, spec.run ?? '', store.display);
    const own = local ?? journalOfRun(ctx.env, runId);
    const path = own ?? join(journalDir(ctx.env), `${runId.slice(0, 16)}.runbook.sqlite`);
    const held = await readLease(db, runId);
    const mine = held !== null && held.holder.host === identity.host && !processExists(held.holder.pid);
    // The refusal names this host's journal, or the run when this host has none.
    const where = own ?? `run ${runId.slice(0, 12)}`;
    if (held !== null && !held.released && !mine) {
      const quietEnough = held.quietMs >= stale;
      if (!spec.takeOver || !quietEnough) throw leaseRefusal(where, runId, held, stale, spec.takeOver);
    }
    // The chain first: a journal of this host must be the start of the store's (or the store of it).
    const target = existsSync(path) ? JournalImport.open(path) : JournalImport.create(path, new Date().toISOString());
    let atSeq: number;
    try {
      const tip = target.tip;
      if (tip.seq > 0) {
        const standing = await standingOf(db, runId, { events: tip.seq, hashAt: (seq) => target.hashAt(seq) });
        if (standing.kind === 'parted') {
          const driver = held && !held.released ? `; driven there by ${describeLease(held)}` : '';
          const aside = local === null ? `; to drive the store's run from this host, move this journal aside first` : '';
          throw new JournalError('damaged', path, `this journal ${partedText(runId, standing)}${driver}; this host drives it no more (what it recorded stays in this journal: runbook show ${path})${aside}`);
        }
      }
      const copied = await catchUpFromStore(db, runId, target);
      if (copied > 0) notes.push(tip.seq === 0 ? `Copied run ${runId.slice(0, 12)} from the store (${copied} events, every hash verified) to ${path}.` : `Caught up ${copied} events from the store.`);
      atSeq = target.tip.seq;
    } finally {
      target.close();
    }
    // A run that is over has nothing to drive: no lease is taken (resume says so and leaves).
    const run = runOf(ctx, path);
    if (run.over) return { path, lease: null, takeover: null, notes };
    const me = holderOf({ ...identity, operator: identity.operator || run.operator });
    const lease = await drivingLease(ctx, store, { ...identity, operator: me.operator }, path);
    const taking = held !== null && !held.released;
    const claim = await lease.claim(runId, taking ? { reason: takeoverReason(held.quietMs, mine) } : null, mine ? 0 : stale);
    if (!claim.ok) {
      const now = claim.lease ?? held;
      throw now ? leaseRefusal(path, runId, now, stale, spec.takeOver) : new JournalError('locked', path, 'another driver claimed the run at the same moment');
    }
    const takeover = taking && held !== null ? { from: { ...held.holder, since: held.since, renewedAt: held.renewedAt }, to: me, reason: takeoverReason(held.quietMs, mine), atSeq } : null;
    lease.keep(runId, claim.gen);
    return { path, lease, takeover, notes };
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Whether the run in a journal is over (completed or aborted), and who its operator is now. */
function runOf(ctx: CommandContext, path: string): { over: boolean; operator: string } {
  const run = openRecordedRun(path, ctx.cwd);
  try {
    return { over: run.state.lifecycle === 'completed' || run.state.lifecycle === 'aborted', operator: run.state.operator };
  } finally {
    run.close();
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
