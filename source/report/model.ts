// The evidence report as data: everything `runbook report` says about a run, built from
// the journal alone (build.ts), then rendered as Markdown (markdown.ts) or JSON (json.ts).
// This is also the JSON shape; see json.ts for the documented contract.

import type { StepKind } from '../runbook/model';
import type { Cell } from '../run/results';
import type { StepStatus } from '../run/state';
import type { Attempt } from '../run/attempts';
import type { RunFailure, RunOutcome } from '../run/ending';
import type { BaselineTableRow } from '../run/baseline-table';
import type { UnreadableEvent } from '../run/event-shapes';
import type { RunEventMap } from '../run/events';
import type { AnchorSummary } from '../controller';

export const REPORT_FORMAT = 'runbook-report';
export const REPORT_VERSION = 1;

/** Trimmed step output: the first and last lines of the latest attempt. */
export interface OutputExcerpt {
  /** Lines the attempt wrote in all. */
  lines: number;
  head: string[];
  /** Empty when nothing was omitted (head then holds every line). */
  tail: string[];
  omitted: number;
}

/** One attempt at running a step (run/attempts.ts): an interrupted one as much as the re-run after it. */
export interface ReportAttempt extends Omit<Attempt, 'outputLines' | 'chunks'> {
  mark: string;
  output: OutputExcerpt | null;
}

export type ExpectationOutcome = 'passed' | 'failed' | 'manual' | 'not checked';

export interface ReportStep {
  id: string;
  /** 1-based position among all the run's steps (the walk first, then plan steps). */
  number: number;
  kind: StepKind;
  title: string;
  /** The heading the step stands under, when the runbook could be re-read. */
  section: string | null;
  /** The runbook's words about the step (`# comment` lines above a command, prose before a fence). */
  description: string | null;
  line: number;
  status: StepStatus;
  mark: string;
  by: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  attempts: number;
  /** Every attempt at running it, oldest first (empty for a step that never ran). */
  history: ReportAttempt[];
  exitCode: number | null;
  error: string | null;
  /**
   * What ran (or would run): the runbook's text as the run began, the edited text when the
   * operator changed it, and `ran`: the exact text the latest attempt ran, as journaled
   * (null before it ran, or in a journal from before it was recorded for every step).
   */
  command: { language: 'bash' | 'sql'; text: string; edited: string | null; ran: string | null } | null;
  output: OutputExcerpt | null;
  expectation: { text: string; result: ExpectationOutcome } | null;
  notes: string[];
  skipReason: string | null;
  /** A rehearsal's typed confirmation, practised: the word typed (nothing ran). */
  practised: string | null;
  subChecks: string[];
  estimate: string | null;
  /** kind input: the value given; null for a secret or when not given yet. */
  input: { name: string; value: string | null; secret: boolean } | null;
  /** kind signoff: the role that signs. */
  role: string | null;
  /** kind decision: the latest path taken through its tree (every one is in Report.decisions). */
  decision: { path: { question: string; answer: string }[]; leadsTo: { kind: string; id: string | null; title: string }; reason: string } | null;
  dueAt: string | null;
  /** The runbook file changed this step's text while the run was under way. */
  changedDuringRun: boolean;
}

export interface ReportGroup {
  id: string;
  title: string;
  steps: ReportStep[];
}

export interface ReportPlanEntry {
  at: string;
  by: string;
  /** The step to come back to (the decision step the tree was answered at). */
  from: string | null;
  fromTitle: string | null;
  /** Through a decision tree (which, which answers) or opened on purpose. */
  how: 'tree' | 'on purpose';
  tree: string | null;
  path: { question: string; answer: string }[];
  /** The operator's reason: why this path, or why opened on purpose; null when none was journaled. */
  reason: string | null;
}

export interface ReportPlan extends ReportGroup {
  entered: ReportPlanEntry[];
  leftAt: string | null;
}

export interface ReportSession {
  at: string;
  kind: 'started' | 'resumed' | 'handover' | 'lock-takeover' | 'lease-takeover';
  operator: string;
  /** handover: the operator before; lock-takeover: the holder whose process was gone; lease-takeover: the other host's driver, and why. */
  from: string | null;
  user: string | null;
  sudoUser: string | null;
  host: string | null;
  sshClient: string | null;
  tmux: string | null;
  screen: string | null;
  pid: number | null;
}

export interface ReportInput {
  name: string;
  step: string;
  /** null for a secret: its value is never journaled, never reported. */
  value: string | null;
  secret: boolean;
  by: string | null;
  at: string | null;
}

export interface ReportResultSet {
  statement: number;
  command: string;
  columns: string[];
  rows: Cell[][];
  rowCount: number;
  /** A big result: the rows between its first and last ones, counted and hashed but not kept. */
  omitted?: { at: number; count: number };
  /** SHA-256 of every row it returned, kept or not. */
  digest?: string;
}

export interface ReportCapture {
  name: string;
  step: string;
  stepTitle: string;
  at: string;
  digest: string;
  resultSets: ReportResultSet[];
  /** The baseline as first captured, when the step captured it again with other rows. */
  first?: { at: string; digest: string; resultSets: ReportResultSet[] };
}

/** One cell of a compared row, or the whole row when it has no compared columns. */
export interface ReportDiffRow {
  key: string;
  column: string;
  before: string;
  after: string;
  delta: string | null;
  status: string;
  passed: boolean;
}

export interface ReportDiffSet {
  statement: number;
  keyColumn: string;
  passed: boolean;
  notes: string[];
  rows: ReportDiffRow[];
  /** Unchanged rows left out of `rows` to keep a large set readable. */
  unchangedOmitted: number;
  /** Baseline rows the compare did not measure again. */
  notRemeasured: number;
}

export interface ReportComparison {
  name: string;
  step: string;
  stepTitle: string;
  at: string;
  passed: boolean;
  summary: string;
  baselineDigest: string;
  digest: string;
  /** The baseline it was made against is the capture in this report. */
  againstCapture: boolean;
  resultSets: ReportDiffSet[];
}

/** The runbook's own "Baseline Values" table (Metric | Pre-Deploy | Post-Deploy | Status), filled. */
export interface ReportBaselineValues {
  line: number;
  capture: string;
  comparedAt: string | null;
  rows: BaselineTableRow[];
}

export interface ReportDecision {
  at: string;
  by: string;
  step: string | null;
  stepTitle: string | null;
  tree: string;
  path: { question: string; answer: string }[];
  leadsTo: { kind: string; id: string | null; title: string };
  reason: string;
}

export interface ReportSignOff {
  step: string;
  role: string;
  name: string;
  at: string;
  refused: boolean;
  chainHead: string;
  /** The signed head is an event of this journal. */
  chainHeadInJournal: boolean;
  statement: string;
  signature: { keyFingerprint: string; valid: boolean; problem: string | null } | null;
  /** Why there is no SSH signature, as recorded. */
  note: string | null;
  /** Other roles signed with the same key. */
  sameKeyAs: string[];
  /** The operator at the keyboard when it was recorded (`name` may be another's, typed by them). */
  enteredBy: string;
}

export interface ReportScheduledCheck {
  step: string;
  title: string;
  dueAt: string;
  status: StepStatus;
  /** Still open and its time has come (at the report's time). */
  overdue: boolean;
}

export interface Report {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  generatedAt: string;
  journal: string;
  /** The hash of the run's first event: names the run in the team store. */
  runId: string | null;
  runbook: {
    title: string;
    file: string;
    sha256: string;
    /** The file changed under a resumed run (the `runbook.changed` event, with when): new sha256 and the steps it changed. */
    changes: (RunEventMap['runbook.changed'] & { at: string })[];
    /** Why the runbook text could not be re-read for commands and sections, if it could not. */
    problem: string | null;
  };
  run: {
    /** `completed_with_failures`: completed, and something failed (run/ending.ts says what counts). */
    state: RunOutcome;
    /** What failed, one by one (empty unless something did). */
    failures: RunFailure[];
    /** Walk steps the operator skipped, conditional steps aside (run/ending.ts, skippedSteps). */
    skipped: { step: string; title: string; why: string }[];
    rehearsal: boolean;
    /** The operator driving now (the last handover's). */
    operator: string;
    /** Everyone who drove the run, in order. */
    operators: string[];
    startedAt: string;
    endedAt: string | null;
    /** run.ended's reason (an aborted run says why). */
    endReason: string | null;
    paused: { reason: string; at: string } | null;
    /** Walk steps by status, plus plan steps that were reached. */
    counts: Partial<Record<StepStatus, number>>;
    /** Walk steps not yet finished. */
    open: number;
  };
  sessions: ReportSession[];
  targets: { name: string; kind: string; location: string }[];
  phases: ReportGroup[];
  plans: ReportPlan[];
  inputs: ReportInput[];
  captures: ReportCapture[];
  comparisons: ReportComparison[];
  baselineValues: ReportBaselineValues[];
  decisions: ReportDecision[];
  signoffs: ReportSignOff[];
  scheduled: ReportScheduledCheck[];
  chain: {
    valid: boolean;
    events: number;
    head: string;
    problem: { seq: number; reason: string } | null;
    /** The journal against the anchor beside it (journal/anchor.ts). */
    anchor: AnchorSummary;
  };
  /** Events left out because they could not be read: the report shows the rest. */
  unreadableEvents: UnreadableEvent[];
}
