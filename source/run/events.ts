// Everything that happens in a run, as the events the journal records.
// The run state is never stored: it is rebuilt by replaying these (see reducer.ts).

import type { StepKind } from '../runbook/model';
import type { ResultSet } from './results';
import type { Verdict } from './judge';

/** What a run remembers of each step of the runbook, so `show` needs only the journal. */
export interface StepSummary {
  id: string;
  kind: StepKind;
  title: string;
  line: number;
  phase: string | null;
  plan: string | null;
  /** SHA-256 of the step's content, to tell on resume which steps the file changed. */
  digest: string;
  dueAfter?: string;
}

export interface IdentityRecord {
  operator: string;
  user: string | null;
  sudoUser: string | null;
  sshClient: string | null;
  tmux: string | null;
  screen: string | null;
  host: string;
  pid: number;
}

export interface RunTarget {
  name: string;
  kind: 'postgres' | 'sqlite';
  location: string;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

export interface ExpectationResult {
  text: string;
  result: Verdict;
}

export interface RunEventMap {
  'run.started': {
    runbook: { file: string; sha256: string; title: string };
    /** The runbook text as it was when the run began (the report's skeleton). */
    source: string;
    steps: StepSummary[];
    phases: { id: string; title: string }[];
    operator: string;
    identity: IdentityRecord;
    rehearse: boolean;
    /** Resolved targets (never with a password), so resume reconnects to the same places. */
    targets: RunTarget[];
    cwd: string;
  };
  /** A process attached to the run (the first run, or a resume). */
  'session.started': { identity: IdentityRecord; resumed: boolean };
  'operator.changed': { from: string; to: string; identity: IdentityRecord };
  'lock.takeover': { from: { operator: string; host: string; pid: number; since: string } };
  /**
   * The run taken over from another host through the team store: its lease was not renewed
   * for the takeover window. `from` held it (renewed last at renewedAt), `to` drives from
   * here on, from the store's event `atSeq` (the last the old driver published).
   */
  'lease.takeover': {
    from: { operator: string; user: string; host: string; pid: number; since: string; renewedAt: string };
    to: { operator: string; user: string; host: string; pid: number };
    reason: string;
    atSeq: number;
  };
  /**
   * The file changed since the run began (steps by id). When the change mattered to steps not
   * done yet, the operator was asked: `accepted`, with the changes as listed (`details`), the
   * steps whose dropped typed confirmation they accepted (`relaxed`) or refused
   * (`keptStrict`), and the targets re-resolved from the new front matter.
   */
  'runbook.changed': {
    sha256: string;
    changed: string[];
    added: string[];
    removed: string[];
    accepted?: boolean;
    details?: string[];
    relaxed?: string[];
    keptStrict?: string[];
    targets?: RunTarget[];
  };
  /**
   * `command`: the exact text of the command or SQL this attempt runs (journals written
   * before it was always recorded have it only when the operator edited it);
   * `original`: the runbook's text, when the operator edited it before it ran.
   */
  'step.started': { step: string; attempt: number; command?: string; original?: string; rehearse?: boolean };
  'step.finished': {
    step: string;
    /** done: it ran, but what it returned could not all be shown or recorded (see `note`). */
    status: 'passed' | 'failed' | 'done';
    exitCode: number | null;
    signal: string | null;
    durationMs: number;
    timedOut?: boolean;
    stopped?: boolean;
    error?: string;
    /** What ran but could not be shown or recorded. */
    note?: string;
    expectation: ExpectationResult | null;
    /** SQL steps: each statement's result (its first rows; the exact count; see ResultSet). */
    resultSets?: ResultSet[];
    /** Working directory and exported variables after a shell step. */
    context?: { cwd: string; exported: Record<string, string>; unset: string[] };
    /** SQL steps: the target's session is left inside a transaction (open), or one open before is ended. */
    transaction?: { target: string; open: boolean };
  };
  /**
   * A shell step's process, just started: its pid (its own process group's id, unless it
   * is a tty step) and start time (/proc's starttime in clock ticks, and the boot's id), so
   * a resume tells it apart from whatever gets the pid later.
   */
  'step.process': { step: string; pid: number; group: boolean; startTicks: number; boot: string | null };
  /** A step that was running when its process went away: never counted as done. */
  'step.interrupted': { step: string };
  /**
   * On resume, after its step.interrupted: the step's process (group) still runs though the
   * runner that started it is gone. Nothing starts the step again until the operator waits
   * for it, stops it or marks it done.
   */
  'step.outlived': { step: string; pid: number; group: boolean };
  /** The outlived process is gone: it ended on its own (seen at a later resume, or waited for) or the operator stopped it. */
  'process.ended': { step: string; pid: number; how: 'ended' | 'waited' | 'terminated' | 'killed' };
  /** The operator's answer on a manual check, a prose expectation or an interrupted step. */
  'step.marked': { step: string; status: 'passed' | 'failed' | 'done'; note?: string };
  'step.skipped': { step: string; reason: string };
  /**
   * A rehearsal's step: walked, nothing run. `command`: what would have run; `confirmed`:
   * the word typed when the step asks a typed confirmation (the confirmation practised).
   */
  'step.rehearsed': { step: string; command: string; confirmed?: string };
  'step.focused': { step: string };
  'note.added': { step: string; text: string };
  /** `stop`: the condition written beside the blank that the value met (`STOP if > 0`): the step failed. */
  'input.given': { step: string; name: string; value: string; secret: boolean; stop?: string };
  'signoff.recorded': {
    step: string;
    role: string;
    name: string;
    chainHead: string;
    /** The number of events the signed head closes (absent in journals before anchoring). */
    chainEvents?: number;
    statement: string;
    signature: { keyFingerprint: string; publicKey: string; signature: string } | null;
    signatureNote?: string;
  };
  'signoff.refused': { step: string; role: string; name: string };
  'decision.taken': {
    tree: string;
    step: string | null;
    path: { question: string; answer: string }[];
    leadsTo: { kind: string; id: string | null; title: string };
    reason: string;
  };
  /**
   * `from`: the step to come back to (the decision step the tree was answered at; null when
   * the tree was opened after a failure, or the plan opened on purpose). `tree`: entered
   * through that decision tree (the decision.taken just before says the path); absent in
   * journals written before it was recorded, where that decision.taken still tells. `reason`:
   * why a plan was opened on purpose, not through a tree.
   */
  'plan.entered': { plan: string; from: string | null; tree?: string; reason?: string };
  'plan.left': { plan: string };
  'capture.stored': {
    name: string;
    step: string;
    resultSets: ResultSet[];
    digest: string;
    /** The statements as run (a signature's schema written in), for a compare to tell whether it re-runs them. */
    queries?: string[];
  };
  'comparison.made': {
    name: string;
    step: string;
    passed: boolean;
    baselineDigest: string;
    digest: string;
    summary: string;
    rows: unknown[];
  };
  'check.scheduled': { step: string; dueAt: string };
  /** The process left the run resumable (q, end of input, hangup). */
  'run.paused': { reason: string };
  'run.ended': { state: 'completed' | 'aborted'; reason?: string };
  /** Journal-internal: output chunks committed for a step (payload written by the journal). */
  output: { step: string; first: number; last: number; lines: number; sha256: string };
}

export type RunEventType = keyof RunEventMap;

export type RunEvent = {
  [K in RunEventType]: { seq: number; at: string; type: K; payload: RunEventMap[K] };
}[RunEventType];
