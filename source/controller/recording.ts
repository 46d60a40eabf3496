// What runbook cannot record, it does not run: a step starts only when the journal has
// room, and a journal that stops taking writes mid-step (disk full, remounted read-only)
// never crashes the run or loses what is already recorded.

import { dirname } from 'node:path';
import type { Step } from '../runbook/model';
import { JournalError } from '../journal/journal';
import { checkWritable } from '../journal/paths';
import type { StepContext } from './step-context';

/** Below this much free space a step is not started: its output could not be recorded. */
export const MIN_STEP_FREE_BYTES = 1024 * 1024;

/**
 * The journal refused a write (disk full, read-only, an I/O error), or the run was taken
 * over from another host (the team store's lease): a fault to tell the operator, not a bug.
 */
export function cannotRecord(error: unknown): error is JournalError {
  return error instanceof JournalError && (error.kind === 'write-failed' || error.kind === 'taken-over');
}

/** The run was taken over from another host: say who, in the error's one line, and nothing else. */
export function takenOver(error: unknown): error is JournalError {
  return error instanceof JournalError && error.kind === 'taken-over';
}

/** Throws a one-line JournalError when a step could not be recorded, before it runs. */
export function assertRecordable(journal: { readonly path: string }): void {
  const path = journal.path;
  const room = checkWritable(dirname(path), MIN_STEP_FREE_BYTES);
  if (!room.ok) throw new JournalError('write-failed', path, `cannot record the next step, so it does not run: ${room.message}`);
}

/**
 * The per-frame commit while a step streams. A failure is not thrown from the timer (that
 * would kill the process with the step still running): the output stays pending in memory,
 * the operator is told once, and the commit at the step's end retries it — and stops the
 * run if the journal still cannot be written.
 */
export function frameCommit(ctl: Pick<StepContext, 'commit' | 'emitOutput'>, step: Step): () => void {
  let told = false;
  return () => {
    try {
      ctl.commit();
    } catch (error) {
      if (told) return;
      told = true;
      const why = error instanceof Error ? error.message : String(error);
      // Taken over, this host will never record again: no promise that it will.
      const said = takenOver(error)
        ? `\n! ${why}: this host records nothing more of the run; this step's output stays here, and nothing more runs here.\n`
        : `\n! runbook cannot write the journal (${why}); this step's output is kept in memory until it can, and nothing more runs until it is recorded.\n`;
      ctl.emitOutput(step.id, 'stderr', said);
    }
  };
}
