// Opening a journal to read a run (show, list, verify, report, watch): read-only, never locked.
// A step still running in the journal is running when a live driver holds the lock, and
// interrupted when none does (the driver went away mid-step).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors';
import { Journal } from '../journal/journal';
import { liveDriver, type LockHolder } from '../journal/lock';
import type { RunEvent } from '../run/events';
import { replay } from '../run/reducer';
import type { RunState } from '../run/state';

export interface OpenRun {
  journal: Journal;
  events: RunEvent[];
  state: RunState;
  /** The driver at work on the run now, if any. */
  driver: LockHolder | undefined;
}

export function openRunReadonly(path: string, cwd: string): OpenRun {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new InputError(path, null, 'no such journal');
  let journal: Journal;
  try {
    journal = Journal.open(full, { readonly: true });
  } catch (error) {
    throw new InputError(path, null, error instanceof Error ? error.message.replace(`${full}: `, '') : String(error));
  }
  // The lock before the events: a driver seen alive here either is still running its step
  // when the events are read, or has recorded how the step ended.
  const driver = liveDriver(journal);
  const events = journal.events() as RunEvent[];
  try {
    return { journal, events, state: replay(events, { live: driver !== undefined }), driver };
  } catch (error) {
    journal.close();
    throw new InputError(path, null, error instanceof Error ? error.message : String(error));
  }
}
