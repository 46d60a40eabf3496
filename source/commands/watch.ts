// `runbook watch JOURNAL`: follow a run live, read-only, on the same screen the driver
// sees (a pairing partner in another tmux pane). `watch RUN --store`: from any host, a run
// of the team store, followed through a private copy kept up to date (store/remote-follow.ts).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors';
import { openRunForWatch, type DriverStatus, type WatchedRun, type WatchSource } from '../controller';
import type { StoreMirror } from '../store/remote-follow';
import { describeLease } from '../store/lease';
import { staleAfterMs } from '../store/driving-lease';
import { wrapText } from '../wrap';
import type { CommandContext } from './context';
import { parseRunbookText } from './load';
import { judgeWithBash } from './shell-judge';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { loadScreen } from './load-screen';
import { terminalPager } from './pager';
import { openConfig } from '../config';
import { configuredStore } from './store-config';

/** Opens a journal read-only and follows what its driver commits. */
export function followRun(journal: string, cwd: string, env: Record<string, string | undefined> = {}, source: WatchSource = {}): WatchedRun {
  // The runbook as it was when the run began: the journal holds its text. Read as run read
  // it: bash -n's refusals applied, a set of procedures behind its menu.
  return openRunForWatch(journal, cwd, (state) => withProcedureMenu(judgeWithBash(parseRunbookText(state.runbook.file, state.source, state.runbook.sha256), env)), source);
}

export async function watchCommand(ctx: CommandContext, args: { journal: string; store?: string | undefined }): Promise<number> {
  if (!ctx.isTTY) {
    // A journal that is not here (and no store to find it in) is said before the terminal is.
    if (args.store === undefined && !existsSync(resolve(ctx.cwd, args.journal)) && (await configuredStore(ctx, undefined)) === null) {
      throw new InputError(args.journal, null, 'no such journal');
    }
    throw new UsageError(`watch needs a terminal; without one, read the run with: runbook show ${args.journal}${args.store !== undefined ? ' --store' : ''}`);
  }
  const mirror = await storeMirror(ctx, args);
  let watched: WatchedRun;
  try {
    watched = mirror
      ? followRun(mirror.journalPath, ctx.cwd, ctx.env, { driver: () => leaseStatus(mirror, staleAfterMs(ctx.env)), showWith: `runbook show ${mirror.runId.slice(0, 12)} --store` })
      : followRun(args.journal, ctx.cwd, ctx.env);
  } catch (error) {
    await mirror?.stop();
    throw error;
  }
  try {
    const { watchApp } = await loadScreen(() => import('../ui/watch-app'));
    const left = await watchApp({ run: watched, env: ctx.env, pager: terminalPager(ctx.env), ...(ctx.bench ? { probe: ctx.bench.screen } : {}) });
    ctx.stdout(wrapText(left.lines, ctx.columns()));
    return left.code;
  } finally {
    watched.stop();
    await mirror?.stop();
  }
}

/** Who drives a run of the store, as its lease says: a lease not renewed for the takeover window is a driver gone. */
function leaseStatus(mirror: StoreMirror, stale: number): DriverStatus {
  const problem = mirror.problem();
  if (problem !== null) return { kind: 'unknown', problem };
  const lease = mirror.lease();
  if (lease === null || lease.released) return { kind: 'none' };
  const holder = describeLease(lease);
  const run = mirror.runId.slice(0, 12);
  if (lease.quietMs < stale) return { kind: 'driving', holder };
  return { kind: 'gone', holder, at: lease.renewedAt, resume: `runbook resume ${run} --store --take-over` };
}

/** With --store (or a store configured and no such journal here): the run copied from the store, kept up to date. */
async function storeMirror(ctx: CommandContext, args: { journal: string; store?: string | undefined }) {
  // A journal of this host is watched as it always was, unless --store says otherwise.
  if (args.store === undefined && existsSync(resolve(ctx.cwd, args.journal))) return null;
  const location = await configuredStore(ctx, args.store);
  if (location === null) return null;
  const [{ connectStore }, { mirrorRun }] = await Promise.all([import('../store/location'), import('../store/remote-follow')]);
  return mirrorRun({
    connect: () => connectStore(location, { env: ctx.env, applicationName: 'runbook watch' }),
    run: args.journal,
    display: location.display,
    operator: openConfig(ctx.env).get('operator') ?? ctx.env.USER ?? 'watcher',
  });
}
