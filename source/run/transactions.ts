// A transaction block left open across steps (BEGIN in one step, COMMIT in a later one, as
// in psql): how the run state follows it, and what the record says of it. A change made
// inside one is not done until the COMMIT, and a failure, a pause or the end of the run
// undoes it: the record must not let a step that "passed" with `UPDATE 1` read as a change
// made.

import type { RunState } from './state';

/** A session's transaction block after a step (the executors report it). */
export type TransactionAfterStep = 'open' | 'undone' | 'undone-earlier';

/** The note for the step, or null; `since`: the step whose BEGIN opened the block, when known. */
export function transactionNote(transaction: TransactionAfterStep | undefined, target: string, since: string | null): string | null {
  const from = since === null ? 'an earlier step' : `step ${since}`;
  switch (transaction) {
    case 'open':
      return `transaction open on ${target}${since === null ? '' : ` since ${from}`}: nothing is committed until a COMMIT`;
    case 'undone':
      return `ROLLBACK on ${target}: this step's transaction is undone`;
    case 'undone-earlier':
      return `ROLLBACK on ${target} undid the transaction open since ${from}, all its changes`;
    default:
      return null;
  }
}

/** Said as the run stops with a transaction open: closing the session rolls it back. */
export function rolledBackOnLeaving(target: string, since: string): string {
  return `! The transaction open on ${target} since step ${since} is rolled back as the run stops: nothing in it was committed.`;
}

/** The note a resume puts on the step whose transaction the stopped run's session took with it. */
export function rolledBackWhenStopped(target: string): string {
  return `its transaction on ${target} was rolled back when the run stopped: nothing in it was committed`;
}

/** What resume says of it, before the run goes on. */
export function rolledBackOnResume(target: string, since: string): string {
  return `! The transaction open on ${target} since step ${since} was rolled back when the run stopped: nothing in it was committed. Run its steps again before a COMMIT.`;
}

/** The run stops here, and its database sessions with it: what was open in them is rolled back. */
export function stopped(state: RunState): RunState {
  if (Object.keys(state.openTransactions).length === 0) return state;
  return { ...state, rolledBack: { ...state.rolledBack, ...state.openTransactions }, openTransactions: {} };
}

/** A step's end on a SQL session: a transaction it left open is its (unless one was already), a closed one is gone. */
export function openTransactionsAfter(open: Record<string, string>, transaction: { target: string; open: boolean }, step: string): Record<string, string> {
  const { [transaction.target]: since, ...others } = open;
  return transaction.open ? { ...others, [transaction.target]: since ?? step } : others;
}
