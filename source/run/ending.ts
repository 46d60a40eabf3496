// How leaving a run ends it, and what the front end says as it goes — one policy for the
// screen, --plain and any front end to come: the controller applies it (controller/), the
// front ends print its lines and exit with its code.

import { whole, type Paragraph } from '../wrap';
import type { Position } from './navigation';
import type { RunState } from './state';

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
  return Object.values(state.steps).some((s) => s.status === 'failed') || state.comparisons.some((c) => !c.passed);
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

export function leaving(ending: Ending, journal: string): Leaving {
  if (ending.kind === 'completed') {
    return { exitCode: ending.failed ? 1 : 0, lines: [[`Run completed${ending.failed ? ' with failures' : ''}. Evidence:`, whole(`runbook report ${journal}`)]] };
  }
  const lines: Paragraph[] = [[`Run paused (${ending.reason}). Continue with:`, whole(`runbook resume ${journal}`)]];
  if (ending.monitoring) lines.push(['Scheduled checks are ahead; to see when each is due:', whole('runbook list --due')]);
  return { exitCode: 0, lines };
}
