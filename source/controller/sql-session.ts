// A PostgreSQL target's session across a run that outlives the server: a connection lost
// between steps (the server restarted) is re-opened before the next step, and a server
// that stops answering (frozen, the network gone) cannot hang the run — statement_timeout
// is enforced by the server, so the client keeps a deadline of its own.

import type { Step } from '../runbook/model';
import type { ResolvedTarget, RunningQuery, SqlExecutor, SqlOutcome } from '../executors/types';
import type { StepContext } from './step-context';

/** How long past statement_timeout (or after a cancel) the server may stay silent. */
export const ANSWER_GRACE_MS = 5000;

/** pg error classes that mean the session is gone: connection exceptions, shutdowns. */
const LOST_CODES = /^(08|57P0)/;

export function lostConnection(outcome: SqlOutcome): boolean {
  const error = outcome.error;
  if (!error) return false;
  return /connection lost|Connection terminated|Client was closed/i.test(error.message) || LOST_CODES.test(error.code ?? '');
}

/**
 * The step's executor. One reused from an earlier step is probed first (`SELECT 1`, never
 * the step's own statements): when its connection went away while idle, it is dropped and
 * a fresh one opened, and `note` says what the operator lost with the old session.
 */
export async function liveExecutor(ctl: Pick<StepContext, 'hasExecutor' | 'executorFor' | 'dropExecutor'>, step: Step): Promise<{ executor: SqlExecutor; note: string | null }> {
  const reused = ctl.hasExecutor(step);
  const executor = await ctl.executorFor(step);
  if (executor.target.kind !== 'postgres' || !reused) return { executor, note: null };
  const probe = watchQuery(executor.run([{ text: 'SELECT 1', line: step.line, expectation: null }], {}), executor.target, () => 0);
  const answer = await probe.done;
  if (answer.ok) return { executor, note: null };
  if (!lostConnection(answer) && !probe.gaveUp()) return { executor, note: null };
  ctl.dropExecutor(executor.target.name);
  const fresh = await ctl.executorFor(step);
  const why = answer.error?.message ?? 'no answer';
  return { executor: fresh, note: `! ${why}; reconnected to target ${fresh.target.name} (settings and temporary tables of earlier steps are gone)` };
}

/**
 * Wraps a running query with the client's own deadline: no answer for statement_timeout +
 * ANSWER_GRACE_MS (re-armed by every result set), or for ANSWER_GRACE_MS after a cancel,
 * settles it as failed. The caller then drops the executor (its connection is unusable).
 */
export function watchQuery(handle: RunningQuery, target: ResolvedTarget, statement: () => number): RunningQuery & { touch(): void; gaveUp(): boolean } {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let silent = false;
  let cancelled = false;
  let settle: (outcome: SqlOutcome) => void = () => undefined;
  const silence = new Promise<SqlOutcome>((resolve) => (settle = resolve));
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const arm = (ms: number, message: string, byCancel: boolean) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      silent = true;
      settle({ ok: false, resultSets: [], error: { message, statement: statement() }, cancelled: byCancel, durationMs: Math.round(performance.now() - started) });
    }, ms);
  };
  const limit = target.statementTimeoutMs > 0 ? target.statementTimeoutMs + ANSWER_GRACE_MS : null;
  const deadline = () => {
    if (limit !== null && !cancelled) arm(limit, `target ${target.name}: no answer from the server for ${seconds(limit)} (statement_timeout ${seconds(target.statementTimeoutMs)}); the connection is dropped`, false);
  };
  deadline();
  const done = Promise.race([handle.done, silence]).finally(() => clearTimeout(timer));
  return {
    done,
    cancel() {
      handle.cancel();
      if (cancelled) return;
      cancelled = true;
      arm(ANSWER_GRACE_MS, `target ${target.name}: the server did not answer the cancel within ${seconds(ANSWER_GRACE_MS)}; the connection is dropped`, true);
    },
    touch: deadline,
    gaveUp: () => silent,
  };
}
