// Rows are paired by their key cells. A key of several columns was matched as its cells
// joined with ` / `, so ('a / b', 'c') paired with ('a', 'b / c') and a swap between them
// read "unchanged"; SQL NULL and the text '∅' paired alike. Real SQLite results.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Cell, ResultSet } from '../../source/run/results';
import { compareResultSets } from '../../source/run/compare';

function query(db: Database.Database, sql: string): ResultSet {
  const stmt = db.prepare(sql).raw(true);
  const rows = stmt.all() as Cell[][];
  return { statement: 0, command: 'SELECT', columns: stmt.columns().map((c) => ({ name: c.name, type: c.type ?? '' })), rows, rowCount: rows.length };
}

describe('rows paired by a key of several columns', () => {
  it('never pairs two keys whose cells join alike', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (a TEXT, b TEXT, n INTEGER); INSERT INTO t VALUES ('x / y', 'z', 1), ('x', 'y / z', 2), ('x', 'y / z', 3);");
    const before = query(db, 'SELECT a, b, n FROM t ORDER BY n');
    db.exec("UPDATE t SET n = CASE n WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE n END");
    const after = query(db, 'SELECT a, b, n FROM t ORDER BY n');
    const c = compareResultSets([before], [after]);
    expect(c.passed).toBe(false);
    expect(c.summary).toMatch(/changed/);
  });

  it('never pairs SQL NULL with the text shown for it', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (owner TEXT, team TEXT, n INTEGER); INSERT INTO t VALUES (NULL, 'ops', 1), ('∅', 'ops', 2);");
    const before = query(db, 'SELECT owner, team, n FROM t ORDER BY n');
    db.exec('UPDATE t SET n = 3 - n');
    const c = compareResultSets([before], [query(db, 'SELECT owner, team, n FROM t ORDER BY n')]);
    expect(c.passed).toBe(false);
  });
});
