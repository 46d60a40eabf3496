// Holding a run's lease while it is driven: a beat every few seconds in the background (its
// own connection, every query on a deadline), never on the operator's key path. What the
// driver asks before anything runs is answered from memory: held, not known (the store is
// unreachable: the run goes on, as it does without a store), or lost — a newer claim took
// the run over, and this process must record and run nothing more.
//
// A process that was frozen (SIGSTOP, a suspended VM) cannot know from memory: its last
// beat may be older than the takeover window. The first beat after such a gap is awaited
// (briefly) before the next step runs.

import { countWatchers, readLease, releaseLease, renewLease, type Lease, type Queryable } from './lease';

/** A connection of the keeper's own; closed with end(). */
export interface LeaseConnection extends Queryable {
  end(): Promise<void>;
}

export interface LeaseKeeperOptions {
  connect: () => Promise<LeaseConnection>;
  runId: string;
  gen: number;
  staleAfterMs: number;
  /** Between beats (default: a sixth of the stale window, at most 5 s). */
  beatMs?: number;
  /** How long a beat may take before its connection is given up (default 3 s). */
  deadlineMs?: number;
  /** A monotonic clock in ms. */
  clock?: () => number;
  /** Told once, when the store says the lease was taken. */
  onLost?: (to: Lease | null) => void;
}

export type LeaseStatus = 'held' | 'unknown' | 'lost';

/** How often a driver renews its lease: every 5 s, six times within the takeover window (shortened for tests). */
export function beatEvery(staleAfterMs: number): number {
  return Math.min(5_000, Math.max(200, Math.floor(staleAfterMs / 6)));
}

export class LeaseKeeper {
  private statusNow: LeaseStatus = 'held';
  private lost: Lease | null = null;
  private connection: LeaseConnection | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  /** The in-flight beat after a gap in the keeper's own timing (the process was frozen). */
  private doubt: Promise<void> | null = null;
  private lastAttempt: number;
  private watching = 0;
  private stopped = false;
  private readonly beatMs: number;
  private readonly deadlineMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.beatMs = options.beatMs ?? beatEvery(options.staleAfterMs);
    this.deadlineMs = options.deadlineMs ?? 3_000;
    this.clock = options.clock ?? (() => performance.now());
    this.lastAttempt = this.clock();
  }

  get status(): LeaseStatus {
    return this.statusNow;
  }

  /** The claim that took the run over, once lost (null if the store could not say). */
  get lostTo(): Lease | null {
    return this.lost;
  }

  /** Watchers through the store, as of the last beat. */
  get watchers(): number {
    return this.watching;
  }

  start(): void {
    this.schedule(this.beatMs);
  }

  /** Before a step runs: when the keeper's timing has a gap, the beat under way is awaited (at most budgetMs). */
  async confirm(budgetMs = 2_000): Promise<LeaseStatus> {
    if (this.clock() - this.lastAttempt > this.gapMs()) this.beatNow();
    if (this.doubt !== null) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.doubt, new Promise<void>((r) => (timer = setTimeout(r, budgetMs)))]);
      clearTimeout(timer);
    }
    return this.statusNow;
  }

  /** Stops beating; `release`: gives the lease up (the run was left here). */
  async stop(release: boolean): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
    const connection = this.connection;
    this.connection = null;
    if (connection === null && !release) return;
    try {
      if (release && this.statusNow !== 'lost') {
        const db = connection ?? (await this.withDeadline(this.options.connect()));
        await this.withDeadline(releaseLease(db, this.options.runId, this.options.gen));
        await db.end().catch(() => undefined);
      } else {
        await connection?.end().catch(() => undefined);
      }
    } catch {
      // The store is away: the lease goes stale on its own and the next driver says --take-over.
    }
  }

  private gapMs(): number {
    return this.beatMs * 2 + 1_000;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.beatNow(), ms);
    this.timer.unref();
  }

  private beatNow(): void {
    if (this.stopped || this.inFlight !== null || this.statusNow === 'lost') return;
    clearTimeout(this.timer);
    const now = this.clock();
    const gap = now - this.lastAttempt > this.gapMs();
    this.lastAttempt = now;
    const beat = this.beat().finally(() => {
      this.inFlight = null;
      if (this.doubt === beat) this.doubt = null;
      this.schedule(this.beatMs);
    });
    this.inFlight = beat;
    if (gap) this.doubt = beat;
  }

  private async beat(): Promise<void> {
    const { runId, gen } = this.options;
    try {
      this.connection ??= await this.withDeadline(this.options.connect());
      const db = this.connection;
      const answer = await this.withDeadline(renewLease(db, runId, gen));
      if (answer === 'lost') {
        // Who took it first, so the one line that stops the run can name them.
        this.lost = await this.withDeadline(readLease(db, runId)).catch(() => null);
        this.statusNow = 'lost';
        this.options.onLost?.(this.lost);
        return;
      }
      this.statusNow = 'held';
      this.watching = await this.withDeadline(countWatchers(db, runId));
    } catch {
      // Unreachable, frozen or cut: not known. A fresh connection next time.
      if (this.statusNow !== 'lost') this.statusNow = 'unknown';
      const broken = this.connection;
      this.connection = null;
      void broken?.end().catch(() => undefined);
    }
  }

  private withDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the store in ${this.deadlineMs} ms`)), this.deadlineMs);
    });
    // A query given up on may still fail later: that is no crash.
    work.catch(() => undefined);
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }
}
