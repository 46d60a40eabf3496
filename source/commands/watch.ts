// `runbook watch JOURNAL`: follow a run live, read-only, on the same screen the driver
// sees (a pairing partner in another tmux pane).

import { UsageError } from '../errors';
import { openRunForWatch, type WatchedRun } from '../controller';
import { wrapText } from '../wrap';
import type { CommandContext } from './context';
import { parseRunbookText } from './load';
import { judgeWithBash } from './shell-judge';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { loadScreen } from './load-screen';
import { terminalPager } from './pager';

/** Opens a journal read-only and follows what its driver commits. */
export function followRun(journal: string, cwd: string, env: Record<string, string | undefined> = {}): WatchedRun {
  // The runbook as it was when the run began: the journal holds its text. Read as run read
  // it: bash -n's refusals applied, a set of procedures behind its menu.
  return openRunForWatch(journal, cwd, (state) => withProcedureMenu(judgeWithBash(parseRunbookText(state.runbook.file, state.source, state.runbook.sha256), env)));
}

export async function watchCommand(ctx: CommandContext, args: { journal: string }): Promise<number> {
  if (!ctx.isTTY) throw new UsageError(`watch needs a terminal; without one, read the run with: runbook show ${args.journal}`);
  const watched = followRun(args.journal, ctx.cwd, ctx.env);
  try {
    const { watchApp } = await loadScreen(() => import('../ui/watch-app'));
    const left = await watchApp({ run: watched, env: ctx.env, pager: terminalPager(ctx.env), ...(ctx.bench ? { probe: ctx.bench.screen } : {}) });
    ctx.stdout(wrapText(left.lines, ctx.columns()));
    return left.code;
  } finally {
    watched.stop();
  }
}
