// The store's mistakes and faults, one line each: a bad setting or an unreachable store is
// exit 2 for a verb that needs the store (list/show/report/verify --store, store …).

import type { Standing } from './standing';

export class StoreError extends Error {
  readonly exitCode = 2;
  /** The store could not be reached (as opposed to a bad setting or a refused write). */
  readonly unreachable: boolean;
  /** The store went on elsewhere: where the journal stands against it (nothing of it can be published). */
  readonly standing: Standing | null;

  constructor(message: string, options: { unreachable?: boolean; standing?: Standing } = {}) {
    super(message.split('\n')[0] ?? message);
    this.name = 'StoreError';
    this.unreachable = options.unreachable ?? false;
    this.standing = options.standing ?? null;
  }
}
