// The driver's side of the lease, as `run` and `resume` hold it: claimed once at the start
// (a second driver is refused there, in one line), then kept in the background; it is the
// run's permit (controller/permit.ts): once the store says the run was taken over, this
// process records and runs nothing more, and says who took it.

import { JournalError } from '../journal/errors';
import { claimLease, describeLease, readLease, type ClaimResult, type Lease, type LeaseHolder } from './lease';
import { LeaseKeeper, beatEvery, type LeaseConnection, type LeaseStatus } from './lease-keeper';

export { STALE_AFTER_MS } from './lease';

/** The takeover window: 30 s; RUNBOOK_LEASE_STALE_MS shortens it for tests only. */
export function staleAfterMs(env: Record<string, string | undefined>): number {
  const value = Number(env.RUNBOOK_LEASE_STALE_MS);
  return Number.isSafeInteger(value) && value > 0 ? value : 30_000;
}

export interface DrivingLeaseOptions {
  connect: () => Promise<LeaseConnection>;
  me: LeaseHolder;
  staleAfterMs: number;
  /** The local journal: named in the one-line error, as every journal error is. */
  journal: string;
  /** How long a claim at the start may wait for the store (then the run goes on, and claims in the background). */
  claimDeadlineMs?: number;
}

export class DrivingLease {
  private keeper: LeaseKeeper | null = null;
  private runId: string | null = null;

  constructor(private readonly options: DrivingLeaseOptions) {}

  /** One claim, on a connection of its own; throws when the store cannot be reached in time. */
  async claim(runId: string, takeOver: { reason: string } | null, staleAfterMs = this.options.staleAfterMs): Promise<ClaimResult> {
    const db = await this.deadline(this.options.connect());
    try {
      return await this.deadline(claimLease(db, runId, this.options.me, { takeOver: takeOver !== null, staleAfterMs, ...(takeOver ? { reason: takeOver.reason } : {}) }));
    } finally {
      void db.end().catch(() => undefined);
    }
  }

  /** Who holds the run now (for a refusal), or null. */
  async holder(runId: string): Promise<Lease | null> {
    const db = await this.deadline(this.options.connect());
    try {
      return await this.deadline(readLease(db, runId));
    } finally {
      void db.end().catch(() => undefined);
    }
  }

  /** Keeps claim `gen` in the background from here on. */
  keep(runId: string, gen: number): void {
    this.runId = runId;
    this.keeper = new LeaseKeeper({ connect: this.options.connect, runId, gen, staleAfterMs: this.options.staleAfterMs });
    this.keeper.start();
  }

  get status(): LeaseStatus | 'not claimed' {
    return this.keeper?.status ?? 'not claimed';
  }

  /** Watchers through the store, as of the last beat. */
  get watchers(): number {
    return this.keeper?.watchers ?? 0;
  }

  /** The permit's check: throws once the run was taken over. */
  check(): void {
    if (this.keeper?.status !== 'lost' || this.runId === null) return;
    throw takenOverError(this.options.journal, this.runId, this.keeper.lostTo);
  }

  /** The permit's confirm: after a freeze, the store's answer first (briefly). */
  async confirm(): Promise<void> {
    await this.keeper?.confirm();
    this.check();
  }

  /** Stops keeping the lease; `release` when the run was left here (paused or ended), not taken. */
  async stop(release: boolean): Promise<void> {
    await this.keeper?.stop(release);
  }

  private deadline<T>(work: Promise<T>): Promise<T> {
    const ms = this.options.claimDeadlineMs ?? 5_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    work.catch(() => undefined);
    return Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from the store in ${ms} ms`)), ms))),
    ]).finally(() => clearTimeout(timer));
  }
}

/** "taken over by bob (bob@bastion-2, pid 77) since …: this host drives it no more; …" */
export function takenOverError(journal: string, runId: string, to: Lease | null): JournalError {
  const who = to ? describeLease(to) : 'another driver';
  return new JournalError('taken-over', journal, `run ${runId.slice(0, 12)} was taken over by ${who}: this host drives it no more; follow it with: runbook watch ${runId.slice(0, 12)} --store`);
}

/**
 * The one-line refusal of a second driver (the local lock's wording, with the lease's age).
 * `where`: the local journal, or `run ID` when this host has none. A lease quiet for more
 * than two beats (its driver may be gone) says how long it has been quiet and when a
 * takeover becomes possible; a refused --take-over says it of a lease renewed lately too.
 */
export function leaseRefusal(where: string, runId: string, lease: Lease, staleAfter: number, takeOver = false): JournalError {
  const quiet = Math.floor(lease.quietMs / 1000);
  const run = runId.slice(0, 12);
  const window = seconds(staleAfter);
  const beat = beatEvery(staleAfter);
  let hint: string;
  if (lease.quietMs >= staleAfter) {
    hint = `not renewed for ${quiet} s: take it over with: runbook resume ${run} --store --take-over`;
  } else {
    const left = seconds(Math.ceil((staleAfter - lease.quietMs) / 1000) * 1000);
    const age =
      lease.quietMs > 2 * beat ? `its lease has been quiet for ${quiet} s: --take-over is possible after ${window} (in ${left}); `
      : takeOver ? `its lease was renewed ${quiet} s ago (every ${seconds(beat)} while its driver lives): --take-over is possible once it has been quiet for ${window}; `
      : '';
    hint = `${age}follow it read-only with: runbook watch ${run} --store`;
  }
  // The old driver, back after a takeover, is told who took the run.
  return new JournalError('locked', where, `${lease.takeover ? 'taken over by' : 'driven by'} ${describeLease(lease)}; ${hint}`);
}

/** "30 s", "1.5 s": the takeover window as people read it (shortened only in tests). */
function seconds(ms: number): string {
  return `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}
