// Watching a run (runbook watch): its journal opened read-only and followed as its driver
// commits, the events folded into the state with the same reducer that replays a journal.
// Lives outside React, so nothing is missed while the screen steps aside for the pager.

import { resolve } from 'node:path';
import type { Runbook } from '../runbook/model';
import type { RunEvent } from '../run/events';
import { readableEvents } from '../run/event-shapes';
import { interruptRunning, reduce, replay, withLifecycle } from '../run/reducer';
import type { RunState } from '../run/state';
import { followJournal } from '../journal/follow';
import { describeHolder, holderAlive, lockHolder, type LockHolder } from '../journal/lock';
import type { Leaving } from '../run/ending';
import { whole } from '../wrap';
import type { RunView } from './handle';
import { openRunReadonly } from './open-run';
import { recordedOutput } from './output-view';
import { announceWatcher } from '../journal/watchers';

/** How often the watcher asks whether the driver still lives (a process check and one row). */
export const DRIVER_CHECK_MS = 1000;

/**
 * Who drives the run: `driving` ("ana (ana@bastion-1, pid 4242) since …"); `gone`: the
 * lock's holder died without letting go (kill -9, a crash), noticed at `at` (or, gone
 * before the watcher opened, the run's last event); `none`: nobody holds the lock.
 */
export type DriverStatus =
  | { kind: 'driving'; holder: string }
  | { kind: 'gone'; holder: string; at: string; resume: string }
  | { kind: 'none' }
  | { kind: 'unknown'; problem: string };

/** The handle `runbook watch` holds: the run to read, never to change. */
export interface WatchedRun extends RunView {
  /** Who drives the run now; checked every DRIVER_CHECK_MS (subscribers hear of a change). */
  driver(): DriverStatus;
  /** What the watcher prints as it leaves (the run goes on). */
  leave(): Leaving;
  /** Stops following the journal. */
  stop(): void;
}

/** Folds events newer than the state into it; events it already holds are skipped. */
export function foldEvents(state: RunState, events: RunEvent[]): RunState {
  let next = state;
  for (const e of events) if (e.seq > next.lastSeq) next = reduce(next, e);
  return next === state ? state : withLifecycle(next);
}

/**
 * Opens a journal read-only and follows what its driver commits. `runbookOf`: the runbook
 * as it was when the run began (the journal holds its text).
 */
export interface WatchSource {
  /** Who drives, when the journal's own lock cannot say (a copy of a run from the team store). */
  driver?: () => DriverStatus;
  /** How to see the run after watching ("runbook show RUN --store"). */
  showWith?: string;
}

export function openRunForWatch(journal: string, cwd: string, runbookOf: (state: RunState) => Runbook, source: WatchSource = {}): WatchedRun {
  const run = openRunReadonly(journal, cwd);
  const path = resolve(cwd, journal);
  // The run as its events say: a step the driver runs is `running` while the driver lives.
  let state: RunState;
  let lastAt = run.events.at(-1)?.at ?? new Date().toISOString();
  let runbook: Runbook;
  try {
    // live: a step running now is running, not interrupted (its driver is at work).
    state = replay(run.events, { live: true });
    runbook = runbookOf(state);
  } finally {
    run.journal.close();
  }
  const listeners = new Set<(state: RunState) => void>();
  let problem: string | null = null;
  let status: DriverStatus = { kind: 'none' };
  // What the screen reads: with the driver gone, its running step is interrupted, not ticking.
  let shown: RunState = state;
  const publish = (): void => {
    const next = status.kind === 'gone' ? interruptRunning(state) : state;
    if (next === shown) return;
    shown = next;
    for (const l of listeners) l(shown);
  };
  // The driver's header counts this watcher while it follows.
  const unannounce = announceWatcher(path);
  const follower = followJournal(
    path,
    (stored) => {
      lastAt = stored.at(-1)?.at ?? lastAt;
      // An event the run cannot use is left out, as show and report leave it out.
      const { events } = readableEvents(stored);
      const next = foldEvents(state, events);
      if (next === state) return;
      state = next;
      publish();
    },
    { onError: (error) => (problem = error.message) },
  );
  // A driver that dies (kill -9) never says so: ask whether the lock's holder still lives.
  let seenAlive: LockHolder | null = null;
  const checkDriver = (): void => {
    const was = status;
    status = driverStatus();
    if (status.kind !== was.kind || ('holder' in status && 'holder' in was && status.holder !== was.holder)) publish();
  };
  const driverStatus = (): DriverStatus => {
    if (problem) return { kind: 'unknown', problem };
    if (source.driver) return source.driver();
    let holder: LockHolder | undefined;
    try {
      holder = lockHolder(follower.journal);
    } catch {
      // Busy with the driver's commit: the next check reads it.
      return status;
    }
    if (!holder) return { kind: 'none' };
    const text = describeHolder(holder);
    if (holderAlive(holder)) {
      seenAlive = holder;
      return { kind: 'driving', holder: text };
    }
    if (status.kind === 'gone' && status.holder === text) return status;
    // Seen alive a moment ago: it stopped about now; else the run's last event is the last sign of it.
    const at = seenAlive !== null && describeHolder(seenAlive) === text ? new Date().toISOString() : lastAt;
    return { kind: 'gone', holder: text, at, resume: `runbook resume ${journal}` };
  };
  checkDriver();
  const driverTimer = setInterval(checkDriver, DRIVER_CHECK_MS);
  driverTimer.unref();
  return {
    get state() {
      return shown;
    },
    runbook,
    journalPath: path,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outputLines: (step, tail) => recordedOutput(shown, step, tail, (n) => follower.journal.outputLines(step, n === undefined ? {} : { tail: n }).map((l) => l.text)),
    now: () => new Date(),
    driver: () => status,
    leave: () => ({ exitCode: 0, lines: [['Stopped watching. The run goes on; see it with:', whole(source.showWith ?? `runbook show ${path}`)]] }),
    stop: () => {
      clearInterval(driverTimer);
      listeners.clear();
      unannounce();
      follower.stop();
    },
  };
}
