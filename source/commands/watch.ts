// `runbook watch JOURNAL`: follow a run live, read-only, on the same screen the driver
// sees (a pairing partner in another tmux pane).

import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { followJournal } from '../journal/follow';
import { describeHolder, lockHolder } from '../journal/lock';
import type { RunEvent } from '../run/events';
import { replay } from '../run/reducer';
import type { CommandContext } from './context';
import { parseRunbookText } from './load';
import { openRunReadonly } from './open-run';

export async function watchCommand(ctx: CommandContext, args: { journal: string }): Promise<number> {
  if (!ctx.isTTY) throw new UsageError(`watch needs a terminal; without one, read the run with: runbook show ${args.journal}`);
  const run = openRunReadonly(args.journal, ctx.cwd);
  const path = resolve(ctx.cwd, args.journal);
  let initial;
  let runbook;
  try {
    initial = replay(run.events, { live: true });
    // The runbook as it was when the run began: the journal holds its text.
    runbook = parseRunbookText(initial.runbook.file, initial.source, initial.runbook.sha256);
  } finally {
    run.journal.close();
  }

  const listeners = new Set<(events: RunEvent[]) => void>();
  let problem: string | null = null;
  const follower = followJournal(path, (events) => {
    for (const l of listeners) l(events as RunEvent[]);
  }, {
    onError: (error) => {
      problem = error.message;
    },
  });
  try {
    const { watchApp } = await import('../ui/watch-app');
    return await watchApp({
      runbook,
      state: initial,
      env: ctx.env,
      feed: {
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
      },
    });
  } finally {
    follower.stop();
  }
}
