// How leaving a run ends it, and what the front end says as it goes — one policy for the
// screen, --plain and any front end to come: the controller applies it (controller/), the
// front ends print its lines and exit with its code.

import { whole, type Paragraph } from '../wrap';
import type { Position } from './navigation';
import type { RunLifecycle, RunState, StepState } from './state';
import { isConditionalSkip, stillToDo } from './step-status';
import type { StoreStatus } from './store-status';

/** The reason a front end leaves with when its terminal went away. */
export const HANGUP = 'hangup';

export type Ending =
  /** Every step is done: the run is completed (with failures, when any step or comparison failed). */
  | { kind: 'completed'; failed: boolean }
  /** Anything else pauses it, resumable; `monitoring` while only scheduled checks are ahead. */
  | { kind: 'paused'; reason: string; monitoring: boolean };

/** What a front end prints as it leaves (wrapped to its terminal), and the process's exit code. */
export interface Leaving {
  exitCode: number;
  lines: Paragraph[];
}

/** A step failed, or a comparison did: a completed run exits 1. */
export function anyFailed(state: RunState): boolean {
  return runFailures(state).length > 0;
}

/** One failure of a run, for every view to name (see runFailures for what counts). */
export interface RunFailure {
  kind: 'step' | 'comparison';
  /** The step (for a comparison: the step that made it). */
  step: string;
  /** The step's title, or the comparison's name. */
  title: string;
  /** What failed, in a few words: "exit 3", "sign-off refused", "failed, then skipped: no time". */
  why: string;
}

function stepWhy(state: RunState, id: string, step: StepState): string | null {
  // A STOP condition met by an answer names the value (`5 meets "STOP if > 0"`), not "expected STOP…".
  const stoppedBy = step.error !== null && step.expectation?.result === 'failed' && step.exitCode === null && step.durationMs === null ? step.error : null;
  const ran = stoppedBy ?? (step.expectation?.result === 'failed' ? `expected ${step.expectation.text}` : step.error ?? (step.exitCode !== null ? `exit ${step.exitCode}` : 'failed'));
  if (step.status === 'failed') {
    if (state.signoffs.filter((so) => so.step === id).at(-1)?.refused) return 'sign-off refused';
    return step.lastAttempt === 'failed' ? ran : 'marked failed by the operator';
  }
  if (step.lastAttempt !== 'failed') return null;
  if (step.status === 'skipped') return `failed (${ran}), then skipped${step.skipReason ? `: ${step.skipReason}` : ''}`;
  if (step.status === 'passed' || step.status === 'done') return `failed (${ran}), then marked ${step.status} by the operator`;
  return null;
}

/**
 * What makes a run's end "with failures", named one by one — the only place that decides it:
 * - a step whose status is failed: its latest attempt failed (exit code, error, time-out,
 *   its expectation or its comparison) and no later attempt passed; or the operator marked
 *   it failed (a manual check, a prose expectation, an interrupted step); or its sign-off
 *   was refused;
 * - a step whose latest attempt failed and that the operator then skipped or marked passed
 *   or done: moving past a failure does not undo it (only a re-run that passes does);
 * - a comparison whose latest result (by name) failed.
 * Not failures: a step skipped without failing, an interrupted step marked done, entering
 * a plan (the failure that led there is counted on its own).
 */
export function runFailures(state: RunState): RunFailure[] {
  const out: RunFailure[] = [];
  for (const summary of state.summaries) {
    const step = state.steps[summary.id];
    const why = step ? stepWhy(state, summary.id, step) : null;
    if (why !== null) out.push({ kind: 'step', step: summary.id, title: summary.title, why });
  }
  const latest = new Map(state.comparisons.map((c) => [c.name, c]));
  for (const c of latest.values()) if (!c.passed) out.push({ kind: 'comparison', step: c.step, title: c.name, why: c.summary });
  return out;
}

/**
 * Walk steps the operator skipped (a typed confirmation declined, "no time"), a conditional
 * step whose condition did not hold aside: not failures, but a clean outcome must not hide
 * that the change it was part of was not made. `why` is the skip's reason.
 */
export function skippedSteps(state: RunState): { step: string; title: string; why: string }[] {
  return state.summaries.flatMap((summary) => {
    const step = state.steps[summary.id];
    if (summary.plan !== null || step?.status !== 'skipped' || step.lastAttempt === 'failed' || isConditionalSkip(step.skipReason)) return [];
    return [{ step: summary.id, title: summary.title, why: step.skipReason ?? 'no reason given' }];
  });
}

/** The run's state as every view names it: its lifecycle, a completed run with failures told apart. */
export type RunOutcome = RunLifecycle | 'completed_with_failures';

export function runOutcome(state: RunState): RunOutcome {
  return state.lifecycle === 'completed' && runFailures(state).length > 0 ? 'completed_with_failures' : state.lifecycle;
}

/** "2 steps failed (disk, smoke), 1 comparison failed (counts)": what failed, by id and name. */
export function failuresText(failures: RunFailure[]): string {
  const steps = failures.filter((f) => f.kind === 'step').map((f) => f.step);
  const comparisons = failures.filter((f) => f.kind === 'comparison').map((f) => f.title);
  const part = (list: string[], what: string) => (list.length === 0 ? [] : [`${list.length} ${what}${list.length === 1 ? '' : 's'} failed (${list.join(', ')})`]);
  return [...part(steps, 'step'), ...part(comparisons, 'comparison')].join(', ');
}

/**
 * Whether the run completed cleanly, in one line (`verify --outcome`): null when it did
 * (completed, nothing failed, not a rehearsal), else what it is and why.
 */
export function outcomeProblem(state: RunState): string | null {
  const outcome = runOutcome(state);
  switch (outcome) {
    case 'completed':
      // A rehearsal ran nothing: it is no evidence that the change was made.
      return state.rehearse ? 'a rehearsal: completed, but nothing was run' : null;
    case 'completed_with_failures':
      return `completed with failures: ${failuresText(runFailures(state))}`;
    case 'aborted':
      return `aborted${state.endedAt ? ` at ${state.endedAt}` : ''}`;
    case 'monitoring':
      return 'not completed: monitoring, scheduled checks are still ahead';
    case 'in_progress': {
      const open = state.summaries.filter((s) => s.plan === null && stillToDo(state.steps[s.id])).length;
      const paused = state.paused ? `, paused (${state.paused.reason})` : '';
      return `not completed: in progress, ${open} walk ${open === 1 ? 'step' : 'steps'} open${paused}`;
    }
    default: {
      const never: never = outcome;
      return String(never);
    }
  }
}

/**
 * The journal against the team store, as far as this process knows, for how the run is
 * taken up again: not published (the journal resumes it), published (resumed through the
 * store, whose lease says who drives it), or parted from it — the run went on elsewhere,
 * and resume refuses this journal.
 */
export type StoreTie = { kind: 'none' } | { kind: 'published' } | { kind: 'elsewhere'; run: string };

export const NOT_PUBLISHED: StoreTie = { kind: 'none' };

/** The tie as the publisher's status tells it (none without a store). */
export function storeTie(status: StoreStatus | undefined): StoreTie {
  if (status === undefined) return NOT_PUBLISHED;
  return status.elsewhere && status.run !== null ? { kind: 'elsewhere', run: status.run } : { kind: 'published' };
}

/** The command that resumes a run: with `--store` when it is published to a team store, whose lease says who drives it. */
export function resumeHint(journal: string, inStore: boolean): string {
  return `runbook resume ${journal}${inStore ? ' --store' : ''}`;
}

/**
 * What a front end says of going on, after `lead` (no closing stop): `then` ("Continue
 * with:") and the command that resumes the run. A run that went on elsewhere has none (resume
 * refuses this journal): then why, and how to follow the run where it goes on.
 */
export function goingOn(lead: string, then: string, journal: string, tie: StoreTie): Paragraph {
  if (tie.kind === 'elsewhere') {
    return [`${lead}; this journal cannot resume the run: it went on elsewhere. Follow it there with:`, whole(`runbook watch ${tie.run.slice(0, 12)} --store`)];
  }
  return [`${lead}${then}`, whole(resumeHint(journal, tie.kind === 'published'))];
}

/**
 * Leaving at `at` for `reason` (quit, stopped by operator, hangup): how the run ends. A
 * hangup only ever pauses: the operator did not end the run, and resume picks it up.
 */
export function endingAt(at: Position, state: RunState, reason: string): Ending {
  const monitoring = at.kind === 'waiting';
  if (reason === HANGUP) return { kind: 'paused', reason, monitoring };
  if (at.kind === 'done') return { kind: 'completed', failed: anyFailed(state) };
  return { kind: 'paused', reason: monitoring ? 'monitoring' : reason, monitoring };
}

/**
 * Where the run's elapsed clock stops: at the run's end once it ended (completed, aborted);
 * once every step is done, when the last of them finished — what is left is the operator
 * finishing it. Null while it runs (a paused run is not over: it is resumable).
 */
export function clockStoppedAt(state: RunState, at: Position): string | null {
  if (state.endedAt !== null && (state.lifecycle === 'completed' || state.lifecycle === 'aborted')) return state.endedAt;
  if (at.kind !== 'done') return null;
  let last: string | null = null;
  for (const step of Object.values(state.steps)) if (step.endedAt !== null && (last === null || Date.parse(step.endedAt) > Date.parse(last))) last = step.endedAt;
  return last;
}

/** `tie`: the journal against the team store, which says how the run is taken up again (goingOn). */
export function leaving(ending: Ending, journal: string, tie: StoreTie = NOT_PUBLISHED): Leaving {
  if (ending.kind === 'completed') {
    return { exitCode: ending.failed ? 1 : 0, lines: [[`Run completed${ending.failed ? ' with failures' : ''}. Evidence:`, whole(`runbook report ${journal}`)]] };
  }
  const lines: Paragraph[] = [goingOn(`Run paused (${ending.reason})`, '. Continue with:', journal, tie)];
  if (ending.monitoring) lines.push(['Scheduled checks are ahead; to see when each is due:', whole('runbook list --due')]);
  return { exitCode: 0, lines };
}
