// Running a sql step against its target: each statement's result as a table in the
// output, expectations judged per statement, captures stored and comparisons made.

import type { SqlStatement, Step } from '../runbook/model';
import { SCHEMA_SIGNATURE_SQL } from '../run/compare';
import { splitSql } from '../runbook/sql-split';
import { judgeResultSet } from '../run/judge';
import { formatResultSet } from '../run/table-format';
import type { ResultSet } from '../run/results';
import type { RunningQuery } from '../executors/types';
import type { StepContext, StepResult, StepVerdict } from './step-context';
import { FRAME_MS } from './run-shell';
import { compareWithCapture, storeCapture } from './baselines';
import { frameCommit } from './recording';
import { liveExecutor, lostConnection, watchQuery } from './sql-session';

const SCHEMA_PARAM = 'runbook_signature_schema';

/** The built-in catalog queries of a `signature=SCHEMA` step, the schema bound, never pasted. */
function signatureStatements(kind: 'postgres' | 'sqlite', line: number): SqlStatement[] {
  return SCHEMA_SIGNATURE_SQL[kind].map((text) => ({ text: text.replaceAll('$1', `\${${SCHEMA_PARAM}}`), line, expectation: null }));
}

/** Rows kept in the step.finished event; a capture keeps every row. */
const EVENT_ROWS = 200;

function combine(verdicts: StepVerdict[]): StepVerdict | null {
  if (verdicts.length === 0) return null;
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('manual')) return 'manual';
  return 'passed';
}

export async function runSqlStep(ctl: StepContext, step: Step, sql: string, track: (h: RunningQuery) => void): Promise<StepResult> {
  const journal = ctl.journal;
  const own = sql === step.sql && step.statements ? step.statements : splitSql(sql, step.line + 1);
  const started = Date.now();
  const fail = (message: string): StepResult => {
    journal.appendOutput(step.id, 'stderr', `${message}\n`);
    journal.flushOutput(step.id);
    ctl.emitOutput(step.id, 'stderr', `${message}\n`);
    ctl.append('step.finished', { step: step.id, status: 'failed', exitCode: null, signal: null, durationMs: Date.now() - started, error: message, expectation: step.expectation ? { text: step.expectation.text, result: 'failed' } : null });
    return { status: 'failed', expectation: step.expectation ? 'failed' : null, exitCode: null, message };
  };
  let executor;
  try {
    const live = await liveExecutor(ctl, step);
    executor = live.executor;
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
  let watched: ReturnType<typeof watchQuery> | null = null;
  try {
    const running = executor.run(statements, params, (rs: ResultSet) => {
      seen.push(rs);
      watched?.touch();
      const statement = statements[rs.statement];
      const head = `-- ${statement?.text.split('\n')[0]?.slice(0, 100) ?? ''}`;
      const text = `${[head, ...formatResultSet(rs)].join('\n')}\n\n`;
      journal.appendOutput(step.id, 'stdout', text);
      ctl.emitOutput(step.id, 'stdout', text);
    });
    // better-sqlite3 runs in this thread: only a server can go silent.
    watched = executor.target.kind === 'postgres' ? watchQuery(running, executor.target, () => Math.min((seen.at(-1)?.statement ?? -1) + 1, statements.length - 1)) : null;
    track(watched ?? running);
    outcome = await (watched ?? running).done;
    if (watched?.gaveUp()) outcome = { ...outcome, resultSets: seen };
    if (watched?.gaveUp() || lostConnection(outcome)) ctl.dropExecutor(executor.target.name);
  } finally {
    clearInterval(frame);
  }
  if (outcome.error) {
    const text = `ERROR at statement ${outcome.error.statement + 1}: ${outcome.error.message}\n`;
    journal.appendOutput(step.id, 'stderr', text);
    ctl.emitOutput(step.id, 'stderr', text);
  }
  journal.flushOutput(step.id);

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
  if (outcome.ok && step.annotations.capture) storeCapture(ctl, step, outcome.resultSets);
  if (outcome.ok && step.annotations.compare) {
    const passed = compareWithCapture(ctl, step, outcome.resultSets);
    comparisonFailed = !passed;
  }
  if (!outcome.ok && verdict !== null) verdict = 'failed';
  const status = outcome.ok && verdict !== 'failed' && !comparisonFailed ? 'passed' : 'failed';
  const message = outcome.cancelled ? 'cancelled' : (outcome.error?.message ?? (comparisonFailed ? `comparison with ${step.annotations.compare} failed` : null));
  ctl.append('step.finished', {
    step: step.id,
    status,
    exitCode: null,
    signal: null,
    durationMs: outcome.durationMs,
    ...(message ? { error: message } : {}),
    expectation: verdict ? { text: texts.join(' · '), result: verdict } : null,
    resultSets: outcome.resultSets.map((rs) => ({ ...rs, rows: rs.rows.slice(0, EVENT_ROWS) })),
  });
  return { status, expectation: verdict, exitCode: null, message, ...(toJudge.length ? { judge: toJudge.join('\n') } : {}) };
}
