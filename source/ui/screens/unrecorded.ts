// The journal refused a write (disk full, read-only) while the screen drives the run: the
// run stops as it does in --plain, told in plain words rather than a crash. What the
// operator just did is not recorded, everything before it is, and `resume` goes on once
// there is room. Any other error is a bug and is not hidden.

import { cannotRecord, takenOver } from '../../controller';
import type { IntentDeps, QuitExit } from './intent-deps';
import { goingOn, NOT_PUBLISHED, storeTie, type StoreTie } from '../../run/ending';

/** How the screen leaves when the journal refused a write: exit 1, and how to go on. */
export function unrecordedExit(journal: string, error: Error, tie: StoreTie = NOT_PUBLISHED): QuitExit {
  // Taken over from another host: the one line says who; this host has nothing to resume.
  if (takenOver(error)) return { kind: 'quit', code: 2, lines: [error.message] };
  return {
    kind: 'quit',
    code: 1,
    lines: [`Run stopped: the journal cannot record it (${error.message}).`, goingOn('What was recorded is intact', '; once there is room:', journal, tie)],
  };
}

/** Leaves the screen when `error` is a refused write; rethrows anything else. */
export function stopIfUnrecorded(d: IntentDeps, error: unknown): void {
  if (!cannotRecord(error)) throw error;
  d.leave(unrecordedExit(d.ctl.journalPath, error, storeTie(d.ctl.store?.status())));
}

/** Runs an intent (sync or async), stopping the run if the journal refuses its write. */
export function guarded(d: IntentDeps, intent: () => void | Promise<void>): void {
  try {
    void intent()?.catch((error: unknown) => stopIfUnrecorded(d, error));
  } catch (error) {
    stopIfUnrecorded(d, error);
  }
}
