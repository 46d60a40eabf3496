// What running a step needs of the run, and nothing more: the helpers (run-shell, run-sql,
// baselines, recording, signoff, sql-session) take this context, never the controller, so
// controller.ts is the only module that knows them all and none of them knows it.

import type { Step } from '../runbook/model';
import type { RunEventMap, RunEventType } from '../run/events';
import type { RunState } from '../run/state';
import type { OutputStream, ShellExecutor, SqlExecutor } from '../executors/types';
import type { BaseEnvironment, CarriedContext } from './environment';

export interface Signature {
  keyFingerprint: string;
  publicKey: string;
  signature: string;
}

/** Signs a statement with the operator's SSH key (ssh-keygen -Y sign, namespace runbook). */
export interface Signer {
  sign(text: string): Promise<Signature>;
  /** Why there is no signature, when there is no signer: "no SSH key in ~/.ssh". */
  readonly description: string;
}

export type StepVerdict = 'passed' | 'failed' | 'manual';

export interface StepResult {
  /** done: it ran, but what it returned could not all be shown or recorded (the message says what). */
  status: 'passed' | 'failed' | 'done' | 'rehearsed';
  /** 'manual' when the operator still has to judge the expectation. */
  expectation: StepVerdict | null;
  /** What the operator judges when expectation is 'manual' (a SQL step's prose ones). */
  judge?: string;
  exitCode: number | null;
  message: string | null;
}

/** The journal as a step writes it: its output, batched until the next commit. */
export interface StepJournal {
  readonly path: string;
  readonly pendingOutputBytes: number;
  appendOutput(step: string, stream: OutputStream, chunk: string): void;
  flushOutput(step: string): void;
}

export interface StepContext {
  readonly state: RunState;
  step(id: string): Step | undefined;
  /** Appends an event and commits it at once (every step boundary is durable). */
  append<K extends RunEventType>(type: K, payload: RunEventMap[K]): void;
  /** Commits the batched output (once a display frame while a step streams). */
  commit(): void;
  /** The journal's chain head, committed, and its event count: what a sign-off signs. */
  chainHead(): { events: number; hash: string };
  readonly journal: StepJournal;
  /** Hands output to the front ends as it comes (not journaled by this call). */
  emitOutput(step: string, stream: OutputStream, chunk: string): void;
  /** Input values by name, for `${name}` in commands and SQL. */
  inputValues(): Record<string, string>;

  // A shell step's surroundings.
  readonly shell: ShellExecutor;
  readonly shellName: string;
  readonly base: BaseEnvironment;
  /** The last shell step's cwd and exports as this process saw them, secrets included (never journaled). */
  liveContext: CarriedContext | null;
  /** A value redacted from everything journaled from now on. */
  addSecret(value: string): void;

  // A sql step's target sessions.
  hasExecutor(step: Step): boolean;
  executorFor(step: Step): Promise<SqlExecutor>;
  dropExecutor(target: string): void;

  readonly signer: Signer | null;
}
