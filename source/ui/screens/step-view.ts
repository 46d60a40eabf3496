// What the step panel is made from: the step as the runbook has it, as the run has it, and
// what the screen adds (where it stands, an edit not run yet, its output).

import type { Step } from '../../runbook/model';
import type { StepSummary } from '../../run/events';
import type { RunState, StepState } from '../../run/state';
import type { TextAround } from '../../runbook/text-around';

export interface StepView {
  summary: StepSummary;
  /** The runbook's step; missing when the runbook no longer has it. */
  step: Step | undefined;
  st: StepState;
  /** "step 7/64" or "plan step 2/5". */
  where: string;
  now: number;
  /** The command the operator edited and has not run yet. */
  edited: string | undefined;
  /** The command a typed confirmation is asked for now. */
  confirming?: string | undefined;
  /** The last `n` output lines and how many came before them. */
  output: (n: number) => { lines: string[]; hidden: number };
  state: RunState;
  /** The author's text that stands with the step (runbook/author-text.ts). */
  text?: TextAround | undefined;
  /** The step's placeholders still to fill in where it would run (RunHandle.placeholders); else the runbook's. */
  placeholders?: string[] | undefined;
  /** Watched, not driven: what the driver is asked is said, not offered (no keys). */
  watching?: boolean;
}
