// The team store as a run's header tells it (PRODUCT.md §5): nothing while publishing
// keeps up, how far behind it is while the store cannot be reached, and that it stopped
// when the store refused the run. The same words on the screen and in --plain.

export interface StoreStatus {
  /** Events committed locally and not yet in the store. */
  behind: number;
  /** The store cannot be reached now; publishing retries. */
  retrying: boolean;
  /** The store refused the run (a fork, or it went on elsewhere): publishing stopped. */
  refused: boolean;
  /** The run went on elsewhere (the store holds more of it, or another chain): nothing of this journal can be published. */
  elsewhere: boolean;
  /** The run's id, once the publisher has read it from the journal. */
  run: string | null;
  /** Why, in one line, when retrying or refused. */
  problem: string | null;
}

/** The header's few words, or null when there is nothing to say. */
export function storeStatusText(status: StoreStatus | null | undefined): string | null {
  if (!status) return null;
  if (status.refused) return status.elsewhere ? 'store: not publishing (the run went on elsewhere)' : 'store: not publishing (refused)';
  if (status.retrying) return status.behind > 0 ? `store: ${status.behind} event${status.behind === 1 ? '' : 's'} behind, retrying` : 'store: unreachable, retrying';
  return null;
}
