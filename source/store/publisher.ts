// The publisher: a run's journal copied to the team store as it is committed, in the
// background. The journal's commit hook only tells it the new head (committed(): a number
// kept, a wake-up scheduled), so the operator never waits on the network. It reads the
// committed rows back from the file on a connection of its own (sync.ts), sends them in
// batches on its own PostgreSQL connection, and when the store cannot be reached it retries
// with backoff while the run goes on; what it has not sent waits in the journal for the
// next try, the next run or resume, or `runbook store push`.

import type pg from 'pg';
import { Journal } from '../journal/journal';
import { committedEvents } from '../journal/replica';
import type { StoreStatus } from '../run/store-status';
import { describeConnectError } from './location';
import { schemaVersion } from './migrations';
import { DEFAULT_LIMITS, afterRefusal, insertBatch, isChainRefusal, localRunId, readBatch, resumePoint, type BatchLimits } from './sync';
import { StoreError } from './errors';

export interface PublisherOptions {
  /** The run's journal file (it may not exist yet: it is opened at the first commit). */
  journalPath: string;
  /** A new connection to the store; injectable, so a test can point it at a proxy or a stopped server. */
  connect: () => Promise<pg.Client>;
  limits?: BatchLimits;
  /** The first retry after a failure, doubled up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** A statement that takes longer than this is taken for a store that froze: the connection is dropped. */
  queryTimeoutMs?: number;
  /**
   * And a batch gets 1 s more per this many bytes: a big one (a burst of output in one
   * commit) on a loaded server is slow, not frozen. Cut off at a fixed time, it was sent
   * again, cut off again, and never published.
   */
  bytesPerSecond?: number;
  /** At close, how long to wait for a store that is reachable to take the rest. */
  drainMs?: number;
}

type Phase = 'connecting' | 'live' | 'retrying' | 'refused' | 'closed';

export class Publisher {
  private readonly options: Required<Omit<PublisherOptions, 'limits'>> & { limits: BatchLimits };
  private readonly listeners = new Set<() => void>();
  private journal: Journal | undefined;
  private runId: string | undefined;
  private client: pg.Client | undefined;
  private phase: Phase = 'connecting';
  private problem: string | null = null;
  /** The local journal's committed head, as the commit hook said. */
  private localSeq = 0;
  /** The store's last seq for the run, as last known (what the header counts from). */
  private storeSeq = 0;
  /** The run went on elsewhere: the last event this journal shares with the store's chain. */
  private sharedSeq: number | null = null;
  /** storeSeq was asked of the store on this connection: publishing may go on from it. */
  private synced = false;
  private looping = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(options: PublisherOptions) {
    this.options = {
      firstRetryMs: 250,
      maxRetryMs: 10_000,
      queryTimeoutMs: 15_000,
      bytesPerSecond: 256 * 1024,
      drainMs: 2000,
      limits: DEFAULT_LIMITS,
      ...options,
    };
  }

  /** The journal committed up to `seq` (its commit hook): cheap, never waits. */
  committed(seq: number): void {
    if (seq <= this.localSeq || this.phase === 'closed') return;
    this.localSeq = seq;
    this.changed(false);
    this.wake();
  }

  /** Publishes what the journal already holds (resume, before anything new is committed). */
  catchUp(): void {
    try {
      this.committed(committedEvents(this.openJournal()));
    } catch {
      // An unreadable journal: the verb that opened it says so.
    }
  }

  status(): StoreStatus {
    // Gone on elsewhere: what this journal recorded past the chain it shares with the store can never be published.
    const behind = this.localSeq - (this.sharedSeq ?? this.storeSeq);
    return { behind: Math.max(0, behind), retrying: this.phase === 'retrying', refused: this.phase === 'refused', elsewhere: this.sharedSeq !== null, run: this.runId ?? null, problem: this.problem };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stops publishing. A store that is reachable gets up to drainMs to take what is left
   * (the run has ended: nobody waits on a key); one that is not is left at once.
   */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    if (this.phase !== 'retrying' && this.phase !== 'refused' && this.behind() > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.drainMs);
        this.idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.wake();
      });
    }
    this.phase = 'closed';
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.notifyTimer !== undefined) clearTimeout(this.notifyTimer);
    this.dropClient();
    this.journal?.close();
    this.journal = undefined;
  }

  /** A method, not the field: close() may have run during any await of the loop. */
  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  private behind(): number {
    return this.localSeq - this.storeSeq;
  }

  private wake(): void {
    if (this.looping || this.retryTimer !== undefined || this.phase === 'closed' || this.phase === 'refused') return;
    this.looping = true;
    // Off the commit's call stack: the loop's first read of the file happens after it returns.
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      while (this.phase !== 'closed' && (!this.synced || this.behind() > 0)) {
        const client = this.client ?? (await this.connect());
        if (!this.synced) {
          this.storeSeq = await this.timed(resumePoint(client, this.ensureRunId(), this.openJournal()));
          this.synced = true;
        }
        // Closed while the store answered: the journal is closed too, nothing more is read.
        if (this.isClosed()) break;
        const batch = readBatch(this.openJournal(), this.storeSeq, this.options.limits);
        const last = batch.events.at(-1);
        if (last === undefined) break;
        try {
          await this.timed(insertBatch(client, this.ensureRunId(), batch), this.allowance(batch));
          this.storeSeq = last.seq;
        } catch (error) {
          // Another publisher of this run (a `store push`) sent some of it: go on from where the store is.
          this.storeSeq = await this.timed(afterRefusal(client, this.ensureRunId(), this.openJournal(), this.storeSeq, error));
        }
        this.failures = 0;
        this.setPhase('live', null);
      }
      this.looping = false;
      if (this.behind() <= 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
    } catch (error) {
      this.looping = false;
      this.failed(error);
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = await this.timed(this.options.connect());
    client.on('error', () => this.dropClient());
    this.client = client;
    const version = await this.timed(schemaVersion(client));
    if (version < 1) throw new StoreError('the store has no runbook schema yet (runbook store init)', { unreachable: true });
    this.synced = false;
    return client;
  }

  private failed(error: unknown): void {
    this.dropClient();
    if (this.phase === 'closed') return;
    const message = error instanceof StoreError ? error.message : describeConnectError(error);
    // The database refused our chain itself, or the store went on elsewhere: retrying cannot help.
    const hopeless = (error instanceof StoreError && !error.unreachable) || isChainRefusal(error);
    if (hopeless) {
      const standing = error instanceof StoreError ? error.standing : null;
      if (standing?.kind === 'parted') this.sharedSeq = standing.at - 1;
      else if (standing?.kind === 'ahead') this.sharedSeq = standing.stored - standing.more;
      this.setPhase('refused', message);
      for (const waiter of this.idleWaiters.splice(0)) waiter();
      return;
    }
    this.setPhase('retrying', message);
    for (const waiter of this.idleWaiters.splice(0)) waiter();
    const delay = Math.min(this.options.maxRetryMs, this.options.firstRetryMs * 2 ** this.failures);
    this.failures += 1;
    // Jitter, so a team's bastions do not all come back at the same instant.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delay * (0.75 + Math.random() * 0.5));
    this.retryTimer.unref();
  }

  /** The extra time a batch of this size may take. */
  private allowance(batch: { events: readonly { payload: string }[]; chunks: readonly { text: string }[] }): number {
    let bytes = 0;
    for (const e of batch.events) bytes += e.payload.length;
    for (const c of batch.chunks) bytes += c.text.length;
    return Math.round((bytes / this.options.bytesPerSecond) * 1000);
  }

  /** A statement that does not answer in time: the connection is taken as lost. */
  private timed<T>(promise: Promise<T>, extraMs = 0): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = this.options.queryTimeoutMs + extraMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreError(`the store did not answer within ${limit} ms`, { unreachable: true })), limit);
      timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private dropClient(): void {
    const client = this.client;
    if (client === undefined) return;
    this.client = undefined;
    this.synced = false;
    // end() waits for the server to answer; a frozen one never does: cut the socket too.
    void client.end().catch(() => undefined);
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  private openJournal(): Journal {
    this.journal ??= Journal.open(this.options.journalPath, { readonly: true, follow: true });
    return this.journal;
  }

  private ensureRunId(): string {
    this.runId ??= localRunId(this.openJournal());
    return this.runId;
  }

  private setPhase(phase: Phase, problem: string | null): void {
    if (this.phase === 'closed') return;
    const was = this.phase;
    this.phase = phase;
    this.problem = problem;
    this.changed(was !== phase);
  }

  /** Tells the listeners; a mere count changing is told at most every 250 ms. */
  private changed(now: boolean): void {
    if (now) {
      if (this.notifyTimer !== undefined) clearTimeout(this.notifyTimer);
      this.notifyTimer = undefined;
      for (const listener of this.listeners) listener();
      return;
    }
    if (this.notifyTimer !== undefined) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      for (const listener of this.listeners) listener();
    }, 250);
    this.notifyTimer.unref();
  }
}
