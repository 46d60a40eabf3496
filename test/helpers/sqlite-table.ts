// A real SQLite file with one small table `t (id, v)`, as a runbook's target, and its values read back.

import Database from 'better-sqlite3';
import { join } from 'node:path';

/** `dir/t.db` holding t(id, v) with (1, 'a'), (2, 'b'); the target is `{ kind: sqlite, path: ./t.db }`. */
export function tableFile(dir: string): string {
  const file = join(dir, 't.db');
  const db = new Database(file);
  db.exec("CREATE TABLE t (id integer PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
  db.close();
  return file;
}

/** The column v of t, by id, as another process reads it: only what is committed. */
export function valuesIn(file: string): string[] {
  const reader = new Database(file, { readonly: true });
  try {
    return reader.prepare('SELECT v FROM t ORDER BY id').pluck().all() as string[];
  } finally {
    reader.close();
  }
}
