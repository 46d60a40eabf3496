// Results of any size, on both executors, against the real PostgreSQL and a real SQLite
// file: rows stream into bounded memory (the first and last kept, every row counted and
// hashed), and a statement that ran is never reported as an error for what came after it.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_ROWS } from '../../source/executors/result-rows';
import { connectPostgres } from '../../source/executors/sql-postgres';
import { openSqlite } from '../../source/executors/sql-sqlite';
import type { ResolvedTarget, SqlExecutor } from '../../source/executors/types';
import type { SqlStatement } from '../../source/runbook/model';

const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sql = (...texts: string[]): SqlStatement[] => texts.map((text, i) => ({ text, line: i + 1, expectation: null }));

/** The digest as result sets define it, computed here independently: each row's JSON and a newline. */
function digestOfRows(count: number, row: (i: number) => unknown[]): string {
  const hash = createHash('sha256');
  for (let i = 1; i <= count; i++) hash.update(`${JSON.stringify(row(i))}\n`);
  return hash.digest('hex');
}

const md5 = (i: number) => createHash('md5').update(String(i)).digest('hex');
const HEAD = KEPT_ROWS.headRows;
const TAIL = KEPT_ROWS.tailRows;

describe('big results on PostgreSQL', () => {
  let admin: pg.Client;
  let schema: string;
  let db: SqlExecutor;
  const target: ResolvedTarget = { name: 'govos', kind: 'postgres', location: URL_, statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });
  beforeEach(async () => {
    schema = `rb_big_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = await connectPostgres(target);
  });
  afterEach(async () => {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  });

  it('streams a 200,000-row SELECT: exact count, first and last rows kept, every row hashed', async () => {
    const progress: number[] = [];
    const outcome = await db.run(sql('SELECT g, md5(g::text) AS h FROM generate_series(1, 200000) g ORDER BY g'), {}, undefined, (_s, rows) => progress.push(rows)).done;
    expect(outcome.ok, outcome.error?.message).toBe(true);
    const rs = outcome.resultSets[0]!;
    expect(rs.rowCount).toBe(200_000);
    expect(rs.rows).toHaveLength(HEAD + TAIL);
    expect(rs.omitted).toEqual({ at: HEAD, count: 200_000 - HEAD - TAIL });
    expect(rs.rows[0]).toEqual([1, md5(1)]);
    expect(rs.rows[HEAD - 1]).toEqual([HEAD, md5(HEAD)]);
    expect(rs.rows[HEAD]).toEqual([200_000 - TAIL + 1, md5(200_000 - TAIL + 1)]);
    expect(rs.rows.at(-1)).toEqual([200_000, md5(200_000)]);
    expect(rs.digest).toBe(digestOfRows(200_000, (i) => [i, md5(i)]));
    expect(progress.at(-1)).toBe(200_000);
  });

  it('commits a 300,000-row INSERT … RETURNING once and reports it ran', async () => {
    await admin.query(`CREATE TABLE ${schema}.t (g int)`);
    const outcome = await db.run(sql(`INSERT INTO ${schema}.t SELECT generate_series(1, 300000) RETURNING g`), {}).done;
    expect(outcome.ok, outcome.error?.message).toBe(true);
    expect(outcome.notes).toBeUndefined();
    const rs = outcome.resultSets[0]!;
    expect([rs.command, rs.rowCount, rs.rows.length + (rs.omitted?.count ?? 0)]).toEqual(['INSERT', 300_000, 300_000]);
    expect(rs.digest).toBe(digestOfRows(300_000, (i) => [i]));
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.t`)).rows[0].n).toBe(300_000);
  });

  it('streams each result of a fence sent whole on its own', async () => {
    const outcome = await db.run(sql('SELECT g FROM generate_series(1, 30000) g; SELECT 1 AS one; SELECT g FROM generate_series(1, 12000) g'), {}).done;
    expect(outcome.ok).toBe(true);
    expect(outcome.resultSets.map((rs) => [rs.rowCount, rs.rows.length, rs.omitted?.count ?? 0])).toEqual([
      [30_000, HEAD + TAIL, 30_000 - HEAD - TAIL],
      [1, 1, 0],
      [12_000, HEAD + TAIL, 12_000 - HEAD - TAIL],
    ]);
  });

  it('a statement that ran is not an error when showing its result fails', async () => {
    await admin.query(`CREATE TABLE ${schema}.t (g int)`);
    const outcome = await db.run(sql(`INSERT INTO ${schema}.t VALUES (1), (2) RETURNING g`, `INSERT INTO ${schema}.t VALUES (3)`), {}, () => {
      throw new Error('the screen went away');
    }).done;
    expect(outcome.ok).toBe(true);
    expect(outcome.notes).toEqual(['statement 1: its result could not be shown: the screen went away', 'statement 2: its result could not be shown: the screen went away']);
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.t`)).rows[0].n).toBe(3);
  });
});

describe('big results on SQLite', () => {
  let dir: string;
  let file: string;
  let db: SqlExecutor;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-sqlite-big-'));
    file = path.join(dir, 'production.db');
    const setup = new Database(file);
    setup.exec('CREATE TABLE t (g INTEGER)');
    setup.close();
    db = openSqlite({ name: 'prod', kind: 'sqlite', location: file, statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const series = (n: number) => `WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${n}) `;

  it('iterates a 200,000-row SELECT: exact count, first and last rows kept, every row hashed', async () => {
    const outcome = await db.run(sql(`${series(200_000)}SELECT g, 'row ' || g AS label FROM s`), {}).done;
    expect(outcome.ok, outcome.error?.message).toBe(true);
    const rs = outcome.resultSets[0]!;
    expect(rs.rowCount).toBe(200_000);
    expect(rs.columns).toEqual([
      { name: 'g', type: 'INTEGER' },
      { name: 'label', type: 'TEXT' },
    ]);
    expect(rs.omitted).toEqual({ at: HEAD, count: 200_000 - HEAD - TAIL });
    expect([rs.rows[0], rs.rows.at(-1)]).toEqual([
      [1, 'row 1'],
      [200_000, 'row 200000'],
    ]);
    expect(rs.digest).toBe(digestOfRows(200_000, (i) => [i, `row ${i}`]));
  });

  it('commits a 300,000-row INSERT … RETURNING once, even when asked to stop half-way', async () => {
    const running = db.run(sql(`INSERT INTO t ${series(300_000)}SELECT g FROM s RETURNING g`), {}, undefined, () => running.cancel());
    const outcome = await running.done;
    // A statement that writes runs to its end: stopping it half-way would leave what it did unclear.
    expect(outcome.ok, outcome.error?.message).toBe(true);
    expect(outcome.resultSets[0]).toMatchObject({ command: 'INSERT', rowCount: 300_000 });
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 300_000 });
    check.close();
  });

  it('stops a read-only statement between batches of rows when asked', async () => {
    const running = db.run(sql(`${series(1_000_000)}SELECT g FROM s`), {}, undefined, () => running.cancel());
    const outcome = await running.done;
    expect(outcome).toMatchObject({ ok: false, cancelled: true });
  });
});
