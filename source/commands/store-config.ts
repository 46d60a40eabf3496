// The team store as a verb finds it: `--store URL`, else RUNBOOK_STORE, else `store:` in
// the config. pg and the store's code load only when a store is configured.

import { existsSync } from 'node:fs';
import { UsageError } from '../errors';
import { rememberedStore } from '../journal/published-store';
import { openConfig } from '../config';
import type { StoreLocation } from '../store/location';
import type { Publisher } from '../store/publisher';
import type { CommandContext } from './context';

/** The store configured for this verb, or null; a bad setting is one line, exit 2. `flag` '': --store with no URL. */
export async function configuredStore(ctx: CommandContext, given: string | undefined): Promise<StoreLocation | null> {
  const flag = given === '' ? undefined : given;
  const configured = flag === undefined && !ctx.env.RUNBOOK_STORE ? openConfig(ctx.env).get('store') : undefined;
  if (flag === undefined && !ctx.env.RUNBOOK_STORE && !configured) return null;
  const { storeLocation } = await import('../store/location');
  return storeLocation({ flag, env: ctx.env, configured });
}

/** The store a --store verb reads; a one-line UsageError when none is configured. */
export async function requiredStore(ctx: CommandContext, flag: string | undefined, verb: string): Promise<StoreLocation> {
  const location = await configuredStore(ctx, flag);
  if (location === null) throw new UsageError('no team store configured: give --store URL, or set RUNBOOK_STORE or store: in the config', verb);
  return location;
}

/** The store `run` publishes to: `--store` bare asks for the store configured elsewhere, and none is a mistake, said before anything runs. */
export async function runStore(ctx: CommandContext, flag: string | undefined): Promise<StoreLocation | null> {
  return flag === '' ? requiredStore(ctx, flag, 'run') : configuredStore(ctx, flag);
}

/**
 * The store `resume` drives a journal through: `--store URL`; else the store the journal
 * remembers it was published to; else RUNBOOK_STORE or the config. A journal published to
 * a store whose setting cannot be read here (its env:VAR unset) is refused in one line:
 * resumed without the store's lease, a host the run was taken over from would drive it on.
 */
export async function resumeStore(ctx: CommandContext, flag: string | undefined, journal: string | null): Promise<StoreLocation | null> {
  const remembered = flag ? null : journalStore(journal);
  if (remembered === null) return flag === '' ? requiredStore(ctx, flag, 'resume') : configuredStore(ctx, flag);
  const { storeLocation } = await import('../store/location');
  try {
    return storeLocation({ env: ctx.env, remembered });
  } catch (error) {
    const why = (error as Error).message.replace(/^store \([^)]*\): /, '');
    throw new UsageError(`${journal}: this run is published to the team store ${remembered} (${why}); resume it with --store URL, so that the store's lease says who drives it`, 'resume');
  }
}

/** The store a journal file remembers, or null (none, or no journal there to ask). */
function journalStore(journal: string | null): string | null {
  if (journal === null || !existsSync(journal)) return null;
  try {
    return rememberedStore(journal);
  } catch {
    // Not a journal, or unreadable: resume says so in its own words.
    return null;
  }
}

/** The publisher for a run's journal to `location` (run, resume); the journal remembers the store (journal/published-store.ts) once it exists. */
export async function storePublisher(ctx: CommandContext, location: StoreLocation | null, journalPath: string): Promise<Publisher | undefined> {
  if (location === null) return undefined;
  const [{ Publisher }, { connectStore }] = await Promise.all([import('../store/publisher'), import('../store/location')]);
  return new Publisher({ journalPath, connect: () => connectStore(location, { env: ctx.env, applicationName: 'runbook publisher' }) });
}
