// SQL steps against PostgreSQL: one pg.Client per target for the whole run, so SET and
// temp tables hold between steps as in psql. Autocommit per statement; `${name}` is bound.

import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { SqlStatement } from '../runbook/model';
import type { Cell, Column, ResolvedTarget, ResultSet, RunningQuery, SqlExecutor, SqlOutcome } from './types';
import { PROGRESS_ROWS } from './types';
import { toCell } from './cells';
import { RowCollector } from './result-rows';
import { PG_TYPE_NAMES, psqlTypes } from './pg-columns';
import { lookUpPgpass } from './pgpass';
import { redactUrl } from './redact';
import { bindStatement, findUnknownParameter } from './sql-params';

export { redactUrl } from './redact';

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_GRACE_MS = 2000;
const CANCEL_REQUEST_CODE = 80877102;

/** pg keeps the BackendKeyData here; @types/pg does not declare it. */
interface BackendKey {
  processID: number | null;
  secretKey: number | null;
}

type PgError = Error & { code?: string };

/** One result of a statement as it streamed: pg's result (fields, command, row count) and its rows. */
interface Streamed {
  result: pg.QueryArrayResult;
  collector: RowCollector;
}

/** The ~/.pgpass password for this connection, asked for only when the server wants one. */
function pgpassPassword(client: pg.Client): string {
  const query = { host: client.host, port: client.port, database: client.database ?? '', user: client.user ?? '' };
  const found = lookUpPgpass(query, process.env);
  if (found !== undefined) return found;
  throw Object.assign(new Error('the server asks for a password; set PGPASSWORD or add a line to ~/.pgpass'), { code: 'NOPASSWORD' });
}

/** One line naming the target, never the password. */
function connectError(target: ResolvedTarget, client: pg.Client, err: PgError): Error {
  const where = `${client.host}:${client.port}`;
  let what: string;
  switch (err.code) {
    case 'ECONNREFUSED':
      what = `connection refused at ${where}`;
      break;
    case 'ENOENT':
      what = `no server socket at ${path.join(client.host, `.s.PGSQL.${client.port}`)}`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      what = `host not found: ${client.host}`;
      break;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      what = `cannot reach ${where} (${err.code})`;
      break;
    case '28P01':
      what = `password authentication failed for user "${client.user ?? ''}" (check PGPASSWORD or ~/.pgpass)`;
      break;
    default:
      what = /timeout/i.test(err.message) ? `connection timed out at ${where}` : err.message;
  }
  return new Error(`target ${target.name}: ${redactUrl(what).split('\n')[0] ?? ''}`);
}

/** A CancelRequest on a fresh socket, as psql sends on Ctrl-C; best effort. */
function sendCancelRequest(client: pg.Client): void {
  const key = client as unknown as BackendKey;
  if (key.processID == null || key.secretKey == null) return;
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(key.processID, 8);
  packet.writeInt32BE(key.secretKey, 12);
  const socket = client.host.startsWith('/')
    ? net.connect(path.join(client.host, `.s.PGSQL.${client.port}`))
    : net.connect(client.port, client.host);
  socket.on('connect', () => socket.end(packet));
  socket.on('error', () => socket.destroy());
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy());
}

export async function connectPostgres(target: ResolvedTarget): Promise<SqlExecutor> {
  // The password comes from the URL (env: targets only) or PGPASSWORD, both read by pg itself…
  const client = new pg.Client({
    connectionString: target.location,
    application_name: 'runbook',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types: psqlTypes,
  });
  // …else from ~/.pgpass: ours, because pg's own fallback prints deprecation warnings into
  // the terminal. (A password given in the config is overridden by the URL's empty one.)
  if (!client.password) (client as unknown as { password: () => string }).password = () => pgpassPassword(client);
  let lost: string | null = null;
  // An idle connection dropped by the server must not crash the tool; the next step reports it.
  client.on('error', (err: Error) => {
    lost = err.message;
  });
  client.on('end', () => {
    lost ??= 'the server closed the connection';
  });
  try {
    await client.connect();
    await client.query(`SET statement_timeout = ${target.statementTimeoutMs}; SET lock_timeout = ${target.lockTimeoutMs}`);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw connectError(target, client, err as PgError);
  }
  lost = null;

  const typeNames = new Map(PG_TYPE_NAMES);
  const typeName = async (oids: number[]): Promise<void> => {
    const unknown = [...new Set(oids.filter((oid) => !typeNames.has(oid)))];
    if (unknown.length === 0) return;
    try {
      const res = await client.query<[string, string]>({
        text: 'SELECT oid::text, typname FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])',
        values: [unknown],
        rowMode: 'array',
      });
      for (const [oid, name] of res.rows) typeNames.set(Number(oid), name);
    } catch {
      // Names are cosmetic; fall back to the number.
    }
    for (const oid of unknown) if (!typeNames.has(oid)) typeNames.set(oid, `oid:${oid}`);
  };

  const toResultSet = async (statement: number, streamed: Streamed): Promise<ResultSet> => {
    const { result: res, collector } = streamed;
    const fields = res.fields ?? [];
    await typeName(fields.map((f) => f.dataTypeID));
    const columns: Column[] = fields.map((f) => ({ name: f.name, type: typeNames.get(f.dataTypeID) ?? `oid:${f.dataTypeID}` }));
    const command = res.command ?? '';
    if (columns.length === 0) return { statement, command, columns, rows: [], rowCount: res.rowCount ?? 0 };
    const kept = collector.finish();
    return {
      statement,
      command,
      columns,
      rows: kept.rows,
      rowCount: res.rowCount ?? kept.returned,
      ...(kept.omitted ? { omitted: kept.omitted } : {}),
      digest: kept.digest,
    };
  };

  /**
   * One statement (or a fence the splitter left whole, sent as one simple query), its rows
   * streamed into bounded collectors as they arrive: pg is never asked to hold them all.
   * A row that cannot be kept is counted still and said in `problems`; the statement runs on.
   */
  const stream = (text: string, values: unknown[] | undefined, onRows: (rows: number) => void, problems: string[]): Promise<Streamed[]> =>
    new Promise((resolve, reject) => {
      const query = new pg.Query({ text, ...(values ? { values } : {}), rowMode: 'array' } as pg.QueryArrayConfig);
      const collectors = new Map<object, RowCollector>();
      const collectorOf = (result: object): RowCollector => {
        let collector = collectors.get(result);
        if (!collector) collectors.set(result, (collector = new RowCollector()));
        return collector;
      };
      let rows = 0;
      query.on('row', (row: unknown[], result?: object) => {
        rows++;
        try {
          collectorOf(result ?? query).add((row as unknown[]).map(toCell) as Cell[]);
        } catch (error) {
          if (problems.length < 3) problems.push(`row ${rows} could not be kept: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (rows % PROGRESS_ROWS === 0) {
          try {
            onRows(rows);
          } catch {
            // Progress is advisory; a listener's fault must not reach pg's parser.
          }
        }
      });
      query.on('error', reject);
      query.on('end', (results: unknown) => {
        const list = (Array.isArray(results) ? results : [results]) as pg.QueryArrayResult[];
        resolve(list.map((result) => ({ result, collector: collectorOf(result) })));
      });
      client.query(query);
    });

  // Steps on one session run one after another, never interleaved.
  let queue: Promise<unknown> = Promise.resolve();

  const run = (statements: SqlStatement[], params: Record<string, string>, onResult?: (rs: ResultSet) => void, onProgress?: (statement: number, rows: number) => void): RunningQuery => {
    let cancelRequested = false;
    let inFlight = false;

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
      const unknown = findUnknownParameter(statements, params, 'postgres');
      if (unknown) return outcome({ message: `unknown parameter \${${unknown.name}}`, statement: unknown.statement });
      if (lost !== null) return outcome({ message: `target ${target.name}: connection lost (${lost})`, statement: 0 });
      const openBefore = client.getTransactionStatus() !== 'I';

      for (const [i, s] of statements.entries()) {
        if (cancelRequested) return outcome(undefined, true);
        const bound = bindStatement(s.text, 'postgres');
        const values = bound.names.length > 0 ? bound.names.map((n) => params[n]) : undefined;
        let streamed: Streamed[];
        const problems: string[] = [];
        try {
          inFlight = true;
          streamed = await stream(bound.text, values, (rows) => onProgress?.(i, rows), problems);
          inFlight = false;
        } catch (err) {
          inFlight = false;
          const e = err as PgError;
          // A failed statement inside a BEGIN leaves an aborted transaction; end it so the
          // next step does not trip over it (a no-op outside a transaction), and say so: it
          // undoes what ran in it, in this step or since an earlier one's BEGIN. (The status
          // is still the one from before the failed statement: pg reports the error first.)
          const inside = lost === null && client.getTransactionStatus() !== 'I';
          if (lost === null) await client.query('ROLLBACK').catch(() => undefined);
          if (inside) transaction = openBefore ? 'undone-earlier' : 'undone';
          const message = lost !== null ? `target ${target.name}: connection lost (${e.message})` : e.message;
          const cancelled = cancelRequested && e.code === '57014';
          return outcome({ message, statement: i, ...(e.code ? { code: e.code } : {}) }, cancelled);
        }
        // The statement has run (and, outside a transaction, committed): from here on
        // nothing makes it an error.
        for (const problem of problems) notes.push(`statement ${i + 1}: ${problem}`);
        // A fence the splitter left whole comes back as several results (simple protocol).
        for (const part of streamed) {
          const rs = await toResultSet(i, part);
          resultSets.push(rs);
          try {
            onResult?.(rs);
          } catch (error) {
            notes.push(`statement ${i + 1}: its result could not be shown: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      if (client.getTransactionStatus() !== 'I') transaction = 'open';
      return outcome();
    };

    const done = queue.then(execute);
    queue = done.catch(() => undefined);
    return {
      cancel() {
        if (cancelRequested) return;
        cancelRequested = true;
        if (inFlight) sendCancelRequest(client);
      },
      done,
    };
  };

  return {
    target,
    run,
    describe: () => `${client.user ?? ''}@${client.host}/${client.database ?? ''}`,
    close: () => {
      // A server that stopped answering cannot keep the process alive: end politely, then cut.
      const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      const cut = setTimeout(() => stream?.destroy(), CLOSE_GRACE_MS);
      cut.unref();
      return client
        .end()
        .catch(() => undefined)
        .finally(() => clearTimeout(cut));
    },
  };
}
