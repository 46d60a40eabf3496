// A run's id: the hash of its first event (`run.started`). It needs no new column, so a
// journal written before runs had ids has one too, and it is the same in every copy of
// the run (the local journal, the team store, a journal rebuilt from the store).

/** The run id of a chain whose first event is given; null when it is not a run's first event. */
export function runIdOf(first: { seq: number; type: string; hash: string } | undefined): string | null {
  if (first === undefined || first.seq !== 1 || first.type !== 'run.started') return null;
  return first.hash;
}

/** The length of a run id as people write it (list, the report's heading): long enough not to collide in a team's store. */
export const SHORT_RUN_ID = 12;
