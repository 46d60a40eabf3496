// The handle a front end holds on a run (index.ts hands it out): read-only state and
// output, change notices, the operator's intents, and what to print on leaving.

import type { Runbook, Step } from '../runbook/model';
import type { DecisionPath } from '../run/decision-tree';
import type { Leaving } from '../run/ending';
import type { OffsetOf, SettledPosition } from '../run/navigation';
import type { RunState } from '../run/state';
import type { StoreStatus } from '../run/store-status';
import type { OutputStream } from '../executors/types';
import type { StepResult } from './step-context';
import type { Confirmation } from '../run/confirmation';

/** What a front end shows of a step's output: its last lines, and how many came before them. */
export interface OutputView {
  lines: string[];
  hidden: number;
}

export type OutputListener = (step: string, stream: OutputStream, chunk: string) => void;

/** The team store as the run's header shows it (run/store-status.ts words it). */
export interface StoreView {
  status(): StoreStatus;
  /** Told when the status may read differently. */
  subscribe(listener: () => void): () => void;
}

/** What copies each commit of the journal elsewhere, once it is durable (the team store's publisher, store/publisher.ts). */
export interface CommitSink extends StoreView {
  committed(seq: number): void;
  /** Lets go; may wait a little for a reachable store to take the rest. */
  close(): Promise<void>;
}

/** A run as any front end sees it, read-only: the state, its changes, its output. */
export interface RunView {
  readonly state: RunState;
  readonly runbook: Runbook;
  /** The journal's path, for what the front end tells the operator (resume, show, report). */
  readonly journalPath: string;
  subscribe(listener: (state: RunState) => void): () => void;
  /**
   * With `tail`: the last `tail` lines of the step's latest attempt (live while it runs in
   * this process) and how many came before. Without: every recorded line of every attempt.
   */
  outputLines(step: string, tail?: number): OutputView;
  now(): Date;
  /** How many follow the run read-only (the driver's header: "+2 watching"). */
  watchers?(): number;
  /** The team store this run is published to, if one is configured. */
  readonly store?: StoreView | undefined;
}

/** The handle a driving front end holds: the run to read, and the operator's intents. */
export interface RunHandle extends RunView {
  step(id: string): Step | undefined;
  /** Where the operator stands (settling the bookkeeping on the way: a finished plan is left, a scheduled check gets its due time). */
  position(): SettledPosition;
  /** A step's schedule offset ("+1h") as the driven runbook has it: the screen settles with it too (run/navigation settle). */
  readonly offsetOf: OffsetOf;
  /** The word a destructive step needs typed before it runs (practised in a rehearsal), or null. */
  confirmation(step: Step, command?: string): Confirmation | null;
  /** The step's placeholders still to fill in: a `$VAR` set in the environment the step would start in is not one. */
  placeholders(step: Step): string[];
  isRunning(): boolean;
  runningStep(): Step | undefined;
  /** A stop was asked for and the step has not ended yet. */
  isStopping(): boolean;
  /** Every chunk of output as it comes, from whichever step runs. */
  onOutput(listener: OutputListener): () => void;

  // The operator's intents; each is journaled before it returns.
  /**
   * Runs a shell or sql step (as edited, when `command` differs from the runbook's);
   * `confirmed`: the word typed at its typed confirmation (a rehearsal journals the practice).
   */
  run(step: string, options?: { command?: string; confirmed?: string }): Promise<StepResult>;
  /** Stops the running step only (its process group, or a pg cancel); false when none runs. */
  stopRunning(): boolean;
  /** Acting on a step other than the run's next one: the run moves there. */
  focus(step: string): void;
  mark(step: string, status: 'passed' | 'failed' | 'done', note?: string): void;
  // A step still running from before its runner went away (state: outlived): nothing runs
  // it again until one of these settles it.
  /** Whether its process is gone now (journaled, the step left interrupted, the first time it is seen gone). */
  outlivedEnded(step: string): boolean;
  /** Stops its process group: TERM, then KILL after STOP_GRACE_MS (run/outlived.ts); journaled. */
  stopOutlived(step: string): Promise<'terminated' | 'killed' | 'ended'>;
  /** The operator's decision: the step is done, its process left running. */
  markOutlivedDone(step: string, note?: string): void;
  skip(step: string, reason: string): void;
  note(step: string, text: string): void;
  /** Answers an input step; a problem with the value (it must match…), or null. */
  giveInput(step: string, value: string): string | null;
  /** Signs a sign-off step; a note when it could not carry an SSH signature. */
  signOff(step: string, name: string): Promise<string | null>;
  refuseSignOff(step: string, name: string): void;
  /** Records the path through a decision tree and follows its leaf. */
  decide(path: DecisionPath, reason: string, fromStep: string | null): void;
  /** Opens a plan on purpose (no answer of the tree leads there): journaled with the reason. */
  enterPlan(plan: string, reason: string): void;
  /** Leaves the run here (run/ending.ts): what to print, and the exit code. */
  leave(reason: string): Leaving;
}

/** A run driven from this process, as its command holds it: the handle, and the way to let it go. */
export interface DrivenRun extends RunHandle {
  /** Closes the targets' sessions and the journal, giving the lock up. */
  close(): Promise<void>;
}
