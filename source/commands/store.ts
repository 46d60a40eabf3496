// `runbook store init|status|push JOURNAL…`: the team store's own verbs. init creates or
// upgrades the schema (the only verb that needs DDL rights) and prints the grants for the
// team's two roles; status says whether the store is reachable and how far behind this
// account's journals are; push publishes what the store lacks of each journal (idempotent).

import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { UsageError } from '../errors';
import { Journal } from '../journal/journal';
import { StoreError } from '../store/errors';
import { connectStore, type StoreLocation } from '../store/location';
import { LATEST_VERSION, grantStatements, migrate, requireSchema, schemaVersion } from '../store/migrations';
import { localRunId, pushJournal } from '../store/sync';
import { partedText, standingOf, type Standing } from '../store/standing';
import { eventHashAt } from '../journal/replica';
import { verifyChain } from '../journal/verify';
import { whole, wrapText } from '../wrap';
import { visible } from '../run/terminal-text';
import { redactSecretShapes } from '../runbook/redact-shapes';
import type { CommandContext } from './context';
import { knownJournals } from './run-journals';
import { requiredStore } from './store-config';
import { rememberStore } from '../journal/published-store';

export interface StoreArgs {
  action: string;
  journals: string[];
  store: string | undefined;
  writer: string | undefined;
  reader: string | undefined;
}

const ROLE = /^[a-z_][a-z0-9_$]{0,62}$/i;

export async function storeCommand(ctx: CommandContext, args: StoreArgs): Promise<number> {
  const fail = (message: string) => new UsageError(message, 'store');
  if (!['init', 'status', 'push'].includes(args.action)) throw fail(`unknown action "${args.action}": init, status or push (see runbook help store)`);
  if (args.action !== 'push' && args.journals.length > 0) throw fail(`store ${args.action} takes no journal (store push JOURNAL… does)`);
  if (args.action === 'push' && args.journals.length === 0) throw fail('store push needs the journals to publish: runbook store push JOURNAL…');
  for (const role of [args.writer, args.reader]) if (role !== undefined && !ROLE.test(role)) throw fail(`"${role}" is not a role name (letters, digits, _)`);
  const location = await requiredStore(ctx, args.store, 'store');
  if (args.action === 'status') return status(ctx, location);
  const client = await connectStore(location, { env: ctx.env });
  try {
    if (args.action === 'init') return await init(ctx, client, location, args);
    return await push(ctx, client, location, args.journals);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function init(ctx: CommandContext, client: pg.Client, location: StoreLocation, args: StoreArgs): Promise<number> {
  let result;
  try {
    result = await migrate(client);
  } catch (error) {
    throw new StoreError(`store ${location.display}: cannot create the schema: ${(error as Error).message} (store init needs the rights to create a schema: run it as the database's owner)`);
  }
  const now = result.applied.length === 0 ? `schema version ${result.from}, up to date` : `schema version ${result.from} → ${LATEST_VERSION}`;
  const writer = args.writer ?? 'runbook_writer';
  const reader = args.reader ?? 'runbook_reader';
  ctx.stdout(
    [
      `-- runbook store ${location.display}: ${now}`,
      `-- Grants for the team's roles (create them first, then run these as the schema's owner):`,
      `-- ${writer} publishes runs (INSERT, SELECT); ${reader} lists, shows and watches (SELECT).`,
      ...grantStatements(writer, reader),
      '',
    ].join('\n'),
  );
  return 0;
}

async function push(ctx: CommandContext, client: pg.Client, location: StoreLocation, journals: string[]): Promise<number> {
  await requireSchema(client, location.display, 1);
  let code = 0;
  for (const given of journals) {
    const path = resolve(ctx.cwd, given);
    if (!existsSync(path)) {
      ctx.stderr(visible(`runbook store: ${redactSecretShapes(given)}: no such journal\n`));
      code = Math.max(code, 2);
      continue;
    }
    let journal: Journal | undefined;
    try {
      journal = Journal.open(path, { readonly: true, follow: true });
      // Push compares the store with the journal by stored hashes only: an edited event (or
      // output) the store already holds would otherwise read as "up to date".
      const chain = verifyChain(journal);
      if (!chain.valid) {
        ctx.stderr(visible(`runbook store: ${given}: chain broken at event ${chain.firstBad?.seq ?? '?'}: ${chain.firstBad?.reason ?? 'unknown'}; nothing pushed (runbook verify ${given})\n`));
        code = Math.max(code, 1);
        continue;
      }
      const { runId, already, sent } = await pushJournal(client, journal);
      markPublished(path, location);
      const what = sent === 0 ? `up to date (${already} events)` : `${sent} events published${already > 0 ? ` (${already} were there)` : ''}`;
      ctx.stdout(visible(`${runId.slice(0, 12)}  ${what}  ${path}\n`));
    } catch (error) {
      // The database's own refusals begin "runbook store:" (for whoever reads them in psql).
      const message = (error instanceof Error ? error.message : String(error)).replace(/^runbook store: /, '');
      ctx.stderr(visible(`runbook store: ${given}: ${message.split('\n')[0] ?? ''}\n`));
      code = Math.max(code, error instanceof StoreError || (error as { exitCode?: number }).exitCode === 2 ? 2 : 1);
    } finally {
      journal?.close();
    }
  }
  return code;
}

async function status(ctx: CommandContext, location: StoreLocation): Promise<number> {
  let client: pg.Client;
  try {
    client = await connectStore(location, { env: ctx.env });
  } catch (error) {
    ctx.stdout(visible(`store ${location.display}: unreachable (${(error as Error).message.replace(`store ${location.display}: `, '')})\n`));
    return 1;
  }
  try {
    const version = await schemaVersion(client);
    if (version < 1) {
      ctx.stdout(visible(`store ${location.display}: reachable · no runbook schema yet (runbook store init)\n`));
      return 1;
    }
    const counts = await client.query<{ runs: string; events: string }>('SELECT (SELECT count(*) FROM runbook.runs) AS runs, (SELECT count(*) FROM runbook.events) AS events');
    const c = counts.rows[0];
    ctx.stdout(visible(`store ${location.display}: reachable · schema version ${version}${version < LATEST_VERSION ? ` (this runbook knows ${LATEST_VERSION}: runbook store init)` : ''} · ${c?.runs ?? 0} runs · ${c?.events ?? 0} events\n`));
    return await behind(ctx, client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * This account's journals against the store: how many events each lacks there (push sends
 * them), and which parted from the store's chain (the run went on elsewhere: never pushable).
 * Exit 1 when any journal is behind or parted.
 */
async function behind(ctx: CommandContext, client: pg.Client): Promise<number> {
  const local: { path: string; runId: string; standing: Standing }[] = [];
  const journals: { path: string; journal: Journal; runId: string }[] = [];
  try {
    for (const path of knownJournals(ctx.env)) {
      try {
        const journal = Journal.open(path, { readonly: true, follow: true });
        try {
          journals.push({ path, journal, runId: localRunId(journal) });
        } catch {
          journal.close();
        }
      } catch {
        // Not readable as a run: `runbook list` says why.
      }
    }
    const res = await client.query<{ run_id: string; seq: string; hash: string }>(
      'SELECT DISTINCT ON (run_id) run_id, seq, hash FROM runbook.events WHERE run_id = ANY($1) ORDER BY run_id, seq DESC',
      [journals.map((l) => l.runId)],
    );
    const tips = new Map(res.rows.map((r) => [r.run_id, { seq: Number(r.seq), hash: r.hash }]));
    for (const { path, journal, runId } of journals) {
      const chain = { events: journal.head().seq, hashAt: (seq: number) => eventHashAt(journal, seq) };
      local.push({ path, runId, standing: await standingOf(client, runId, chain, tips.get(runId) ?? { seq: 0, hash: null }) });
    }
  } finally {
    for (const { journal } of journals) journal.close();
  }
  const lagging = local.flatMap((l) => (l.standing.kind === 'behind' ? [{ ...l, missing: l.standing.missing }] : []));
  const parted = local.flatMap((l) => (l.standing.kind === 'parted' ? [{ ...l, parted: l.standing }] : []));
  const total = lagging.reduce((n, l) => n + l.missing, 0);
  const published = local.length - lagging.length - parted.length;
  ctx.stdout(`local journals: ${local.length} · ${published} published · ${lagging.length} behind${total > 0 ? ` by ${total} events` : ''}${parted.length > 0 ? ` · ${parted.length} parted from the store` : ''}\n`);
  for (const l of lagging) ctx.stdout(visible(`  ${String(l.missing).padStart(6)} behind  ${l.runId.slice(0, 12)}  ${l.path}\n`));
  if (lagging.length > 0) ctx.stdout('Publish them with: runbook store push JOURNAL…\n');
  for (const p of parted) {
    const said = `${partedText(p.runId, p.parted)}; what this host recorded from event ${p.parted.at} on is in this journal only, and the store cannot take it:`;
    ctx.stdout(visible(wrapText([[`  ${said}`, whole(p.path)]], ctx.columns())));
  }
  return lagging.length + parted.length > 0 ? 1 : 0;
}

/**
 * A journal pushed remembers its store, so that resuming it asks the store's lease. Best
 * effort: a journal on read-only media is published all the same, and resume then needs --store.
 */
function markPublished(path: string, location: StoreLocation): void {
  try {
    rememberStore(path, location.setting);
  } catch {
    // Not ours to fail the push over.
  }
}
