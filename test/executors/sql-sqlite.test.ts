import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../source/executors/sql-sqlite';
import type { ResolvedTarget, ResultSet, SqlExecutor } from '../../source/executors/types';
import type { SqlStatement } from '../../source/runbook/model';

const sql = (...texts: string[]): SqlStatement[] => texts.map((text, i) => ({ text, line: i + 1, expectation: null }));

let dir: string;
let file: string;
let db: SqlExecutor;

const target = (extra: Partial<ResolvedTarget> = {}): ResolvedTarget => ({
  name: 'prod',
  kind: 'sqlite',
  location: file,
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
  ...extra,
});

/** A second, independent connection to the same file, as another process would have. */
function other(): Database.Database {
  return new Database(file);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-sqlite-test-'));
  file = path.join(dir, 'production.db');
  const setup = new Database(file);
  setup.exec('CREATE TABLE log (n INTEGER)');
  setup.close();
  db = openSqlite(target());
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite SQL steps', () => {
  it('runs statements in order with rows, column types and change counts', async () => {
    const seen: ResultSet[] = [];
    const outcome = await db.run(
      sql(
        'CREATE TABLE policies (id INTEGER PRIMARY KEY, name TEXT)',
        "INSERT INTO policies (name) VALUES ('a'), ('b'), ('c')",
        "UPDATE policies SET name = upper(name) WHERE id < 3",
        'SELECT id, name, id * 1.5 AS weighted, count(*) OVER () AS total FROM policies ORDER BY id',
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
    expect(select?.columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'TEXT' },
      { name: 'weighted', type: 'REAL' },
      { name: 'total', type: 'INTEGER' },
    ]);
    expect(select?.rows).toEqual([[1, 'A', 1.5, 3], [2, 'B', 3, 3], [3, 'c', 4.5, 3]]);
    expect(seen).toEqual(outcome.resultSets);
  });

  it('commits each statement on its own and stops at the first error', async () => {
    const outcome = await db.run(sql('INSERT INTO log VALUES (1)', 'INSERT INTO missing_table VALUES (2)', 'INSERT INTO log VALUES (3)'), {}).done;
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatchObject({ statement: 1, code: 'SQLITE_ERROR' });
    expect(outcome.error?.message).toContain('no such table: missing_table');
    const check = other();
    expect(check.prepare('SELECT n FROM log').raw(true).all()).toEqual([[1]]);
    check.close();
  });

  it('rolls back a transaction the step opened when a statement in it fails', async () => {
    const failed = await db.run(sql('BEGIN', 'INSERT INTO log VALUES (1)', 'INSERT INTO nowhere VALUES (1)', 'COMMIT'), {}).done;
    expect(failed.error?.statement).toBe(2);
    const next = await db.run(sql('INSERT INTO log VALUES (2)', 'SELECT n FROM log'), {}).done;
    expect(next.resultSets[1]?.rows).toEqual([[2]]);
  });

  it('binds ${name} as data, never as SQL text', async () => {
    const evil = "O'Brien'); DROP TABLE log; --";
    const outcome = await db.run(
      sql('CREATE TABLE people (name TEXT)', 'INSERT INTO people VALUES (${who})', "SELECT name, '${who}' AS literal, ${who} = name AS same FROM people -- ${who}"),
      { who: evil },
    ).done;
    expect(outcome.ok).toBe(true);
    expect(outcome.resultSets[2]?.rows).toEqual([[evil, '${who}', 1]]);
    expect((await db.run(sql('SELECT count(*) FROM log'), {}).done).ok).toBe(true);
  });

  it('refuses an unknown ${name} before running anything', async () => {
    const outcome = await db.run(sql('INSERT INTO log VALUES (1)', 'SELECT ${backup_location}'), {}).done;
    expect(outcome.error).toEqual({ message: 'unknown parameter ${backup_location}', statement: 1 });
    expect((await db.run(sql('SELECT count(*) FROM log'), {}).done).resultSets[0]?.rows).toEqual([[0]]);
  });

  it('keeps big integers exact and shows blobs as hex', async () => {
    const outcome = await db.run(sql("SELECT 9007199254740993 AS big, x'0102' AS raw, NULL AS empty"), {}).done;
    expect(outcome.resultSets[0]?.rows).toEqual([['9007199254740993', '\\x0102', null]]);
    expect(outcome.resultSets[0]?.columns.map((c) => c.type)).toEqual(['INTEGER', 'BLOB', 'NULL']);
  });

  it('cancels between statements', async () => {
    const statements = sql(...Array.from({ length: 200 }, (_, i) => `INSERT INTO log VALUES (${i})`));
    const running: ReturnType<SqlExecutor['run']> = db.run(statements, {}, () => running.cancel());
    const outcome = await running.done;
    expect(outcome).toMatchObject({ ok: false, cancelled: true });
    expect(outcome.resultSets.length).toBeLessThan(200);
    const check = other();
    expect(check.prepare('SELECT count(*) FROM log').pluck().get()).toBe(outcome.resultSets.length);
    check.close();
  });

  it('waits lock_timeout for a writer holding the database, then fails', async () => {
    await db.close();
    db = openSqlite(target({ lockTimeoutMs: 200 }));
    const holder = other();
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const outcome = await db.run(sql('INSERT INTO log VALUES (1)'), {}).done;
      expect(outcome.error?.code).toBe('SQLITE_BUSY');
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('never creates a missing database file', () => {
    const missing = path.join(dir, 'typo.db');
    expect(() => openSqlite(target({ location: missing }))).toThrow(`target prod: database file not found: ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('describes itself by file name', () => {
    expect(db.describe()).toBe('production.db');
  });
});
