// The store's schema, as numbered migrations `runbook store init` applies in order, each
// once: the schema version is the highest applied. A later change appends a migration to
// MIGRATIONS (in a file of its own, as schema-v1.ts); an applied one is never edited.

import type pg from 'pg';
import { StoreError } from './errors';
import { migration1 } from './schema-v1';
import { migration2 } from './schema-v2';

export interface Grant {
  /** e.g. 'SELECT, INSERT' */
  privileges: string;
  tables: string[];
}

export interface Migration {
  version: number;
  name: string;
  /** Run in one transaction with the others `store init` applies. */
  sql: string;
  /** What the team's two roles need on what this migration made. */
  grants: { writer: Grant[]; reader: Grant[] };
}

export const MIGRATIONS: readonly Migration[] = [
  migration1,
  migration2,
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Serialises concurrent `store init`s (any constant would do; this one spells "runb"). */
const INIT_LOCK = 0x72756e62;

const BOOTSTRAP = `
CREATE SCHEMA IF NOT EXISTS runbook;
CREATE TABLE IF NOT EXISTS runbook.migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
`;

/** The schema version of the store: 0 when `store init` has not run there. */
export async function schemaVersion(client: pg.Client): Promise<number> {
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass('runbook.migrations') IS NOT NULL AS found");
  if (!exists.rows[0]?.found) return 0;
  const row = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM runbook.migrations');
  return row.rows[0]?.version ?? 0;
}

/**
 * Throws a one-line StoreError unless the store's schema is at `need` or later: a database
 * `store init` never ran on, or one from an older runbook (no lease tables), would otherwise
 * fail mid-verb on a missing relation, as an internal error.
 */
export async function requireSchema(client: pg.Client, display: string, need: number): Promise<void> {
  const version = await schemaVersion(client);
  if (version === 0) throw new StoreError(`store ${display}: no runbook schema yet (runbook store init)`);
  if (version < need) throw new StoreError(`store ${display}: schema version ${version}, this runbook needs ${need} (runbook store init upgrades it)`);
}

/** Applies the migrations the store lacks, in one transaction; returns the versions applied. */
export async function migrate(client: pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; applied: number[] }> {
  // Up to date: nothing to create, so no DDL right is needed to be told so.
  const current = await schemaVersion(client);
  if (migrations.every((m) => m.version <= current)) return { from: current, applied: [] };
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [INIT_LOCK]);
    await client.query(BOOTSTRAP);
    const from = await schemaVersion(client);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= from) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO runbook.migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return { from, applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The GRANT statements for a writer role (publishes) and a reader role (lists, shows, watches). */
export function grantStatements(writer: string, reader: string, migrations: readonly Migration[] = MIGRATIONS): string[] {
  const lines = [`GRANT USAGE ON SCHEMA runbook TO ${writer}, ${reader};`];
  for (const m of migrations) {
    for (const g of m.grants.writer) lines.push(`GRANT ${g.privileges} ON ${g.tables.join(', ')} TO ${writer};`);
    for (const g of m.grants.reader) lines.push(`GRANT ${g.privileges} ON ${g.tables.join(', ')} TO ${reader};`);
  }
  return lines;
}
