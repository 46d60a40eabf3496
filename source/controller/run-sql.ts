// Running a sql step against its target: each statement's result as a table in the
// output, expectations judged per statement, captures stored and comparisons made.

import type { SqlStatement, Step } from '../runbook/model';
import { SCHEMA_SIGNATURE_SQL } from '../run/compare';
import { splitSql } from '../runbook/sql-split';
import { clientCommandProblem, clientCommands, withoutClientSettings } from '../runbook/client-commands';
import { judgeResultSet } from '../run/judge';
import { formatResultSet } from '../run/table-format';
import type { ResultSet } from '../run/results';
import type { RunningQuery, SqlExecutor, SqlOutcome } from '../executors/types';
import { transactionNote } from '../run/transactions';
import { boundRows } from '../run/results';
import { cannotRecord, frameCommit } from './recording';
import type { StepContext, StepResult, StepVerdict } from './step-context';
import { FRAME_MS } from './run-shell';
import { compareWithCapture, storeCapture } from './baselines';
import { liveExecutor, lostConnection, watchQuery } from './sql-session';

const SCHEMA_PARAM = 'runbook_signature_schema';

/** What the step's record says of its target's transaction (a BEGIN left open across steps), and what it journals of it. */
interface TransactionTold {
  note: string | null;
  record?: { target: string; open: boolean };
}

function transactionTold(ctl: StepContext, executor: SqlExecutor, step: Step, outcome: SqlOutcome, sessionGone: boolean): TransactionTold {
  const target = executor.target.name;
  const since = ctl.state.openTransactions[target] ?? null;
  // A session lost (or given up on, or found gone before the step) takes an open transaction
  // with it: the server rolls it back.
  const now = outcome.transaction ?? (since !== null && sessionGone ? 'undone-earlier' : undefined);
  const note = transactionNote(now, target, since === step.id ? null : since);
  if (now === 'open') return { note, record: { target, open: true } };
  return since === null ? { note } : { note, record: { target, open: false } };
}

/** The built-in catalog queries of a `signature=SCHEMA` step, the schema bound, never pasted. */
function signatureStatements(kind: 'postgres' | 'sqlite', line: number): SqlStatement[] {
  return SCHEMA_SIGNATURE_SQL[kind].map((text) => ({ text: text.replaceAll('$1', `\${${SCHEMA_PARAM}}`), line, expectation: null }));
}

/**
 * The statements as they identify a query for captures and compares: the text as run, with
 * a signature's schema written in (two signatures of different schemas are different queries).
 */
function queryTexts(statements: SqlStatement[], schema: string | undefined): string[] {
  const literal = schema === undefined ? '' : `'${schema.replaceAll("'", "''")}'`;
  return statements.map((s) => (schema === undefined ? s.text : s.text.replaceAll(`\${${SCHEMA_PARAM}}`, literal)));
}

/** Rows kept in the step.finished event; a capture keeps what the executor kept (result-rows.ts). */
const EVENT_ROWS = 200;

/** Rows of a result shown in the step's output (and so the journal's text and --plain): the first and the last. */
const SHOWN_ROWS = { head: 500, tail: 50 };

function combine(verdicts: StepVerdict[]): StepVerdict | null {
  if (verdicts.length === 0) return null;
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('manual')) return 'manual';
  return 'passed';
}

export async function runSqlStep(ctl: StepContext, step: Step, sql: string, track: (h: RunningQuery) => void): Promise<StepResult> {
  const journal = ctl.journal;
  const written = sql === step.sql && step.statements ? step.statements : splitSql(sql, step.line + 1);
  // A client's display settings (`\x`, `.mode`) are left out; any other client command stops the step.
  const { statements: own, left } = withoutClientSettings(written);
  const started = Date.now();
  const fail = (message: string): StepResult => {
    journal.appendOutput(step.id, 'stderr', `${message}\n`);
    journal.flushOutput(step.id);
    ctl.emitOutput(step.id, 'stderr', `${message}\n`);
    ctl.append('step.finished', { step: step.id, status: 'failed', exitCode: null, signal: null, durationMs: Date.now() - started, error: message, expectation: step.expectation ? { text: step.expectation.text, result: 'failed' } : null });
    return { status: 'failed', expectation: step.expectation ? 'failed' : null, exitCode: null, message };
  };
  // Nothing is sent when a statement holds a client's command: the ones before it would run.
  const client = clientCommands(own)[0];
  if (client) return fail(`line ${client.line}: ${clientCommandProblem(client)}; nothing was sent`);
  if (left.length > 0) {
    const said = `-- left out, the SQL client's own display settings: ${left.join(', ')}\n\n`;
    journal.appendOutput(step.id, 'stdout', said);
    ctl.emitOutput(step.id, 'stdout', said);
  }
  let executor;
  // The session was found gone and opened again: what was open in the old one is rolled back.
  let reconnected = false;
  try {
    const live = await liveExecutor(ctl, step);
    executor = live.executor;
    reconnected = live.note !== null;
    if (live.note) {
      journal.appendOutput(step.id, 'stderr', `${live.note}\n`);
      ctl.emitOutput(step.id, 'stderr', `${live.note}\n`);
    }
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const signature = step.annotations.signature ? signatureStatements(executor.target.kind, step.line) : [];
  const statements = [...signature, ...own];
  const params = { ...ctl.inputValues(), ...(step.annotations.signature ? { [SCHEMA_PARAM]: step.annotations.signature } : {}) };
  const frame = setInterval(frameCommit(ctl, step), FRAME_MS);
  let outcome;
  const seen: ResultSet[] = [];
  // What ran but could not be shown or recorded: the step is then done, with these as its note.
  const unshown: string[] = [];
  let sessionGone = false;
  let watched: ReturnType<typeof watchQuery> | null = null;
  try {
    const running = executor.run(
      statements,
      params,
      (rs: ResultSet) => {
        seen.push(rs);
        watched?.touch();
        const problem = showResultSet(ctl, step, statements[rs.statement]?.text ?? '', rs);
        if (problem) unshown.push(problem);
      },
      // A big result streaming in: the server is answering.
      () => watched?.touch(),
    );
    // better-sqlite3 runs in this thread: only a server can go silent.
    watched = executor.target.kind === 'postgres' ? watchQuery(running, executor.target, () => Math.min((seen.at(-1)?.statement ?? -1) + 1, statements.length - 1)) : null;
    track(watched ?? running);
    outcome = await (watched ?? running).done;
    if (watched?.gaveUp()) outcome = { ...outcome, resultSets: seen };
    sessionGone = watched?.gaveUp() === true || lostConnection(outcome);
    if (sessionGone) ctl.dropExecutor(executor.target.name);
  } finally {
    clearInterval(frame);
  }
  for (const note of outcome.notes ?? []) unshown.push(note);
  const told = transactionTold(ctl, executor, step, outcome, sessionGone || reconnected);
  if (outcome.error) {
    const text = `ERROR at statement ${outcome.error.statement + 1}: ${outcome.error.message}\n`;
    journal.appendOutput(step.id, 'stderr', text);
    ctl.emitOutput(step.id, 'stderr', text);
  }
  journal.flushOutput(step.id);
  try {
    return finishSqlStep(ctl, step, statements, outcome, unshown, told, sql !== step.sql);
  } catch (error) {
    // A journal that refuses writes stops the run (recording.ts); anything else went wrong
    // after the statements ran, in judging or recording their results: they are not undone,
    // so the step is done, with what could not be recorded as its note.
    if (cannotRecord(error) || !outcome.ok) throw error;
    unshown.push(`its results could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
    return finishDone(ctl, step, outcome, told.note === null ? unshown : [...unshown, told.note], told.record);
  }
}

/** The result as a table in the step's output; says what went wrong instead of throwing. */
function showResultSet(ctl: StepContext, step: Step, sql: string, rs: ResultSet): string | null {
  try {
    const head = `-- ${sql.split('\n')[0]?.slice(0, 100) ?? ''}`;
    const text = `${[head, ...formatResultSet(rs, { ends: SHOWN_ROWS })].join('\n')}\n\n`;
    ctl.journal.appendOutput(step.id, 'stdout', text);
    ctl.emitOutput(step.id, 'stdout', text);
    return null;
  } catch (error) {
    if (cannotRecord(error)) throw error;
    return `statement ${rs.statement + 1} ran (${rs.command} ${rs.rowCount}); its result could not be shown: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * `told.note`: said in the step's note, but no reason to call it done rather than passed (an
 * open transaction). `edited`: the operator changed the SQL before it ran (a compare then
 * measured their query).
 */
function finishSqlStep(ctl: StepContext, step: Step, statements: SqlStatement[], outcome: SqlOutcome, unshown: string[], told: TransactionTold, edited: boolean): StepResult {
  const verdicts: StepVerdict[] = [];
  const texts: string[] = [];
  const toJudge: string[] = [];
  statements.forEach((statement, i) => {
    if (!statement.expectation) return;
    texts.push(statement.expectation.text);
    const rs = outcome.resultSets.find((r) => r.statement === i);
    const verdict = rs ? judgeResultSet(statement.expectation, rs) : 'failed';
    if (verdict === 'manual') toJudge.push(`${statement.text.split('\n')[0]?.slice(0, 60) ?? ''} → ${statement.expectation.text}`);
    verdicts.push(verdict);
  });
  let verdict = combine(verdicts);
  let comparisonFailed = false;
  const queries = queryTexts(statements, step.annotations.signature);
  if (outcome.ok && step.annotations.capture) storeCapture(ctl, step, outcome.resultSets, queries);
  if (outcome.ok && step.annotations.compare) {
    const passed = compareWithCapture(ctl, step, outcome.resultSets, queries, edited);
    comparisonFailed = !passed;
  }
  if (!outcome.ok && verdict !== null) verdict = 'failed';
  const failed = !outcome.ok || verdict === 'failed' || comparisonFailed;
  const status = failed ? 'failed' : unshown.length > 0 ? 'done' : 'passed';
  const message = outcome.cancelled ? 'cancelled' : (outcome.error?.message ?? (comparisonFailed ? `comparison with ${step.annotations.compare} failed` : null));
  const notes = told.note === null ? unshown : [...unshown, told.note];
  const note = notes.length > 0 ? notes.join('; ') : null;
  ctl.append('step.finished', {
    step: step.id,
    status,
    exitCode: null,
    signal: null,
    durationMs: outcome.durationMs,
    ...(message ? { error: message } : {}),
    ...(note ? { note } : {}),
    expectation: verdict ? { text: texts.join(' · '), result: verdict } : null,
    resultSets: outcome.resultSets.map((rs) => boundRows(rs, EVENT_ROWS, 0)),
    ...(told.record ? { transaction: told.record } : {}),
  });
  // A failure's message says what the ROLLBACK took with it, where the operator reads it.
  const shown = message !== null && told.note !== null ? `${message} · ${told.note}` : (message ?? note);
  return { status, expectation: verdict, exitCode: null, message: shown, ...(toJudge.length ? { judge: toJudge.join('\n') } : {}) };
}

/** The statements ran; recording what they returned did not work out. */
function finishDone(ctl: StepContext, step: Step, outcome: SqlOutcome, unshown: string[], transaction?: { target: string; open: boolean }): StepResult {
  const note = unshown.join('; ');
  ctl.append('step.finished', {
    step: step.id,
    status: 'done',
    exitCode: null,
    signal: null,
    durationMs: outcome.durationMs,
    note,
    expectation: step.expectation ? { text: step.expectation.text, result: 'manual' } : null,
    resultSets: outcome.resultSets.map((rs) => ({ ...boundRows(rs, 0, 0), rows: [] })),
    ...(transaction ? { transaction } : {}),
  });
  return { status: 'done', expectation: step.expectation ? 'manual' : null, exitCode: null, message: note };
}
