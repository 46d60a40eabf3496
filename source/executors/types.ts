// The small interfaces the controller drives steps through. Real implementations:
// shell.ts (execa), sql-postgres.ts (pg), sql-sqlite.ts (better-sqlite3).
// A test may swap one only where the real thing cannot exist here.

import type { SqlStatement } from '../runbook/model';
import type { ResultSet } from '../run/results';
import type { TransactionAfterStep } from '../run/transactions';

export type { Cell, Column, ResultSet } from '../run/results';

export type OutputStream = 'stdout' | 'stderr';

/** Receives output as it arrives, in chunks (never whole-stream strings). */
export type OutputSink = (stream: OutputStream, chunk: string) => void;

/** What carries from one shell step to the next, as in a terminal. */
export interface ShellContext {
  cwd: string;
  /** Exported variables (the full environment the next step starts with). */
  env: Record<string, string>;
}

export interface ShellRequest {
  command: string;
  /** `bash` unless front matter says otherwise; always run with `-o pipefail` for bash. */
  shell: string;
  context: ShellContext;
  /** Exit codes that count as success (default [0]). */
  okExit: number[];
  timeoutMs?: number;
  /** Runs until stopped; stopping is success. */
  follow: boolean;
  /** Gets the terminal (inherits stdio); output is not captured. */
  tty: boolean;
  /** Told the shell's pid as soon as it is spawned, before any of its output. */
  onStart?: (pid: number) => void;
}

export interface ShellOutcome {
  exitCode: number | null;
  signal: string | null;
  /** Exit code in okExit, or a follow step stopped by the operator. */
  ok: boolean;
  timedOut: boolean;
  /** Stopped by the operator (Ctrl-C / stop()). */
  stopped: boolean;
  /** cwd and exported env after the step; unchanged when the step could not report them. */
  context: ShellContext;
  durationMs: number;
  /** Set when the command could not start at all. */
  error?: string;
}

export interface RunningShell {
  readonly pid: number | undefined;
  /** SIGTERM to the whole process group, SIGKILL after a grace period. */
  stop(): void;
  readonly done: Promise<ShellOutcome>;
}

export interface ShellExecutor {
  run(request: ShellRequest, sink: OutputSink): RunningShell;
}

export interface SqlOutcome {
  ok: boolean;
  /** Each statement's result: rows bounded (the first and the last), counted and hashed whole. */
  resultSets: ResultSet[];
  /** What ran but could not be shown or kept (a statement that ran is never an error for it). */
  notes?: string[];
  /** The first error, with the statement index it stopped at. */
  error?: { message: string; statement: number; code?: string };
  cancelled: boolean;
  durationMs: number;
  /**
   * The session's transaction block (BEGIN without COMMIT, as in psql): `open` when the step
   * ended inside one, its changes not committed yet; `undone` when the step's failure rolled
   * one back, `undone-earlier` when that one was open before the step began.
   */
  transaction?: TransactionAfterStep;
}

/** How often (in rows) a streaming statement reports progress. */
export const PROGRESS_ROWS = 10_000;

export interface RunningQuery {
  /** pg: cancel the running statement; sqlite: interrupt between statements. */
  cancel(): void;
  readonly done: Promise<SqlOutcome>;
}

export interface ResolvedTarget {
  name: string;
  kind: 'postgres' | 'sqlite';
  /** postgres: connection string (password only ever from env/.pgpass); sqlite: absolute file path. */
  location: string;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

export interface SqlExecutor {
  readonly target: ResolvedTarget;
  /**
   * Autocommit per statement; `${name}` in a statement is bound from params, never pasted in.
   * Rows stream: `onResult` gets each statement's result when it is complete, `onProgress`
   * is told every PROGRESS_ROWS rows while a big one streams.
   */
  run(statements: SqlStatement[], params: Record<string, string>, onResult?: (rs: ResultSet) => void, onProgress?: (statement: number, rows: number) => void): RunningQuery;
  /** A short description for the header: `govos@db-1`. */
  describe(): string;
  close(): Promise<void>;
}
