// The run as data: what replaying the journal's events tells about a run.

import type { ResultSet } from './results';
import type { ExpectationResult, IdentityRecord, RunTarget, StepSummary } from './events';

/** rehearsed: walked in a rehearsal, nothing run. */
export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'interrupted' | 'done' | 'rehearsed';

export type RunLifecycle = 'in_progress' | 'monitoring' | 'completed' | 'aborted';

export interface StepState {
  id: string;
  status: StepStatus;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  durationMs: number | null;
  /**
   * How the latest attempt ended (null: it never ran, or it is running): kept when the
   * operator later skips or marks the step, so a failure they moved past still counts.
   */
  lastAttempt: 'passed' | 'failed' | 'done' | 'interrupted' | null;
  /** Output lines of the latest attempt. */
  outputLines: number;
  expectation: ExpectationResult | null;
  /** The command as run, when the operator edited it (the original stays in the runbook). */
  command: string | null;
  /**
   * The exact text of the command or SQL the latest attempt ran, as journaled (null before
   * it ran; in journals from before it was always recorded, set only for an edited one).
   */
  ran: string | null;
  notes: string[];
  skipReason: string | null;
  /** In a rehearsal: the word typed at the step's typed confirmation, practised (nothing ran). */
  practised: string | null;
  error: string | null;
  resultSets: ResultSet[] | null;
  by: string | null;
  /** The latest attempt's process, as journaled when it started (shell steps, on Linux). */
  process: { pid: number; group: boolean; startTicks: number; boot: string | null } | null;
  /**
   * Found still running on resume, the runner that started it gone: until the operator
   * waits for it, stops it or marks the step done, nothing starts the step again.
   */
  outlived: boolean;
}

export interface CaptureRecord {
  name: string;
  step: string;
  at: string;
  resultSets: ResultSet[];
  digest: string;
  /** The statements as run; absent in journals written before captures kept them. */
  queries?: string[];
  /**
   * The baseline as first captured, when the step captured it again with other rows: a
   * baseline re-taken after the change ran would otherwise pass any change.
   */
  first?: Omit<CaptureRecord, 'first'>;
}

export interface ComparisonRecord {
  name: string;
  step: string;
  at: string;
  passed: boolean;
  baselineDigest: string;
  digest: string;
  summary: string;
  rows: unknown[];
}

export interface DecisionRecord {
  tree: string;
  step: string | null;
  path: { question: string; answer: string }[];
  leadsTo: { kind: string; id: string | null; title: string };
  reason: string;
  at: string;
}

export interface SignOffRecord {
  step: string;
  role: string;
  name: string;
  at: string;
  chainHead: string;
  /** The signed head's event count; null for a refusal or a sign-off from before anchoring. */
  chainEvents: number | null;
  statement: string;
  refused: boolean;
  signature: { keyFingerprint: string; publicKey: string; signature: string } | null;
  signatureNote: string | null;
  /** The operator at the keyboard when it was recorded: a sign-off may be typed under another name. */
  enteredBy: string;
}

export interface InputRecord {
  name: string;
  step: string;
  /** '' for a secret: secrets are never journaled, and asked again on resume. */
  value: string;
  secret: boolean;
}

export interface RunState {
  runbook: { file: string; sha256: string; title: string };
  source: string;
  /** Every step the run knows, walk first, in runbook order. */
  summaries: StepSummary[];
  phases: { id: string; title: string }[];
  rehearse: boolean;
  targets: RunTarget[];
  operator: string;
  identities: IdentityRecord[];
  startedAt: string;
  endedAt: string | null;
  lifecycle: RunLifecycle;
  paused: { reason: string; at: string } | null;
  steps: Record<string, StepState>;
  /** A step the operator moved to out of order; cleared when it finishes. */
  focus: string | null;
  /** The step the operator finished last (a rehearsal goes on from there). */
  lastFinished: string | null;
  /** Plans entered from the decision tree, innermost last, with where to come back to. */
  plans: { plan: string; from: string | null }[];
  /** Every time a plan was entered, in order, and when it was left (null: still in it). */
  enteredPlans: { plan: string; from: string | null; reason: string | null; at: string; left: string | null }[];
  inputs: Record<string, InputRecord>;
  captures: Record<string, CaptureRecord>;
  comparisons: ComparisonRecord[];
  decisions: DecisionRecord[];
  signoffs: SignOffRecord[];
  due: { step: string; dueAt: string }[];
  /** Working directory and exported variables carried between shell steps. */
  context: { cwd: string; exported: Record<string, string>; unset: string[] };
  changedSteps: string[];
  /**
   * Target → the step whose BEGIN opened a transaction still open there (SQL sessions keep
   * one across steps, as psql does). A new session (resume) has none: those were rolled back.
   */
  openTransactions: Record<string, string>;
  /** Those open when the run paused or ended, so rolled back then (said again on resume). */
  rolledBack: Record<string, string>;
  lastSeq: number;
}
