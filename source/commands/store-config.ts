// The team store as a verb finds it: `--store URL`, else RUNBOOK_STORE, else `store:` in
// the config. pg and the store's code load only when a store is configured.

import { UsageError } from '../errors';
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

/** The publisher for a run's journal when a store is configured (run, resume). */
export async function storePublisher(ctx: CommandContext, flag: string | undefined, journalPath: string, verb: 'run' | 'resume'): Promise<Publisher | undefined> {
  // `--store` bare asks for the store configured elsewhere: none is a mistake, said before anything runs.
  const location = flag === '' ? await requiredStore(ctx, flag, verb) : await configuredStore(ctx, flag);
  if (location === null) return undefined;
  const [{ Publisher }, { connectStore }] = await Promise.all([import('../store/publisher'), import('../store/location')]);
  return new Publisher({ journalPath, connect: () => connectStore(location, { env: ctx.env, applicationName: 'runbook publisher' }) });
}
