// Opening a journal to read a run (show, list, verify, report, watch): read-only, never locked.
// A step still running in the journal is running when a live driver holds the lock, and
// interrupted when none does (the driver went away mid-step). An event the run cannot use
// (a payload that is not JSON, or lacks what its type promises) is set aside and named,
// and the run is rebuilt from the rest.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors';
import { Journal } from '../journal/journal';
import { liveDriver, type LockHolder } from '../journal/lock';
import type { RunEvent } from '../run/events';
import { describeUnreadable, readableEvents, type UnreadableEvent } from '../run/event-shapes';
import { replay } from '../run/reducer';
import type { RunState } from '../run/state';

export interface OpenRun {
  journal: Journal;
  events: RunEvent[];
  state: RunState;
  /** The driver at work on the run now, if any. */
  driver: LockHolder | undefined;
  /** Events set aside, in seq order: readers mark them rather than crash. */
  unreadable: UnreadableEvent[];
}

export interface ReplayedRun {
  events: RunEvent[];
  unreadable: UnreadableEvent[];
  /** null when no run can be rebuilt (its first event is gone or unreadable): `problem` says why. */
  state: RunState | null;
  problem: string | null;
}

export function openJournalReadonly(path: string, cwd: string): Journal {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new InputError(path, null, 'no such journal');
  try {
    return Journal.open(full, { readonly: true });
  } catch (error) {
    throw new InputError(path, null, error instanceof Error ? error.message.replace(`${full}: `, '') : String(error));
  }
}

/** `live`: a driver holds the run now, so a step still open is running, not interrupted. */
export function replayJournal(journal: Journal, live = false): ReplayedRun {
  const { events, unreadable } = readableEvents(journal.events());
  const first = unreadable[0];
  if (first !== undefined && first.seq === 1) return { events, unreadable, state: null, problem: describeUnreadable(first) };
  try {
    return { events, unreadable, state: replay(events, { live }), problem: null };
  } catch (error) {
    return { events, unreadable, state: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `driving`: who drives the run elsewhere, as the caller knows it — a team store's fresh
 * lease for a copy of the store's run, whose file no driver locks — read before the events
 * were copied, as the lock is read here before the events.
 */
export function openRunReadonly(path: string, cwd: string, driving?: LockHolder): OpenRun {
  const journal = openJournalReadonly(path, cwd);
  // The lock before the events: a driver seen alive here either is still running its step
  // when the events are read, or has recorded how the step ended.
  const driver = driving ?? liveDriver(journal);
  const run = replayJournal(journal, driver !== undefined);
  if (run.state === null) {
    journal.close();
    throw new InputError(path, null, run.problem ?? 'no run in this journal');
  }
  return { journal, events: run.events, state: run.state, driver, unreadable: run.unreadable };
}
