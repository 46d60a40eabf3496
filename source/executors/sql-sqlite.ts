// SQL steps against a SQLite file with better-sqlite3: one connection per target for the
// run, autocommit per statement, `${name}` bound as named parameters.
// better-sqlite3 is synchronous: statements run one per event-loop turn so cancel() lands
// between them (and between batches of a read-only statement's rows), but a single long
// statement cannot be interrupted, and statement_timeout does not apply (lock waits are
// bounded by busy_timeout = the target's lock_timeout).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlStatement } from '../runbook/model';
import type { Column, ResolvedTarget, ResultSet, RunningQuery, SqlExecutor, SqlOutcome } from './types';
import { PROGRESS_ROWS } from './types';
import { toCell } from './cells';
import { RowCollector } from './result-rows';
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

interface Streaming {
  /** The operator asked to stop: a read-only statement stops between batches of rows. */
  cancelled: () => boolean;
  onRows: (rows: number) => void;
  problems: string[];
}

/**
 * One statement, its rows iterated (never all in memory at once) into a bounded collector,
 * the event loop let through every PROGRESS_ROWS rows so the screen, the journal's frame
 * commits and a cancel keep working. A statement that writes (`INSERT … RETURNING`) always
 * runs to its end: stopping it half-way would leave what it did unclear.
 */
async function runStatement(db: Database.Database, index: number, sql: string, params: Record<string, string>, streaming: Streaming): Promise<ResultSet | 'cancelled'> {
  const bound = bindStatement(sql, 'sqlite');
  const stmt = db.prepare(bound.text).safeIntegers(true);
  const args: unknown[] = bound.names.length > 0 ? [Object.fromEntries(bound.names.map((n, i) => [`p${i}`, params[n]]))] : [];
  if (!stmt.reader) {
    const info = stmt.run(...args);
    return { statement: index, command: commandOf(sql, false), columns: [], rows: [], rowCount: Number(info.changes) };
  }
  const declared = stmt.columns();
  // Columns without a declared type (expressions) take the type of their first value.
  const types: (string | null)[] = declared.map((c) => c.type ?? null);
  const collector = new RowCollector();
  let returned = 0;
  const iterator = stmt.raw(true).iterate(...args) as IterableIterator<unknown[]>;
  for (const raw of iterator) {
    returned++;
    for (const [i, value] of raw.entries()) if (types[i] === null && value != null) types[i] = typeOfValue(value);
    try {
      collector.add(raw.map(toCell));
    } catch (error) {
      if (streaming.problems.length < 3) streaming.problems.push(`row ${returned} could not be kept: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (returned % PROGRESS_ROWS === 0) {
      try {
        streaming.onRows(returned);
      } catch {
        // Progress is advisory: the statement goes on.
      }
      await nextTurn();
      if (streaming.cancelled() && stmt.readonly) {
        iterator.return?.();
        return 'cancelled';
      }
    }
  }
  const kept = collector.finish();
  const columns: Column[] = declared.map((c, i) => ({ name: c.name, type: types[i] ?? 'NULL' }));
  return {
    statement: index,
    command: commandOf(sql, true),
    columns,
    rows: kept.rows,
    rowCount: kept.returned,
    ...(kept.omitted ? { omitted: kept.omitted } : {}),
    digest: kept.digest,
  };
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

  const run = (statements: SqlStatement[], params: Record<string, string>, onResult?: (rs: ResultSet) => void, onProgress?: (statement: number, rows: number) => void): RunningQuery => {
    let cancelRequested = false;

    const execute = async (): Promise<SqlOutcome> => {
      const started = performance.now();
      const resultSets: ResultSet[] = [];
      const notes: string[] = [];
      let transaction: SqlOutcome['transaction'];
      const outcome = (error?: SqlOutcome['error'], cancelled = false): SqlOutcome => ({
        ok: !error && !cancelled,
        resultSets,
        ...(notes.length > 0 ? { notes } : {}),
        ...(error ? { error } : {}),
        cancelled,
        durationMs: Math.round(performance.now() - started),
        ...(transaction ? { transaction } : {}),
      });
      const unknown = findUnknownParameter(statements, params, 'sqlite');
      if (unknown) return outcome({ message: `unknown parameter \${${unknown.name}}`, statement: unknown.statement });
      const openBefore = db.inTransaction;

      for (const [i, s] of statements.entries()) {
        await nextTurn();
        if (cancelRequested) return outcome(undefined, true);
        let rs: ResultSet | 'cancelled';
        const problems: string[] = [];
        try {
          rs = await runStatement(db, i, s.text, params, { cancelled: () => cancelRequested, onRows: (rows) => onProgress?.(i, rows), problems });
        } catch (err) {
          const e = err as Error & { code?: string };
          // Do not leave a half-done transaction open, holding the write lock; and say so: it
          // undoes what ran in it, in this step or since an earlier one's BEGIN.
          if (db.inTransaction) {
            transaction = openBefore ? 'undone-earlier' : 'undone';
            try {
              db.exec('ROLLBACK');
            } catch {
              // Already rolled back by SQLite itself.
            }
          }
          return outcome({ message: e.message, statement: i, ...(e.code ? { code: e.code } : {}) });
        }
        if (rs === 'cancelled') return outcome(undefined, true);
        // The statement has run: from here on nothing makes it an error.
        for (const problem of problems) notes.push(`statement ${i + 1}: ${problem}`);
        resultSets.push(rs);
        try {
          onResult?.(rs);
        } catch (error) {
          notes.push(`statement ${i + 1}: its result could not be shown: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (db.inTransaction) transaction = 'open';
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
