// What `list` says of a run (its JSON shape), from the run replayed — out of a local
// journal or out of the team store.

import { dueNow } from '../run/navigation';
import type { RunEvent } from '../run/events';
import type { RunState } from '../run/state';
import { awaitsOperator } from '../run/step-status';
import { runOutcome, type RunOutcome } from '../run/ending';

export interface ListedRun {
  /** The hash of the run's first event (the id the team store knows it by). */
  runId: string | null;
  /** The journal's path; `store:RUN_ID` for a run read from the team store. */
  journal: string;
  title: string;
  /** in_progress, monitoring, completed, completed_with_failures, aborted (run/ending.ts). */
  state: RunOutcome;
  /** A rehearsal: walked, nothing run. */
  rehearsal: boolean;
  operator: string;
  /** The host of the run's latest session (where it was last driven from). */
  host: string;
  startedAt: string;
  endedAt: string | null;
  due: { step: string; title: string; dueAt: string; isDue: boolean }[];
}

/** What list says of a run, from its replayed state and events. */
export function listedRun(s: RunState, events: readonly RunEvent[], where: { runId: string | null; journal: string; host?: string }, now: Date): ListedRun {
  const due = dueNow(s, now).map((d) => d.step);
  const session = events.findLast((e) => e.type === 'session.started' || e.type === 'run.started');
  const host = session?.type === 'session.started' || session?.type === 'run.started' ? session.payload.identity.host : (where.host ?? '');
  return {
    runId: where.runId,
    journal: where.journal,
    title: s.runbook.title,
    state: runOutcome(s),
    rehearsal: s.rehearse,
    operator: s.operator,
    host,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    due: s.due
      .filter((d) => awaitsOperator(s.steps[d.step]?.status))
      .map((d) => ({ step: d.step, title: s.summaries.find((x) => x.id === d.step)?.title ?? d.step, dueAt: d.dueAt, isDue: due.includes(d.step) })),
  };
}

