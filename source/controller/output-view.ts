// A step's recorded output as a front end shows it: the latest attempt's last lines and how
// many came before them (the journal keeps every attempt), or every line for the pager.

import type { RunState } from '../run/state';
import type { OutputView } from './handle';

/** `read(tail)`: the journal's last `tail` lines of the step (all without). */
export function recordedOutput(state: RunState, step: string, tail: number | undefined, read: (tail?: number) => string[]): OutputView {
  if (tail === undefined) return { lines: read(), hidden: 0 };
  const total = state.steps[step]?.outputLines ?? 0;
  // Only the latest attempt: its lines are the step's last `outputLines` lines.
  const lines = tail > 0 && total > 0 ? read(Math.min(tail, total)) : [];
  return { lines, hidden: Math.max(0, total - lines.length) };
}
