// `runbook watch JOURNAL`: follow a run live, read-only, on the same screen the driver
// sees (a pairing partner in another tmux pane). `watch RUN --store`: from any host, a run
// of the team store, followed through a private copy kept up to date (store/remote-follow.ts);
// so is a journal published to a store when no driver on this host holds it.

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
import { configuredStore, journalNamed, publishedStore, storeRemembered } from './store-config';
import { journalRunId } from './run-journals';
import { Journal } from '../journal/journal';
import { liveDriver } from '../journal/lock';
import type { StoreLocation } from '../store/location';

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
    // A journal here reads here; a run id only from the store.
    const fromStore = args.store !== undefined && !existsSync(resolve(ctx.cwd, args.journal));
    throw new UsageError(`watch needs a terminal; without one, read the run with: runbook show ${args.journal}${fromStore ? ' --store' : ''}`);
  }
  const source = await followed(ctx, args);
  const mirror = source.kind === 'store' ? source.mirror : null;
  let watched: WatchedRun;
  try {
    watched =
      source.kind === 'store'
        ? followRun(source.mirror.journalPath, ctx.cwd, ctx.env, { driver: () => leaseStatus(source.mirror, staleAfterMs(ctx.env)), showWith: `runbook show ${source.mirror.runId.slice(0, 12)} --store` })
        : followRun(source.journal, ctx.cwd, ctx.env);
  } catch (error) {
    await mirror?.stop();
    throw error;
  }
  try {
    const { watchApp } = await loadScreen(() => import('../ui/watch-app'));
    const warning = source.kind === 'here' ? source.warning : null;
    const left = await watchApp({ run: watched, env: ctx.env, pager: terminalPager(ctx.env), warning, ...(ctx.bench ? { probe: ctx.bench.screen } : {}) });
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

/** What the screen follows: a journal here (with a warning when the store was meant and could not be read), or the store's run. */
type Followed = { kind: 'here'; journal: string; warning: string | null } | { kind: 'store'; mirror: StoreMirror };

/**
 * A journal here is followed here while a driver on this host holds it (its driver
 * publishes), or when it was never published. Else a journal published to a team store is
 * followed in the store it remembers, as resume asks that store's lease: the run may go on
 * from another host. `--store` follows the run in the store always (JOURNAL: a journal
 * here, or a run id; given bare, a run id finds the store its journal here remembers). A
 * journal here whose store cannot be reached (or lacks the run) is followed here, and the
 * screen says why.
 */
async function followed(ctx: CommandContext, args: { journal: string; store?: string | undefined }): Promise<Followed> {
  const here = journalNamed(ctx, args.journal, args.store);
  // As given, so that the screen's hint reads as the operator typed it.
  const local = here !== null && existsSync(resolve(ctx.cwd, args.journal)) ? args.journal : here;
  if (local !== null && args.store === undefined && (storeRemembered(here) === null || drivenHere(local, ctx.cwd))) return { kind: 'here', journal: local, warning: null };
  const location = await publishedStore(ctx, 'watch', args.store, here);
  if (location === null) return { kind: 'here', journal: local ?? args.journal, warning: null };
  const run = (here !== null ? journalRunIdOrNull(here) : null) ?? args.journal;
  try {
    return { kind: 'store', mirror: await storeMirror(ctx, location, run) };
  } catch (error) {
    if (local === null) throw error;
    // Said first what is shown, then why: a line too long for the screen is cut at its end.
    return { kind: 'here', journal: local, warning: `! Following this host's journal, not the store: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Whether a driver on this host is at work on the journal now (its lock held by a live process). */
function drivenHere(journal: string, cwd: string): boolean {
  try {
    const opened = Journal.open(resolve(cwd, journal), { readonly: true });
    try {
      return liveDriver(opened) !== undefined;
    } finally {
      opened.close();
    }
  } catch {
    // Not readable as a journal: following it says why.
    return false;
  }
}

/** A journal's run id; null when it cannot be read (the store then says RUN is no run id). */
function journalRunIdOrNull(path: string): string | null {
  try {
    return journalRunId(path);
  } catch {
    return null;
  }
}

/** The run copied from the store, kept up to date. */
async function storeMirror(ctx: CommandContext, location: StoreLocation, run: string): Promise<StoreMirror> {
  const [{ connectStore }, { mirrorRun }] = await Promise.all([import('../store/location'), import('../store/remote-follow')]);
  return mirrorRun({
    connect: () => connectStore(location, { env: ctx.env, applicationName: 'runbook watch', connectTimeoutMs: 3_000 }),
    run,
    display: location.display,
    operator: openConfig(ctx.env).get('operator') ?? ctx.env.USER ?? 'watcher',
  });
}
