// A run's journal as the controller sees it: append events, commit, and keep the
// replayed state in step with what is really committed (state == replay, always).

import { Journal, JournalError, type CommitHook, type Redaction } from '../journal/journal';
import { acquireLock, lockRefusal, releaseLock, type LockHolder } from '../journal/lock';
import type { RunEvent, RunEventMap, RunEventType } from '../run/events';
import { initialState, reduce, withLifecycle } from '../run/reducer';
import type { RunState } from '../run/state';
import type { Identity } from '../journal/identity';
import { damage } from '../journal/verify';
import { describeUnreadable, readableEvents } from '../run/event-shapes';
import { ALWAYS, type DrivingPermit } from './permit';

export class RunSession {
  private current: RunState;
  private readonly listeners = new Set<(state: RunState) => void>();
  private readonly holder: LockHolder;
  private locked = true;
  private closed = false;
  /** The team store's lease, when the run has one: nothing is recorded once it is lost. */
  permit: DrivingPermit = ALWAYS;

  private constructor(
    readonly journal: Journal,
    identity: Identity,
    state: RunState,
  ) {
    this.current = state;
    this.holder = lockHolder(identity);
  }

  get state(): RunState {
    return this.current;
  }

  /** Creates the journal, takes the lock and records the start of the run. */
  static create(path: string, identity: Identity, started: RunEventMap['run.started'], redact: Redaction, onCommit?: CommitHook): RunSession {
    const journal = Journal.create(path, { redact, onCommit });
    const lock = acquireLock(journal, lockHolder(identity));
    if (!lock.ok) {
      journal.close();
      throw lockRefusal(path, lock.holder);
    }
    const first = journal.append('run.started', started) as RunEvent;
    journal.commit();
    const session = new RunSession(journal, identity, initialState(first as Extract<RunEvent, { type: 'run.started' }>));
    session.append('session.started', { identity, resumed: false });
    return session;
  }

  /**
   * Opens an existing run for driving: refuse a journal that does not verify (nothing is
   * written to it, not even the lock), replay, lock (taking over a dead holder). `identity`
   * with an empty operator is the run's own operator (returned as it was recorded).
   */
  static open(path: string, identity: Identity, redact: Redaction, onCommit?: CommitHook): { session: RunSession; tookOverFrom: LockHolder | null; identity: Identity } {
    const journal = Journal.open(path, { redact, onCommit });
    let state: RunState;
    try {
      const [first, ...rest] = soundEvents(journal);
      if (!first || first.type !== 'run.started') throw new JournalError('damaged', path, 'not a runbook run journal (no run.started event)');
      state = initialState(first);
      for (const e of rest) state = reduce(state, e);
    } catch (error) {
      journal.close();
      throw error;
    }
    // Resumed by nobody named (no --operator, no name remembered): the run's own operator
    // goes on, not the account's name or a stand-in, in the lock and the session's record.
    const who = identity.operator === '' ? { ...identity, operator: state.operator } : identity;
    const lock = acquireLock(journal, lockHolder(who));
    if (!lock.ok) {
      journal.close();
      throw lockRefusal(path, lock.holder);
    }
    const session = new RunSession(journal, who, withLifecycle(state));
    return { session, tookOverFrom: lock.tookOverFrom ?? null, identity: who };
  }

  subscribe(listener: (state: RunState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends and commits at once: every answer and step boundary is durable before we go on. */
  append<K extends RunEventType>(type: K, payload: RunEventMap[K]): void {
    this.permit.check();
    this.journal.append(type, payload);
    this.commit();
  }

  /** Appends several events and commits them together: one transaction, one frame. */
  appendAll(events: readonly { [K in RunEventType]: { type: K; payload: RunEventMap[K] } }[RunEventType][]): void {
    for (const e of events) this.journal.append(e.type, e.payload);
    this.commit();
  }

  /** Commits what is pending (batched output) and folds the committed events into the state. */
  commit(): void {
    this.permit.check();
    this.journal.commit();
    const fresh = this.journal.events(this.current.lastSeq + 1) as RunEvent[];
    if (fresh.length === 0) return;
    let state = this.current;
    for (const e of fresh) state = reduce(state, e);
    this.current = withLifecycle(state);
    for (const l of this.listeners) l(this.current);
  }

  /** Commits, then the chain's head: how many events it has and the hash of the last. */
  chainHead(): { events: number; hash: string } {
    this.journal.commit();
    const head = this.journal.head();
    return { events: head.seq, hash: head.hash };
  }

  /**
   * Commits what is left, gives the lock up and closes the file — each tried even when
   * one fails. A file that no longer takes writes (full, read-only) is not thrown from
   * here: every event was committed at its boundary, the failure is reported where it
   * happened, and the lock of a process that is gone is taken over by the next driver.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const failures: unknown[] = [];
    const attempt = (action: () => void) => {
      try {
        action();
      } catch (error) {
        failures.push(error);
      }
    };
    if (this.locked) {
      attempt(() => this.commit());
      attempt(() => releaseLock(this.journal, this.holder));
      this.locked = false;
    }
    attempt(() => this.journal.close());
    const unexpected = failures.find((f) => !cannotWrite(f));
    if (unexpected !== undefined) throw unexpected;
  }
}

/** The journal's events, when it is sound enough to append to: its chain and anchor verify and every event reads. */
function soundEvents(journal: Journal): RunEvent[] {
  const refuse = (why: string) =>
    new JournalError('damaged', journal.path, `${why}; resume appends nothing to a journal that does not verify (see: runbook verify ${journal.path})`);
  const problem = damage(journal);
  if (problem !== undefined) throw refuse(problem);
  const { events, unreadable } = readableEvents(journal.events());
  const bad = unreadable[0];
  if (bad !== undefined) throw refuse(describeUnreadable(bad));
  return events;
}

/** The file refused a write: disk full, read-only, an I/O error. */
function cannotWrite(error: unknown): boolean {
  if (error instanceof JournalError) return error.kind === 'write-failed' || error.kind === 'taken-over';
  return /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(String((error as { code?: unknown }).code ?? ''));
}

function lockHolder(identity: Identity): LockHolder {
  return { operator: identity.operator, user: identity.user ?? 'unknown', host: identity.host, pid: identity.pid, since: new Date().toISOString() };
}
