// A run followed from its journal (watch): the events another process commits are folded
// into the state with the same reducer that replays a journal. Lives outside React, so
// nothing is missed while the screen steps aside for the pager.

import type { RunEvent } from '../run/events';
import { reduce, withLifecycle } from '../run/reducer';
import type { RunState } from '../run/state';
import type { StateSource } from './hooks/use-run-state';

/** What `runbook watch` hands the screen: the journal, read-only. */
export interface WatchFeed {
  readonly path: string;
  /** Every batch of events committed from now on (a batch may repeat events already seen). */
  subscribe(listener: (events: RunEvent[]) => void): () => void;
  /** The last `tail` committed output lines of a step (all of them without `tail`). */
  outputLines(step: string, tail?: number): string[];
  /** Who drives the run now ("ana (ana@bastion-1, pid 4242) since …"), or null. */
  driver(): string | null;
}

/** Folds events newer than the state into it; events it already holds are skipped. */
export function foldEvents(state: RunState, events: RunEvent[]): RunState {
  let next = state;
  for (const e of events) if (e.seq > next.lastSeq) next = reduce(next, e);
  return next === state ? state : withLifecycle(next);
}

export function watchedRun(feed: WatchFeed, initial: RunState): StateSource & { stop: () => void } {
  let state = initial;
  const listeners = new Set<(state: RunState) => void>();
  const stop = feed.subscribe((events) => {
    const next = foldEvents(state, events);
    if (next === state) return;
    state = next;
    for (const l of listeners) l(state);
  });
  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}
