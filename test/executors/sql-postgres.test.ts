import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres, redactUrl } from '../../source/executors/sql-postgres';
import type { ResolvedTarget, ResultSet, SqlExecutor } from '../../source/executors/types';
import type { SqlStatement } from '../../source/runbook/model';
import { waitFor } from './poll';

const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const target = (extra: Partial<ResolvedTarget> = {}): ResolvedTarget => ({
  name: 'govos',
  kind: 'postgres',
  location: URL_,
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
  ...extra,
});

const sql = (...texts: string[]): SqlStatement[] => texts.map((text, i) => ({ text, line: i + 1, expectation: null }));

let admin: pg.Client;
let schema: string;
let db: SqlExecutor;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
});
beforeEach(async () => {
  schema = `rb_exec_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  db = await connectPostgres(target());
});
afterEach(async () => {
  await db.close();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
});

const count = async (table: string): Promise<number> =>
  Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n);

describe('postgres SQL steps', () => {
  it('runs statements in order with their rows, columns and row counts', async () => {
    const seen: ResultSet[] = [];
    const outcome = await db.run(
      sql(
        `CREATE TABLE ${schema}.policies (id int PRIMARY KEY, name text)`,
        `INSERT INTO ${schema}.policies VALUES (1, 'a'), (2, 'b'), (3, 'c')`,
        `UPDATE ${schema}.policies SET name = upper(name) WHERE id < 3`,
        `SELECT id, name FROM ${schema}.policies ORDER BY id`,
      ),
      {},
      (rs) => seen.push(rs),
    ).done;
    expect(outcome.ok).toBe(true);
    expect(outcome.resultSets.map((r) => [r.statement, r.command, r.rowCount])).toEqual([
      [0, 'CREATE', 0],
      [1, 'INSERT', 3],
      [2, 'UPDATE', 2],
      [3, 'SELECT', 3],
    ]);
    const select = outcome.resultSets[3];
    expect(select?.columns).toEqual([{ name: 'id', type: 'int4' }, { name: 'name', type: 'text' }]);
    expect(select?.rows).toEqual([[1, 'A'], [2, 'B'], [3, 'c']]);
    expect(seen).toEqual(outcome.resultSets);
  });

  it('commits each statement on its own and stops at the first error', async () => {
    await admin.query(`CREATE TABLE ${schema}.log (n int)`);
    const outcome = await db.run(
      sql(`INSERT INTO ${schema}.log VALUES (1)`, 'SELECT 1/0', `INSERT INTO ${schema}.log VALUES (3)`),
      {},
    ).done;
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toEqual({ message: 'division by zero', statement: 1, code: '22012' });
    expect(outcome.resultSets).toHaveLength(1);
    // The first insert is committed and visible elsewhere; the third never ran.
    expect((await admin.query(`SELECT n FROM ${schema}.log`)).rows).toEqual([{ n: 1 }]);
  });

  it('ends a transaction the step opened when a statement in it fails', async () => {
    await admin.query(`CREATE TABLE ${schema}.log (n int)`);
    const failed = await db.run(sql('BEGIN', `INSERT INTO ${schema}.log VALUES (1)`, 'SELECT 1/0', 'COMMIT'), {}).done;
    expect(failed.error?.statement).toBe(2);
    const next = await db.run(sql(`SELECT count(*) FROM ${schema}.log`), {}).done;
    expect(next.ok).toBe(true);
    expect(next.resultSets[0]?.rows).toEqual([['0']]);
  });

  it('keeps the session between steps, as psql does', async () => {
    await db.run(sql(`SET search_path = ${schema}`, 'CREATE TEMP TABLE scratch AS SELECT 42 AS answer'), {}).done;
    const outcome = await db.run(sql('SELECT answer FROM scratch', 'SHOW search_path'), {}).done;
    expect(outcome.resultSets.map((r) => r.rows)).toEqual([[[42]], [[schema]]]);
  });

  it('binds ${name} as data, never as SQL text', async () => {
    await admin.query(`CREATE TABLE ${schema}.people (name text)`);
    const evil = "O'Brien'; DROP TABLE people; --";
    const outcome = await db.run(
      sql(
        `INSERT INTO ${schema}.people VALUES (\${who})`,
        `SELECT name, '\${who}' AS literal, \${who} = name AS same /* \${who} */ FROM ${schema}.people -- \${who}`,
      ),
      { who: evil },
    ).done;
    expect(outcome.ok).toBe(true);
    expect(outcome.resultSets[1]?.rows).toEqual([[evil, '${who}', true]]);
    expect(await count('people')).toBe(1);
  });

  it('refuses an unknown ${name} before running anything', async () => {
    await admin.query(`CREATE TABLE ${schema}.log (n int)`);
    const outcome = await db.run(sql(`INSERT INTO ${schema}.log VALUES (1)`, 'SELECT ${commit_sha}'), {}).done;
    expect(outcome.error).toEqual({ message: 'unknown parameter ${commit_sha}', statement: 1 });
    expect(await count('log')).toBe(0);
  });

  it('reports values the way psql shows them, JSON-safe', async () => {
    await admin.query(`CREATE TYPE ${schema}.mood AS ENUM ('ok', 'sad')`);
    const outcome = await db.run(
      sql(`SELECT 9007199254740993::int8 AS big, 12.50::numeric AS price, true AS flag, NULL::text AS nothing,
        '2024-01-02'::date AS day, '2024-01-02 03:04:05'::timestamp AS at, '{"a": 1}'::jsonb AS doc,
        '\\x0102'::bytea AS raw, '{1,2}'::int[] AS ids, 'NaN'::float8 AS nan, 1.5::float8 AS half,
        'ok'::${schema}.mood AS mood`),
      {},
    ).done;
    const rs = outcome.resultSets[0];
    expect(rs?.rows).toEqual([['9007199254740993', '12.50', true, null, '2024-01-02', '2024-01-02 03:04:05', '{"a": 1}', '\\x0102', '{1,2}', 'NaN', 1.5, 'ok']]);
    expect(rs?.columns.map((c) => c.type)).toEqual(['int8', 'numeric', 'bool', 'text', 'date', 'timestamp', 'jsonb', 'bytea', '_int4', 'float8', 'float8', 'mood']);
    expect(JSON.parse(JSON.stringify(rs?.rows))).toEqual(rs?.rows);
  });

  it('identifies itself as runbook and describes the target without a password', async () => {
    const outcome = await db.run(sql('SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()'), {}).done;
    expect(outcome.resultSets[0]?.rows).toEqual([['runbook']]);
    const u = new URL(URL_);
    expect(db.describe()).toBe(`${u.username}@${u.hostname}${u.pathname}`);
  });
});

describe('postgres timeouts and cancel', () => {
  it('applies the target’s statement_timeout', async () => {
    const short = await connectPostgres(target({ statementTimeoutMs: 300 }));
    try {
      const outcome = await short.run(sql('SELECT pg_sleep(5)'), {}).done;
      expect(outcome.error?.code).toBe('57014');
      expect(outcome.error?.message).toContain('statement timeout');
      expect(outcome.cancelled).toBe(false);
      expect(outcome.durationMs).toBeLessThan(3000);
    } finally {
      await short.close();
    }
  });

  it('applies the target’s lock_timeout while another session holds the row', async () => {
    await admin.query(`CREATE TABLE ${schema}.flags (id int PRIMARY KEY, on_ boolean)`);
    await admin.query(`INSERT INTO ${schema}.flags VALUES (1, false)`);
    const holder = new pg.Client({ connectionString: URL_ });
    await holder.connect();
    const short = await connectPostgres(target({ lockTimeoutMs: 300 }));
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT * FROM ${schema}.flags WHERE id = 1 FOR UPDATE`);
      const outcome = await short.run(sql(`UPDATE ${schema}.flags SET on_ = true WHERE id = 1`), {}).done;
      expect(outcome.error?.code).toBe('55P03');
      expect(outcome.error?.message).toContain('lock timeout');
      expect(outcome.durationMs).toBeLessThan(3000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await short.close();
    }
  });

  it('cancels a running query for real', async () => {
    await admin.query(`CREATE TABLE ${schema}.log (n int)`);
    const running = db.run(sql('SELECT pg_sleep(30)', `INSERT INTO ${schema}.log VALUES (1)`), {});
    await waitFor(
      async () =>
        (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'runbook' AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`)).rowCount === 1,
      'the query to be running',
    );
    const asked = Date.now();
    running.cancel();
    const outcome = await running.done;
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(outcome).toMatchObject({ ok: false, cancelled: true, error: { statement: 0, code: '57014' } });
    expect(await count('log')).toBe(0);
    // The session is still usable afterwards.
    expect((await db.run(sql('SELECT 1'), {}).done).ok).toBe(true);
  });
});

describe('postgres connection problems', () => {
  it('names the target when the server is unreachable', async () => {
    await expect(connectPostgres(target({ location: 'postgres://postgres@127.0.0.1:5999/test' }))).rejects.toThrow(
      /^target govos: connection refused at 127\.0\.0\.1:5999$/,
    );
  });

  it('names the target when the database does not exist', async () => {
    const u = new URL(URL_);
    u.pathname = `/no_such_db_${randomBytes(4).toString('hex')}`;
    await expect(connectPostgres(target({ location: u.toString() }))).rejects.toThrow(/^target govos: database "no_such_db_\w+" does not exist$/);
  });

  it('reports a connection the server dropped, without crashing', async () => {
    const pid = (await db.run(sql('SELECT pg_backend_pid()'), {}).done).resultSets[0]?.rows[0]?.[0];
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor(async () => !(await db.run(sql('SELECT 1'), {}).done).ok, 'the executor to notice');
    const outcome = await db.run(sql('SELECT 1'), {}).done;
    expect(outcome.error?.message).toMatch(/^target govos: connection lost \(.+\)$/);
    expect(outcome.error?.statement).toBe(0);
  });

  it('strips passwords from URLs it prints', () => {
    expect(redactUrl('postgres://deploy:hunter2@db-1:5432/govos')).toBe('postgres://deploy:[REDACTED]@db-1:5432/govos');
    expect(redactUrl('postgres://deploy@db-1/govos')).toBe('postgres://deploy@db-1/govos');
  });
});
