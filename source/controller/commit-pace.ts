// When output reaches the journal while a step streams: once per display frame, and sooner
// when a flood piles up a big batch. A commit is one fsync'd transaction and its cost grows
// with its size (a 100 ms batch of `seq 1 2000000` is ~2 MB, ~30 ms to commit on a VM disk,
// with the event loop stalled); but commits never come closer than MIN_COMMIT_GAP_MS.

/** A batch this big is committed without waiting for the frame. */
export const EARLY_COMMIT_BYTES = 256 * 1024;

/** At most 30 commits a second. */
export const MIN_COMMIT_GAP_MS = Math.ceil(1000 / 30);

export interface CommitPace {
  /** The frame timer fired. */
  frame(): void;
  /** Output was added to the batch. */
  output(): void;
}

export function commitPace(commit: () => void, pendingBytes: () => number, now: () => number = () => performance.now()): CommitPace {
  let last = -Infinity;
  const due = () => now() - last >= MIN_COMMIT_GAP_MS;
  const run = () => {
    last = now();
    commit();
  };
  return {
    frame: () => {
      if (due()) run();
    },
    output: () => {
      if (pendingBytes() >= EARLY_COMMIT_BYTES && due()) run();
    },
  };
}
