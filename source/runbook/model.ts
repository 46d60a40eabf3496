// The Runbook model: what `runbook` understood of a Markdown checklist.
// Produced by parse(), consumed by check, the run engine, the UI and the report.
// Field names follow the `check --json` contract in PRODUCT.md §2.

import type { StopCondition } from './stop-conditions';

export type StepKind = 'manual' | 'shell' | 'sql' | 'input' | 'signoff' | 'decision';

/** A checkable form of an `Expected:` / `Verify:` line. */
export type ExpectationCheck =
  /** `Expected: 3 rows`, `Expected: 0 rows`, `Expected: 5+ indexes` (at least). */
  | { kind: 'rows'; op: 'eq' | 'gte'; count: number }
  /** `Expected: 0`: a single value (a SQL scalar, or the whole trimmed output). */
  | { kind: 'value'; value: string }
  /** `Expected: 007_add_agent_traces (head)`, `Verify: "Running upgrade …"`: output contains. */
  | { kind: 'contains'; text: string }
  /** `Expected: {"status": "healthy"}`: output parses as JSON equal to this. */
  /** `text`: the JSON as written (its numbers compared as written, not as doubles). */
  | { kind: 'json'; value: unknown; text?: string }
  /** `Expected: status = 'expired'`: every row's column holds the value. */
  | { kind: 'column'; column: string; value: string }
  /** `-- Expected output:` followed by a commented table. */
  | { kind: 'table'; columns: string[]; rows: string[][] }
  /** `Expected: [] or {"detail": …}`: any alternative holds. */
  | { kind: 'any'; of: ExpectationCheck[] };

export interface Expectation {
  /** The text after `Expected:` / `Verify:` as written. */
  text: string;
  /** True when `check` can judge it from the output alone. */
  auto: boolean;
  line: number;
  /** Present when auto is true. */
  check?: ExpectationCheck;
}

/** Annotation values as written: `{#id capture=NAME ok-exit=0,1 follow}`. */
export interface Annotations {
  id?: string;
  capture?: string;
  compare?: string;
  target?: string;
  confirm?: 'typed';
  timeout?: string;
  'ok-exit'?: string;
  follow?: boolean;
  tty?: boolean;
  idempotent?: boolean;
  display?: boolean;
  at?: string;
  key?: string;
  /** Per-column compare rules: `rules=count:delta,occurred_at:ignore`. */
  rules?: string;
  plan?: boolean;
  skip?: boolean;
  destructive?: boolean;
  name?: string;
  /** A sql step that captures the schema signature of this schema (triggers, constraints, indexes, columns). */
  signature?: string;
}

export interface SqlStatement {
  text: string;
  line: number;
  expectation: Expectation | null;
}

export interface InputSpec {
  name: string;
  prompt: string;
  secret: boolean;
  pattern?: string;
  default?: string;
  line: number;
  /** A condition written beside the blank (`STOP if > 0`, `must be 0`): a value that meets it fails the step. */
  stop?: StopCondition;
}

export interface Step {
  id: string;
  kind: StepKind;
  title: string;
  line: number;
  phase: string | null;
  plan: string | null;
  /** The heading path of the section the step stands in ("1.2 Baseline Data Counts"). */
  section: string;
  /** `# comment` lines above a shell line, prose before a fence. */
  description?: string;
  command?: string;
  sql?: string;
  statements?: SqlStatement[];
  expectation: Expectation | null;
  /** "< 30s", "1-2 min" from an Est. Time column. */
  estimate: string | null;
  /** From a Rollback column. */
  rollbackHint?: string;
  destructive: boolean;
  annotations: Annotations;
  /** kind input: what to ask. */
  input?: InputSpec;
  /** kind signoff: the role that signs. */
  role?: string;
  /** kind decision: the tree it offers. */
  decision?: string;
  /** Several `[ ]` cells of one table row. */
  subChecks?: string[];
  /** A manual check whose text holds a command in a code span offers to run it. */
  offeredCommand?: string;
  /** Placeholders still in the command (`<commit-hash>`, `NNN_description`, `$UNSET`). */
  placeholders?: string[];
  /**
   * Read from the journal's redacted copy of the runbook (resume with the file gone): its
   * command holds `[REDACTED]` where the file had a secret, and runs only once edited.
   */
  secretTakenOut?: true;
  /** `at=+1h` or a "Check At"/"Time" column: a scheduled check, due after the run's start. */
  dueAfter?: string;
  /** "if the replica is still lagging", "optional": done only when it applies; skipping it is no gap. */
  condition?: string;
  /** Why the command waits for a person (`psql with no -c or -f opens a SQL shell`): run gives it the terminal. */
  interactive?: string;
  /** The fence the step was read from, and the file line its command starts on. */
  fenceLine?: number;
  commandLine?: number;
}

export interface Phase {
  id: string;
  title: string;
  line: number;
}

export interface Plan {
  id: string;
  title: string;
  line: number;
}

export interface LeadsTo {
  kind: 'plan' | 'phase' | 'question' | 'text';
  id: string | null;
  title: string;
}

export interface DecisionAnswer {
  label: string;
  line: number;
  leadsTo: LeadsTo;
}

/** One question of a tree; nested questions are further DecisionTrees (leadsTo.kind 'question'). */
export interface DecisionTree {
  id: string;
  /** The decision step that offers it; null for nested questions. */
  step: string | null;
  line: number;
  question: string;
  answers: DecisionAnswer[];
}

export interface DisplayOnly {
  line: number;
  lang: string | null;
  label: string | null;
  text: string;
}

/** Every fence of the file ends up in one place `check` shows: a step, or shown with the reason. */
export interface FenceRecord {
  line: number;
  lang: string | null;
  became: 'step' | 'display' | 'reference' | 'output' | 'config';
  reason: string;
}

/** A code span in the text that reads as a command: offered by a check, or shown and never run. */
export interface SpanRecord {
  line: number;
  text: string;
  became: 'step' | 'display' | 'reference';
  reason: string;
}

/**
 * The author's own text that is no step — prose, lists, tables, fences shown and never
 * run — as the run screen shows it, read-only, where it stands in the file.
 */
export type TextBlock =
  | { kind: 'heading'; line: number; depth: number; text: string }
  | { kind: 'prose'; line: number; text: string }
  | { kind: 'list'; line: number; items: string[] }
  | { kind: 'table'; line: number; header: string[]; rows: string[][] }
  | { kind: 'code'; line: number; lang: string | null; text: string; became: FenceRecord['became'] };

/**
 * A section without steps: top-level ("Summary of Changes", an appendix) between the
 * phases, or inside a phase ("2.1 Migration 006", its expected SQL and risk table). Read-only.
 */
export interface InfoPage {
  id: string;
  title: string;
  line: number;
  /** The phase it stands in; null for a top-level page. */
  phase: string | null;
  /** Its last line: its text is every block from `line` to here. */
  end: number;
  reference: boolean;
}

export interface ReferenceSection {
  title: string;
  line: number;
}

export interface Warning {
  line: number;
  message: string;
}

export interface Target {
  name: string;
  kind: 'postgres' | 'sqlite';
  /** `env:VAR`, a URL without password, or `profile:NAME`. */
  url?: string;
  /** For sqlite: resolved against the runbook's directory by the caller. */
  path?: string;
  statementTimeout: string;
  lockTimeout: string;
}

export interface FrontMatter {
  title?: string;
  targets: Target[];
  shell?: string;
  cwd?: string;
  env: Record<string, string>;
  inputs: InputSpec[];
  line: number;
  /** Keys that belong to someone else (the site generator's `weight`, `menu`, …): listed, not read. */
  ignored: { key: string; line: number }[];
}

export interface Runbook {
  title: string;
  file: string;
  sha256: string;
  frontMatter: FrontMatter;
  phases: Phase[];
  plans: Plan[];
  /** Every step: the walk first in document order, then plan steps. */
  steps: Step[];
  decisions: DecisionTree[];
  inputs: InputSpec[];
  displayOnly: DisplayOnly[];
  reference: ReferenceSection[];
  /** Information pages, in file order. */
  pages: InfoPage[];
  /** The author's text between and around the steps, in file order (author-text.ts places it). */
  text: TextBlock[];
  warnings: Warning[];
  fences: FenceRecord[];
  spans: SpanRecord[];
}

/** A user mistake in the runbook: reported as `file:line: message`, exit 2. */
export class RunbookError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'RunbookError';
  }

  override toString(): string {
    return `${this.file}:${this.line}: ${this.message}`;
  }
}

/** Thrown by the pure dialect helpers, which do not know the file; parse() adds it. */
export class DialectError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'DialectError';
  }
}
