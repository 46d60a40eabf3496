// A read-only follower for `runbook watch`: cheap polling of PRAGMA data_version,
// which changes only when another connection commits, then the new events in order.

import { Journal } from './journal';
import type { JournalEvent } from './journal';

/**
 * How often the follower asks whether the driver committed: a `PRAGMA data_version` is a
 * few microseconds, and the poll is most of what a partner waits for a change to show.
 */
export const POLL_MS = 25;

export interface FollowOptions {
  intervalMs?: number;
  /** A read that failed for a reason other than a busy writer; following goes on. */
  onError?: (error: Error) => void;
}

export interface Follower {
  /** The read-only journal being followed (for output tails). */
  readonly journal: Journal;
  stop(): void;
}

export function followJournal(
  path: string,
  onEvents: (events: JournalEvent[]) => void,
  options: FollowOptions = {},
): Follower {
  const journal = Journal.open(path, { readonly: true, follow: true });
  const db = journal.connection;
  let lastSeq = 0;
  let seenVersion: number | undefined;
  let stopped = false;

  const poll = (): void => {
    if (stopped) return;
    try {
      const version = db.pragma('data_version', { simple: true }) as number;
      if (version === seenVersion) return;
      seenVersion = version;
      const fresh = journal.events(lastSeq + 1);
      const last = fresh.at(-1);
      if (last === undefined) return;
      lastSeq = last.seq;
      onEvents(fresh);
    } catch (error) {
      // Busy: the next poll reads again (seenVersion is only kept after a read).
      seenVersion = undefined;
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') options.onError?.(error as Error);
    }
  };

  const timer = setInterval(poll, options.intervalMs ?? POLL_MS);
  // The first delivery (everything so far) comes after followJournal returns.
  const first = setTimeout(poll, 0);
  return {
    journal,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      journal.close();
    },
  };
}
