// The team store as a verb finds it: `--store URL`, else RUNBOOK_STORE, else `store:` in
// the config. pg and the store's code load only when a store is configured.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { rememberedStore } from '../journal/published-store';
import { openConfig } from '../config';
import type { StoreLocation } from '../store/location';
import type { Publisher } from '../store/publisher';
import type { CommandContext } from './context';
import { journalOfRun } from './run-journals';

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

/** Why a remembered store must be given when it cannot be read here, by verb. */
const GIVE_IT = {
  resume: "resume it with --store URL, so that the store's lease says who drives it",
  watch: 'watch it with --store URL, to follow it wherever it is driven',
  show: 'give --store URL',
  report: 'give --store URL',
  verify: 'give --store URL',
} as const;

/**
 * The store a verb that takes up a recorded run goes through (resume drives it, watch
 * follows it, show, report and verify read it): `--store URL`; else the store the run's
 * journal here remembers it was published to; else RUNBOOK_STORE or the config (`--store`
 * given bare needs one). A remembered setting that cannot be read here (its env:VAR unset)
 * is refused in one line: resumed without the store's lease, a host the run was taken
 * over from would drive it on; watched here, it would not be seen going on elsewhere.
 */
export async function publishedStore(ctx: CommandContext, verb: keyof typeof GIVE_IT, flag: string | undefined, journal: string | null): Promise<StoreLocation | null> {
  const remembered = flag ? null : storeRemembered(journal);
  if (remembered === null) return flag === '' ? requiredStore(ctx, flag, verb) : configuredStore(ctx, flag);
  const { storeLocation } = await import('../store/location');
  try {
    return storeLocation({ env: ctx.env, remembered });
  } catch (error) {
    const why = (error as Error).message.replace(/^store \([^)]*\): /, '');
    throw new UsageError(`${journal}: this run is published to the team store ${remembered} (${why}); ${GIVE_IT[verb]}`, verb);
  }
}

/**
 * The journal of this host a verb's argument names: the file, or with `--store` given bare
 * (no URL), this account's journal of the run id given, whose store is the run's.
 */
export function journalNamed(ctx: CommandContext, named: string, flag: string | undefined): string | null {
  const path = resolve(ctx.cwd, named);
  if (existsSync(path)) return path;
  return flag === '' ? journalOfRun(ctx.env, named) : null;
}

/** The store a journal file remembers, or null (none, or no journal there to ask). */
export function storeRemembered(journal: string | null): string | null {
  if (journal === null || !existsSync(journal)) return null;
  try {
    return rememberedStore(journal);
  } catch {
    // Not a journal, or unreadable: the verb says so in its own words.
    return null;
  }
}

/** The publisher for a run's journal to `location` (run, resume); the journal remembers the store (journal/published-store.ts) once it exists. */
export async function storePublisher(ctx: CommandContext, location: StoreLocation | null, journalPath: string): Promise<Publisher | undefined> {
  if (location === null) return undefined;
  const [{ Publisher }, { connectStore }] = await Promise.all([import('../store/publisher'), import('../store/location')]);
  return new Publisher({ journalPath, connect: () => connectStore(location, { env: ctx.env, applicationName: 'runbook publisher' }) });
}
