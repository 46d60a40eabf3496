// Watching a run (runbook watch): its journal opened read-only and followed as its driver
// commits, the events folded into the state with the same reducer that replays a journal.
// Lives outside React, so nothing is missed while the screen steps aside for the pager.

import { resolve } from 'node:path';
import type { Runbook } from '../runbook/model';
import type { RunEvent } from '../run/events';
import { readableEvents } from '../run/event-shapes';
import { reduce, replay, withLifecycle } from '../run/reducer';
import type { RunState } from '../run/state';
import { followJournal } from '../journal/follow';
import { describeHolder, lockHolder } from '../journal/lock';
import type { Leaving } from '../run/ending';
import { whole } from '../wrap';
import type { RunView } from './handle';
import { openRunReadonly } from './open-run';
import { recordedOutput } from './output-view';
import { announceWatcher } from '../journal/watchers';

/** The handle `runbook watch` holds: the run to read, never to change. */
export interface WatchedRun extends RunView {
  /** Who drives the run now ("ana (ana@bastion-1, pid 4242) since …"), or null. */
  driver(): string | null;
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
  driver?: () => string | null;
  /** How to see the run after watching ("runbook show RUN --store"). */
  showWith?: string;
}

export function openRunForWatch(journal: string, cwd: string, runbookOf: (state: RunState) => Runbook, source: WatchSource = {}): WatchedRun {
  const run = openRunReadonly(journal, cwd);
  const path = resolve(cwd, journal);
  let state: RunState;
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
  // The driver's header counts this watcher while it follows.
  const unannounce = announceWatcher(path);
  const follower = followJournal(
    path,
    (stored) => {
      // An event the run cannot use is left out, as show and report leave it out.
      const { events } = readableEvents(stored);
      const next = foldEvents(state, events);
      if (next === state) return;
      state = next;
      for (const l of listeners) l(state);
    },
    { onError: (error) => (problem = error.message) },
  );
  return {
    get state() {
      return state;
    },
    runbook,
    journalPath: path,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outputLines: (step, tail) => recordedOutput(state, step, tail, (n) => follower.journal.outputLines(step, n === undefined ? {} : { tail: n }).map((l) => l.text)),
    now: () => new Date(),
    driver: () => {
      if (problem) return `unknown (${problem})`;
      if (source.driver) return source.driver();
      const holder = lockHolder(follower.journal);
      return holder ? describeHolder(holder) : null;
    },
    leave: () => ({ exitCode: 0, lines: [['Stopped watching. The run goes on; see it with:', whole(source.showWith ?? `runbook show ${path}`)]] }),
    stop: () => {
      listeners.clear();
      unannounce();
      follower.stop();
    },
  };
}
