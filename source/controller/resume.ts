// Resuming a run: its journal opened for driving (the lock taken, a dead driver's taken
// over), this session recorded, steps that were running marked interrupted — never done —
// (and outlived, when their process group still runs: outlived.ts), and the runbook as it
// is now compared with the one the run began with.

import type { Runbook } from '../runbook/model';
import type { RunEventMap } from '../run/events';
import type { RunState } from '../run/state';
import type { Identity } from '../journal/identity';
import type { CommitHook } from '../journal/journal';
import type { Redactor } from '../executors/redact';
import type { CommitSink, DrivenRun } from './handle';
import { RunSession } from './session';
import { drive, withSink, type RunParts } from './start';
import { summaries } from './summaries';
import { settleUnfinished } from './outlived';
import { rolledBackOnResume, rolledBackWhenStopped } from '../run/transactions';

export interface ResumeRequest {
  journal: string;
  /** Who resumes; an empty operator (nobody named): the run's own operator goes on. */
  identity: Identity;
  redactor: Redactor;
  /** Told of each journal commit (the bench's hook). */
  onCommit?: CommitHook;
  /** The team store's publisher (it catches up on what an earlier process did not publish). */
  publisher?: CommitSink;
}

/** Step ids by how the runbook changed since the run began. */
export interface RunbookChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

export interface ResumingRun {
  /** The run as replayed from its journal, then as this session records it. */
  readonly state: RunState;
  /**
   * Records this session: the run taken over from another host (`takeover`), the lock taken over from a driver that is gone, the run handed
   * over to `operator` when someone else drove it, each step that was running marked
   * interrupted (and outlived when its process group still runs), a note on each step whose
   * transaction was rolled back when the run stopped. Says who handed over, if anyone did,
   * and what was rolled back.
   */
  begin(operator: string | undefined, takeover?: RunEventMap['lease.takeover'] | null): { handedOverFrom: string | null; rolledBack: string[] };
  /** The runbook as it is now, against the run's: step ids by how they changed, or null for the same file. Nothing is recorded. */
  reconcile(runbook: Runbook): RunbookChanges | null;
  /**
   * Records that the run goes on with the file's version: what changed and, when the
   * operator was asked, what they decided. A change already recorded is not recorded again.
   */
  adopt(change: RunEventMap['runbook.changed']): void;
  /** The operator stopped before the run was driven (a secret not given again): it stays paused. */
  pause(reason: string): void;
  /** Drives the run from here; `secrets`: the secret inputs, given again (they are never journaled). */
  drive(parts: RunParts, secrets: Record<string, string>): DrivenRun;
  /** Lets the run go without driving it (once driven, the DrivenRun closes it). */
  close(): void;
}

/** Opens a run to drive it on: the journal's lock is taken (or a refusal thrown) and its events replayed. */
export function resumeRun(request: ResumeRequest): ResumingRun {
  const { session, tookOverFrom, identity } = RunSession.open(request.journal, request.identity, request.redactor, withSink(request.onCommit, request.publisher));
  let driven = false;
  return {
    get state() {
      return session.state;
    },
    begin(operator, takeover) {
      const before = session.state.operator;
      // Taken over from another host (the team store's lease): the chain says so first.
      if (takeover) session.append('lease.takeover', takeover);
      if (tookOverFrom) {
        session.append('lock.takeover', { from: { operator: tookOverFrom.operator, host: tookOverFrom.host, pid: tookOverFrom.pid, since: tookOverFrom.since } });
      }
      // Rolled back with the stopped process's sessions (read before the new session clears
      // them): said on pause (and noted then), or, after a crash, still open in the record.
      const crashed = Object.entries(session.state.openTransactions);
      const rolledBack = [...Object.entries(session.state.rolledBack), ...crashed];
      session.append('session.started', { identity, resumed: true });
      const handedOver = operator !== undefined && operator !== before;
      if (handedOver) session.append('operator.changed', { from: before, to: operator, identity });
      settleUnfinished(session);
      for (const [target, since] of crashed) session.append('note.added', { step: since, text: rolledBackWhenStopped(target) });
      return { handedOverFrom: handedOver ? before : null, rolledBack: rolledBack.map(([target, since]) => rolledBackOnResume(target, since)) };
    },
    reconcile(runbook) {
      const s = session.state;
      if (runbook.sha256 === s.runbook.sha256) return null;
      const now = new Map(summaries(runbook).map((x) => [x.id, x.digest]));
      const then = new Map(s.summaries.map((x) => [x.id, x.digest]));
      const changed = [...now].filter(([id, d]) => then.has(id) && then.get(id) !== d).map(([id]) => id);
      const added = [...now.keys()].filter((id) => !then.has(id));
      const removed = [...then.keys()].filter((id) => !now.has(id));
      return { changed, added, removed };
    },
    adopt(change) {
      const ids = change.changed.length + change.added.length + change.removed.length;
      if (ids > 0 || change.accepted || session.state.changedSteps.length === 0) session.append('runbook.changed', change);
    },
    pause(reason) {
      session.append('run.paused', { reason });
    },
    drive(parts, secrets) {
      driven = true;
      return drive(session, request.publisher ? { ...parts, publisher: request.publisher } : parts, secrets);
    },
    close() {
      if (!driven) session.close();
    },
  };
}
