// SQL steps against a SQLite file with better-sqlite3: one connection per target for the
// run, autocommit per statement, `${name}` bound as named parameters.
// better-sqlite3 is synchronous: statements run one per event-loop turn so cancel() lands
// between them, but a single long statement cannot be interrupted, and statement_timeout
// does not apply (lock waits are bounded by busy_timeout = the target's lock_timeout).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlStatement } from '../runbook/model';
import type { Cell, Column, ResolvedTarget, ResultSet, RunningQuery, SqlExecutor, SqlOutcome } from './types';
import { toCell } from './cells';
import { bindStatement, findUnknownParameter } from './sql-params';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The storage class of a value, for columns without a declared type (expressions). */
function typeOfValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'bigint') return 'INTEGER';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'REAL';
  if (typeof value === 'string') return 'TEXT';
  return 'BLOB';
}

/** The command tag psql would show: the statement's first keyword. */
function commandOf(sql: string, reader: boolean): string {
  const word = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  return word === 'WITH' && reader ? 'SELECT' : word;
}

function runStatement(db: Database.Database, index: number, sql: string, params: Record<string, string>): ResultSet {
  const bound = bindStatement(sql, 'sqlite');
  const stmt = db.prepare(bound.text).safeIntegers(true);
  const args: unknown[] = bound.names.length > 0 ? [Object.fromEntries(bound.names.map((n, i) => [`p${i}`, params[n]]))] : [];
  if (!stmt.reader) {
    const info = stmt.run(...args);
    return { statement: index, command: commandOf(sql, false), columns: [], rows: [], rowCount: Number(info.changes) };
  }
  const raw = stmt.raw(true).all(...args) as unknown[][];
  const columns: Column[] = stmt.columns().map((c, i) => ({
    name: c.name,
    type: c.type ?? typeOfValue(raw.find((row) => row[i] != null)?.[i] ?? null),
  }));
  const rows: Cell[][] = raw.map((row) => row.map(toCell));
  return { statement: index, command: commandOf(sql, true), columns, rows, rowCount: rows.length };
}

export function openSqlite(target: ResolvedTarget): SqlExecutor {
  const file = target.location;
  if (!existsSync(file)) throw new Error(`target ${target.name}: database file not found: ${file}`);
  if (!statSync(file).isFile()) throw new Error(`target ${target.name}: not a database file: ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(target.lockTimeoutMs))}`);
  } catch (err) {
    throw new Error(`target ${target.name}: cannot open ${file}: ${(err as Error).message}`);
  }

  let queue: Promise<unknown> = Promise.resolve();

  const run = (statements: SqlStatement[], params: Record<string, string>, onResult?: (rs: ResultSet) => void): RunningQuery => {
    let cancelRequested = false;

    const execute = async (): Promise<SqlOutcome> => {
      const started = performance.now();
      const resultSets: ResultSet[] = [];
      const outcome = (error?: SqlOutcome['error'], cancelled = false): SqlOutcome => ({
        ok: !error && !cancelled,
        resultSets,
        ...(error ? { error } : {}),
        cancelled,
        durationMs: Math.round(performance.now() - started),
      });
      const unknown = findUnknownParameter(statements, params, 'sqlite');
      if (unknown) return outcome({ message: `unknown parameter \${${unknown.name}}`, statement: unknown.statement });

      for (const [i, s] of statements.entries()) {
        await nextTurn();
        if (cancelRequested) return outcome(undefined, true);
        try {
          const rs = runStatement(db, i, s.text, params);
          resultSets.push(rs);
          onResult?.(rs);
        } catch (err) {
          const e = err as Error & { code?: string };
          // Do not leave the step's half-done transaction open, holding the write lock.
          if (db.inTransaction) {
            try {
              db.exec('ROLLBACK');
            } catch {
              // Already rolled back by SQLite itself.
            }
          }
          return outcome({ message: e.message, statement: i, ...(e.code ? { code: e.code } : {}) });
        }
      }
      return outcome();
    };

    const done = queue.then(execute);
    queue = done.catch(() => undefined);
    return {
      cancel() {
        cancelRequested = true;
      },
      done,
    };
  };

  return {
    target,
    run,
    describe: () => path.basename(file),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
