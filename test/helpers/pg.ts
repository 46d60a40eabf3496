// Databases of a test file's own on the real PostgreSQL (TEST_DATABASE_URL's server):
// each made fresh with its tables, all dropped when the file's tests end.

import pg from 'pg';
import { TEST_DATABASE_URL } from './cli';

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `fresh(setup)` makes a database, runs `setup` in it and returns its URL; `dropAll()` goes in afterAll. */
export function testDatabases(prefix: string): { fresh: (setup: string) => Promise<string>; dropAll: () => Promise<void> } {
  const made: string[] = [];
  return {
    async fresh(setup) {
      // TEST_DATABASE_PREFIX: whoever shares the server names their databases apart.
      const name = `${process.env.TEST_DATABASE_PREFIX ?? 'runbook'}_${prefix}_${process.pid}_${made.length}_${Date.now() % 100000}`;
      await withClient(TEST_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${name}`));
      made.push(name);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      await withClient(url.toString(), (c) => c.query(setup));
      return url.toString();
    },
    async dropAll() {
      await withClient(TEST_DATABASE_URL, async (c) => {
        for (const name of made) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
