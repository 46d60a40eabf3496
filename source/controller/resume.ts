// Resuming a run: its journal opened for driving (the lock taken, a dead driver's taken
// over), this session recorded, steps that were running marked interrupted — never done —
// and the runbook as it is now compared with the one the run began with.

import type { Runbook } from '../runbook/model';
import type { RunState } from '../run/state';
import type { Identity } from '../journal/identity';
import type { CommitHook } from '../journal/journal';
import type { Redactor } from '../executors/redact';
import type { DrivenRun } from './handle';
import { RunSession } from './session';
import { drive, type RunParts } from './start';
import { summaries } from './summaries';

export interface ResumeRequest {
  journal: string;
  identity: Identity;
  redactor: Redactor;
  /** Told of each journal commit (the bench's hook). */
  onCommit?: CommitHook;
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
   * Records this session: the lock taken over from a driver that is gone, the run handed
   * over to `operator` when someone else drove it, each step that was running marked
   * interrupted. Says who handed over, if anyone did.
   */
  begin(operator: string | undefined): { handedOverFrom: string | null };
  /** The runbook as it is now, against the run's: what changed (recorded), or null for the same file. */
  reconcile(runbook: Runbook): RunbookChanges | null;
  /** The operator stopped before the run was driven (a secret not given again): it stays paused. */
  pause(reason: string): void;
  /** Drives the run from here; `secrets`: the secret inputs, given again (they are never journaled). */
  drive(parts: RunParts, secrets: Record<string, string>): DrivenRun;
  /** Lets the run go without driving it (once driven, the DrivenRun closes it). */
  close(): void;
}

/** Opens a run to drive it on: the journal's lock is taken (or a refusal thrown) and its events replayed. */
export function resumeRun(request: ResumeRequest): ResumingRun {
  const { identity } = request;
  const { session, tookOverFrom } = RunSession.open(request.journal, identity, request.redactor, request.onCommit);
  let driven = false;
  return {
    get state() {
      return session.state;
    },
    begin(operator) {
      const before = session.state.operator;
      if (tookOverFrom) {
        session.append('lock.takeover', { from: { operator: tookOverFrom.operator, host: tookOverFrom.host, pid: tookOverFrom.pid, since: tookOverFrom.since } });
      }
      session.append('session.started', { identity, resumed: true });
      const handedOver = operator !== undefined && operator !== before;
      if (handedOver) session.append('operator.changed', { from: before, to: operator, identity });
      for (const step of Object.values(session.state.steps)) {
        if (step.status === 'running') session.append('step.interrupted', { step: step.id });
      }
      return { handedOverFrom: handedOver ? before : null };
    },
    reconcile(runbook) {
      const s = session.state;
      if (runbook.sha256 === s.runbook.sha256) return null;
      const now = new Map(summaries(runbook).map((x) => [x.id, x.digest]));
      const then = new Map(s.summaries.map((x) => [x.id, x.digest]));
      const changed = [...now].filter(([id, d]) => then.has(id) && then.get(id) !== d).map(([id]) => id);
      const added = [...now.keys()].filter((id) => !then.has(id));
      const removed = [...then.keys()].filter((id) => !now.has(id));
      if (changed.length + added.length + removed.length > 0 || s.changedSteps.length === 0) {
        session.append('runbook.changed', { sha256: runbook.sha256, changed, added, removed });
      }
      return { changed, added, removed };
    },
    pause(reason) {
      session.append('run.paused', { reason });
    },
    drive(parts, secrets) {
      driven = true;
      return drive(session, parts, secrets);
    },
    close() {
      if (!driven) session.close();
    },
  };
}
