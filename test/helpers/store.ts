// The team store in tests: a database of the test file's own with the store's schema, and
// the writer and reader roles `store init` prints grants for (roles are cluster-wide: each
// gets a unique name and is dropped when the file ends).

import type pg from 'pg';
import { grantStatements, migrate } from '../../source/store/migrations';
import { TEST_DATABASE_URL } from './cli';
import { testDatabases, withClient } from './pg';

export interface StoreRoles {
  writer: string;
  reader: string;
  /** The store's URL, logged in as this role. */
  as(role: string): string;
}

export function storeDatabases(prefix: string) {
  const dbs = testDatabases(prefix);
  const roles: string[] = [];
  return {
    /** A new database with the schema applied, as `store init` leaves it. */
    async store(): Promise<string> {
      const url = await dbs.fresh('SELECT 1');
      await withClient(url, (c) => migrate(c));
      return url;
    },
    /** An empty database (for `store init` itself). */
    empty: () => dbs.fresh('SELECT 1'),
    /** A writer and a reader role, granted as `store init` says. */
    async roles(url: string): Promise<StoreRoles> {
      const tag = `${process.pid}_${roles.length}_${Date.now() % 100000}`;
      const writer = `runbook_writer_${tag}`;
      const reader = `runbook_reader_${tag}`;
      await withClient(TEST_DATABASE_URL, async (c) => {
        await c.query(`CREATE ROLE ${writer} LOGIN`);
        await c.query(`CREATE ROLE ${reader} LOGIN`);
      });
      roles.push(writer, reader);
      await withClient(url, async (c) => {
        for (const grant of grantStatements(writer, reader)) await c.query(grant);
      });
      return {
        writer,
        reader,
        as(role) {
          const u = new URL(url);
          u.username = role;
          return u.toString();
        },
      };
    },
    async dropAll(): Promise<void> {
      await dbs.dropAll();
      await withClient(TEST_DATABASE_URL, async (c) => {
        for (const role of roles) await c.query(`DROP ROLE IF EXISTS ${role}`);
      });
    },
  };
}

export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(text, values)).rows);
}

/** Polls an async check until it holds, or fails after the deadline; never a fixed sleep. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StoredEvent {
  seq: number;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Every event of every run in the store, in (run, seq) order, as the journal's columns. */
export async function storedEvents(url: string, runId?: string): Promise<StoredEvent[]> {
  const rows = await query<StoredEvent & { seq: string }>(
    url,
    `SELECT seq, at, type, payload, prev_hash, hash FROM runbook.events ${runId ? 'WHERE run_id = $1' : ''} ORDER BY run_id, seq`,
    runId ? [runId] : [],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The run's output chunks in the store, as the journal's columns. */
export async function storedChunks(url: string, runId: string): Promise<{ id: number; step: string; stream: string; text: string }[]> {
  const rows = await query<{ id: string; step: string; stream: string; body: Buffer }>(url, 'SELECT id, step, stream, body FROM runbook.output WHERE run_id = $1 ORDER BY id', [runId]);
  return rows.map((r) => ({ id: Number(r.id), step: r.step, stream: r.stream, text: r.body.toString('utf8') }));
}
