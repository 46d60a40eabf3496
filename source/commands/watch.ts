// `runbook watch JOURNAL`: follow a run live, read-only, on the same screen the driver
// sees (a pairing partner in another tmux pane).

import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { followJournal } from '../journal/follow';
import { describeHolder, lockHolder } from '../journal/lock';
import type { RunEvent } from '../run/events';
import { replay } from '../run/reducer';
import type { RunState } from '../run/state';
import type { Runbook } from '../runbook/model';
import type { WatchFeed } from '../ui/watched-run';
import type { CommandContext } from './context';
import { parseRunbookText } from './load';
import { judgeWithBash } from './shell-judge';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { openRunReadonly } from './open-run';
import { loadScreen } from './load-screen';

export interface FollowedRun {
  feed: WatchFeed;
  runbook: Runbook;
  /** The run as replayed when following began. */
  state: RunState;
  stop: () => void;
}

/** Opens a journal read-only and follows what its driver commits. */
export function followRun(journal: string, cwd: string, env: Record<string, string | undefined> = {}): FollowedRun {
  const run = openRunReadonly(journal, cwd);
  const path = resolve(cwd, journal);
  let state: RunState;
  let runbook: Runbook;
  try {
    // live: a step running now is running, not interrupted (its driver is at work).
    state = replay(run.events, { live: true });
    // The runbook as it was when the run began: the journal holds its text.
    // Read as run read it: bash -n's refusals applied, a set of procedures behind its menu.
    runbook = withProcedureMenu(judgeWithBash(parseRunbookText(state.runbook.file, state.source, state.runbook.sha256), env));
  } finally {
    run.journal.close();
  }
  const listeners = new Set<(events: RunEvent[]) => void>();
  let problem: string | null = null;
  const follower = followJournal(
    path,
    (events) => {
      for (const l of listeners) l(events as RunEvent[]);
    },
    { onError: (error) => (problem = error.message) },
  );
  const feed: WatchFeed = {
    path,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outputLines: (step, tail) => follower.journal.outputLines(step, tail === undefined ? {} : { tail }).map((l) => l.text),
    driver: () => {
      if (problem) return `unknown (${problem})`;
      const holder = lockHolder(follower.journal);
      return holder ? describeHolder(holder) : null;
    },
  };
  return { feed, runbook, state, stop: () => follower.stop() };
}

export async function watchCommand(ctx: CommandContext, args: { journal: string }): Promise<number> {
  if (!ctx.isTTY) throw new UsageError(`watch needs a terminal; without one, read the run with: runbook show ${args.journal}`);
  const followed = followRun(args.journal, ctx.cwd, ctx.env);
  try {
    const { watchApp } = await loadScreen(() => import('../ui/watch-app'));
    return await watchApp({ feed: followed.feed, runbook: followed.runbook, state: followed.state, env: ctx.env });
  } finally {
    followed.stop();
  }
}
