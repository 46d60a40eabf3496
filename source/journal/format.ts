/*
 * The run journal file format, version 1.
 *
 * One SQLite file per run (`*.runbook.sqlite`), mode 0600 in a 0700 directory.
 * PRAGMA journal_mode=WAL, synchronous=FULL (every commit is fsync'd),
 * PRAGMA user_version = 1 (the format version).
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT)
 *     'format'         = 'runbook-journal'
 *     'format_version' = '1'
 *     'created_at'     = ISO-8601 UTC time the file was created
 *     'anchor'         = 'sidecar': the journal is anchored (below); absent in
 *                        journals written before anchoring
 *     'store'          = the team store the run is published to, as it was given (a
 *                        postgres:// URL without a password, or env:VAR): resume asks
 *                        that store's lease (published-store.ts); absent when never published
 *
 *   events(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL,
 *          payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
 *     seq       1, 2, 3, … with no gaps.
 *     at        ISO-8601 UTC time with milliseconds, e.g. 2026-11-23T18:10:12.345Z.
 *     type      the event type, e.g. 'step_started' (the run's event union lives in
 *               source/run/events.ts; the journal itself is generic).
 *     payload   the event as JSON text. Every string in it was redacted before it was
 *               hashed or written (object keys are structure and are not redacted).
 *     prev_hash the previous event's hash; for seq 1, 64 zeros.
 *     hash      lowercase hex SHA-256 of the UTF-8 bytes of
 *                 prev_hash + '\n' + seq + '\n' + at + '\n' + type + '\n' + payload
 *               with seq written in decimal.
 *
 *   output(id INTEGER PRIMARY KEY, step TEXT NOT NULL, stream TEXT NOT NULL,
 *          text TEXT NOT NULL)
 *     Step output in chunks. A chunk is one or more whole lines of one step and one
 *     stream ('stdout' | 'stderr'), joined with '\n' (no trailing newline; a chunk
 *     holding the single empty line has text ''). Lines are redacted, each once,
 *     when complete. Chunks of one step written by one flush have consecutive ids.
 *
 *     Every chunk is covered by the chain: each flush that wrote chunks of a step
 *     appends one event of type 'output' with payload
 *       { "step": …, "first": firstChunkId, "last": lastChunkId, "lines": N,
 *         "sha256": … }
 *     where sha256 is the lowercase hex SHA-256 over, for each chunk id first..last
 *     in order, the UTF-8 bytes of
 *       id + '\n' + stream + '\n' + byteLength(text) + '\n' + text
 *     (byteLength = the UTF-8 length of text, in decimal). A chunk that no output
 *     event covers is tampering.
 *
 *   lock(id INTEGER PRIMARY KEY CHECK (id = 1), operator TEXT NOT NULL,
 *        user TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL,
 *        since TEXT NOT NULL)
 *     The process driving the run, if any. Not part of the chain: it is who holds
 *     the file now, not what happened.
 *
 * State is rebuilt by replaying the events in seq order.
 *
 * The anchor, `<journal file>.anchor` beside it (mode 0600), one line of JSON:
 *   { "format": "runbook-anchor", "version": 1, "events": N, "head": … }
 * where events is the number of committed events and head the hash of event N (64
 * zeros for none). Rewritten after each commit is durable (temp file, fsync, rename):
 * at once after a commit holding any event but 'output', at most every 200 ms after
 * commits of output alone. After a crash the journal may be ahead of its anchor, never
 * behind it. A journal shorter than its anchor, or whose event N does not hash to the
 * anchor's head, was cut short or rewritten.
 */

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export const FORMAT_NAME = 'runbook-journal';
export const FORMAT_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);
export const OUTPUT_EVENT = 'output';
/** The meta row of an anchored journal, so a deleted anchor is not taken for an old journal. */
export const ANCHOR_META_KEY = 'anchor';
export const ANCHOR_META_VALUE = 'sidecar';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputEventPayload {
  step: string;
  first: number;
  last: number;
  lines: number;
  sha256: string;
}

export interface StoredChunk {
  id: number;
  stream: string;
  text: string;
}

/** An output chunk with the step it belongs to, as the output table holds it. */
export interface StepChunk extends StoredChunk {
  step: string;
}

/** An event as the chain holds it: the payload is the exact JSON text that was hashed. */
export interface ChainEvent {
  seq: number;
  at: string;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

export const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX events_type ON events (type);
CREATE TABLE output (
  id INTEGER PRIMARY KEY,
  step TEXT NOT NULL,
  stream TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX output_step ON output (step, id);
CREATE TABLE lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  operator TEXT NOT NULL,
  user TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  since TEXT NOT NULL
);
`;

export function eventHash(prevHash: string, seq: number, at: string, type: string, payload: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${at}\n${type}\n${payload}`, 'utf8').digest('hex');
}

/** The SHA-256 an output event carries over the chunks it covers, fed in id order. */
export function createChunkDigest(): { add(chunk: StoredChunk): void; hex(): string } {
  const hash = createHash('sha256');
  return {
    add(chunk) {
      hash.update(`${chunk.id}\n${chunk.stream}\n${Buffer.byteLength(chunk.text, 'utf8')}\n`, 'utf8');
      hash.update(chunk.text, 'utf8');
    },
    hex: () => hash.digest('hex'),
  };
}

export function chunkDigest(chunks: Iterable<StoredChunk>): string {
  const digest = createChunkDigest();
  for (const chunk of chunks) digest.add(chunk);
  return digest.hex();
}

export function isOutputEventPayload(value: unknown): value is OutputEventPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.step === 'string' &&
    Number.isSafeInteger(v.first) &&
    Number.isSafeInteger(v.last) &&
    Number.isSafeInteger(v.lines) &&
    typeof v.sha256 === 'string'
  );
}

/** Per-connection settings of a writer: WAL and an fsync at every commit. */
export function applyWriterPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // The journal checkpoints at step boundaries instead (journal.ts checkpointIfDue).
  db.pragma('wal_autocheckpoint = 0');
}

export function initializeSchema(db: Database.Database, createdAt: string): void {
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('format', FORMAT_NAME);
    meta.run('format_version', String(FORMAT_VERSION));
    meta.run('created_at', createdAt);
    meta.run(ANCHOR_META_KEY, ANCHOR_META_VALUE);
    db.pragma(`user_version = ${FORMAT_VERSION}`);
  })();
}
