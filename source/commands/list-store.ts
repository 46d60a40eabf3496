// `list --store`: the team's runs, each replayed from its events in the store (its output
// left out) as `list` replays a local journal.

import { readableEvents } from '../run/event-shapes';
import { replay } from '../run/reducer';
import type { CommandContext } from './context';
import { listedRun, type ListedRun } from './listed-run';
import { requiredStore } from './store-config';
import { storeLabel } from './store-read';

export async function readStoreRuns(ctx: CommandContext, store: string | undefined, now: Date): Promise<ListedRun[]> {
  const location = await requiredStore(ctx, store, 'list');
  const [{ connectStore }, { storedRuns }, { requireSchema }] = await Promise.all([import('../store/location'), import('../store/runs'), import('../store/migrations')]);
  const client = await connectStore(location, { env: ctx.env });
  try {
    await requireSchema(client, location.display, 1);
    const runs: ListedRun[] = [];
    for (const stored of await storedRuns(client)) {
      const { events, unreadable } = readableEvents(stored.events);
      if (unreadable.some((u) => u.seq === 1)) {
        ctx.stderr(`runbook: skipped store:${stored.runId}: its first event is unreadable\n`);
        continue;
      }
      try {
        // A driver may hold it now, elsewhere: a step open in the store is shown as running.
        const state = replay(events, { live: true });
        runs.push(listedRun(state, events, { runId: stored.runId, journal: storeLabel(stored.runId), host: stored.host }, now));
      } catch (error) {
        ctx.stderr(`runbook: skipped store:${stored.runId}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    return runs;
  } finally {
    await client.end().catch(() => undefined);
  }
}
