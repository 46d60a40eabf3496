// The run journal: an append-only, hash-chained event log in one SQLite file, plus
// the step output it covers. Writes are batched in memory and committed in one
// transaction per display frame; see format.ts for the file format. After each commit
// the chain's head and event count are written beside the file (anchor.ts).

import type Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { AnchorWriter, isAnchored } from './anchor';
import { ANCHOR_META_KEY, ANCHOR_META_VALUE, GENESIS_HASH, OUTPUT_EVENT, chunkDigest, eventHash } from './format';
import type { ChainEvent, OutputStream } from './format';
import { JournalError } from './errors';
import { redactPayload, type Redaction } from './redaction';
import { createJournalFile, openJournalFile } from './open';
import { OutputBuffer } from './output-buffer';
import { OutputReader } from './output-reader';

export { JournalError } from './errors';
export type { JournalErrorKind } from './errors';
export type { Redaction } from './redaction';

export interface JournalEvent {
  seq: number;
  at: string;
  type: string;
  /** The payload parsed; undefined when it is not JSON (see `unreadable`). */
  payload: unknown;
  prevHash: string;
  hash: string;
  /** Why the payload could not be parsed, for a reader to name the event instead of crashing. */
  unreadable?: string;
}

export interface JournalOptions {
  redact?: Redaction;
  now?: () => Date;
  /**
   * Also commit on a timer, every this many ms (off by default: the caller commits
   * once per display frame and at every step boundary and answer). A failure is
   * thrown from the next append/commit.
   */
  autoCommitMs?: number;
  /** A monotonic clock in ms (tests): paces the anchor of output-only commits. */
  clock?: () => number;
  /** Told of each commit as it ends (the bench's hook, bench/README.md). */
  onCommit?: CommitHook;
}

/** A commit's duration (ms), its events and output chunks, and the seq it reached. */
export type CommitHook = (ms: number, events: number, chunks: number, seq: number) => void;

interface PendingChunk {
  id: number;
  step: string;
  stream: OutputStream;
  text: string;
}

interface Head {
  seq: number;
  hash: string;
}

const identity = (text: string): string => text;

/** WAL sizes (bytes of output) at which checkpointIfDue() copies the WAL into the file. */
const CHECKPOINT_AFTER = 4 * 1024 * 1024;
const CHECKPOINT_ANYWAY = 64 * 1024 * 1024;

function fileIdentity(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

export class Journal {
  readonly path: string;
  readonly readonly: boolean;
  private db: Database.Database | undefined;
  private readonly redact: Redaction;
  private readonly now: () => Date;
  private readonly onCommit: CommitHook | undefined;
  private readonly output: OutputBuffer;
  private readonly reader: OutputReader;
  private pendingEvents: ChainEvent[] = [];
  private pendingChunks: PendingChunk[] = [];
  /** The head in the file when the current batch began. */
  private committed: Head = { seq: 0, hash: GENESIS_HASH };
  /** The head including pending events: what the next event links to. */
  private tip: Head = { seq: 0, hash: GENESIS_HASH };
  private nextChunkId = 1;
  private timer: ReturnType<typeof setInterval> | undefined;
  private deferredError: unknown;
  private writeBatch: Database.Transaction<() => void> | undefined;
  /** Output written since the last checkpoint: about the size of the WAL. */
  private walBytes = 0;
  private readonly anchor: AnchorWriter;
  /** The file written into (device and inode), to notice it removed or replaced under the run. */
  private fileId: string | undefined;
  /** A journal from before anchoring, written again: its next commit marks it anchored. */
  private markAnchored = false;

  /** A new journal file (0600; its directory is created 0700 if missing). Refuses an existing file. */
  static create(path: string, options: JournalOptions = {}): Journal {
    const now = options.now ?? (() => new Date());
    return new Journal(path, createJournalFile(path, now().toISOString()), options, false);
  }

  /**
   * An existing journal; a clear JournalError when it is missing or not a runbook journal.
   * `follow`: the reader follows a live driver (watch), so it never reads a copy of a file
   * on read-only media, which a one-time reader (show, verify, report) may.
   */
  static open(path: string, options: JournalOptions & { readonly?: boolean; follow?: boolean } = {}): Journal {
    const readonly = options.readonly ?? false;
    if (!existsSync(path)) throw new JournalError('missing', path, 'no such journal');
    const opened = openJournalFile(path, readonly, readonly && options.follow !== true);
    return new Journal(path, opened.db, options, readonly, opened.release);
  }

  private constructor(path: string, db: Database.Database, options: JournalOptions, readonly: boolean, private readonly release: () => void = () => undefined) {
    this.path = path;
    this.db = db;
    this.readonly = readonly;
    this.redact = options.redact ?? identity;
    this.onCommit = options.onCommit;
    this.now = options.now ?? (() => new Date());
    this.anchor = new AnchorWriter(path, options.clock ?? (() => performance.now()));
    this.output = new OutputBuffer(this.redact);
    this.reader = new OutputReader(db);
    if (readonly) return;
    this.fileId = fileIdentity(path);
    this.markAnchored = !isAnchored(db);
    this.writeBatch = this.prepareWriter(db);
    if (options.autoCommitMs !== undefined) {
      this.timer = setInterval(() => this.autoCommit(), options.autoCommitMs);
      this.timer.unref();
    }
  }

  /** The open SQLite connection, for this directory's own modules (verify, lock, follow). */
  get connection(): Database.Database {
    this.assertOpen();
    return this.db as Database.Database;
  }

  /** Buffers an event into the current batch; it is in the file after the next commit(). */
  append(type: string, payload: object): JournalEvent {
    this.assertWritable();
    // Output that arrived before this event is chained before it.
    this.seal();
    const text = JSON.stringify(redactPayload(payload, this.redact, type));
    if (typeof text !== 'string') throw new TypeError(`journal event ${type}: payload is not JSON`);
    const event = this.addEvent(type, text);
    return { ...event, payload: JSON.parse(text) as unknown };
  }

  /** Buffers step output; whole lines are redacted and kept for the next commit, a partial last line is held. */
  appendOutput(step: string, stream: OutputStream, chunk: string): void {
    this.assertWritable();
    this.output.add(step, stream, chunk);
  }

  /** Bytes of whole output lines waiting for the next commit. */
  get pendingOutputBytes(): number {
    return this.output.bytes;
  }

  /** The step ended: write out its held partial lines with the next commit. */
  flushOutput(step: string): void {
    this.assertWritable();
    this.output.flush(step);
  }

  /**
   * Writes the batch (output chunks, their covering `output` events, events) in one fsync'd
   * transaction, then the anchor: one small file write per commit, not per event, and for
   * output-only commits at most every ANCHOR_OUTPUT_EVERY_MS (an fsync each: a flood's 30
   * commits a second would pay for 30).
   */
  commit(): void {
    this.assertWritable();
    this.seal();
    if (this.pendingEvents.length === 0) {
      this.anchor.idle();
      return;
    }
    this.assertSameFile();
    const outputOnly = this.pendingEvents.every((e) => e.type === OUTPUT_EVENT);
    const started = performance.now();
    try {
      this.writeBatch?.immediate();
    } catch (error) {
      if (error instanceof JournalError) throw error;
      throw new JournalError('write-failed', this.path, `could not write the journal: ${(error as Error).message}`);
    }
    const events = this.pendingEvents.length;
    const chunks = this.pendingChunks.length;
    for (const c of this.pendingChunks) this.walBytes += c.text.length;
    this.committed = this.tip;
    this.pendingEvents = [];
    this.pendingChunks = [];
    this.markAnchored = false;
    this.anchor.committed({ events: this.committed.seq, head: this.committed.hash }, outputOnly);
    this.checkpointIfDue(chunks > 0);
    this.onCommit?.(performance.now() - started, events, chunks, this.tip.seq);
  }

  /**
   * Copies the WAL into the file. SQLite's own checkpoint (every 4 MB) would land on a
   * frame commit while output streams and stall it for tens of ms, so the writer turns it
   * off (format.ts) and checkpoints here: on a commit without output (a step boundary, an
   * answer) once the WAL holds a few MB, or whatever the commit when it holds a lot.
   */
  private checkpointIfDue(hadOutput: boolean): void {
    if (this.walBytes < CHECKPOINT_AFTER || (hadOutput && this.walBytes < CHECKPOINT_ANYWAY)) return;
    try {
      this.connection.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A busy reader: the next boundary tries again; the WAL is as durable as the file.
      return;
    }
    this.walBytes = 0;
  }

  /** Committed events with seq >= fromSeq, in order; a payload that is not JSON is marked `unreadable`. */
  events(fromSeq = 1): JournalEvent[] {
    const rows = this.connection
      .prepare('SELECT seq, at, type, payload, prev_hash AS prevHash, hash FROM events WHERE seq >= ? ORDER BY seq')
      .all(fromSeq) as ChainEvent[];
    return rows.map((row) => {
      const event: JournalEvent = { seq: row.seq, at: row.at, type: row.type, payload: undefined, prevHash: row.prevHash, hash: row.hash };
      try {
        event.payload = JSON.parse(row.payload) as unknown;
      } catch {
        event.unreadable = 'payload is not JSON';
      }
      return event;
    });
  }

  /** Committed output of a step as lines; `tail` reads only the last chunks. */
  outputLines(step: string, options: { tail?: number } = {}): { stream: string; text: string }[] {
    this.assertOpen();
    return this.reader.lines(step, options.tail);
  }

  /** Committed output of one attempt (its chunks `first`..`last`), whole or its first or last lines. */
  outputRange(step: string, first: number, last: number, take: { head?: number; tail?: number } = {}): { stream: string; text: string }[] {
    this.assertOpen();
    return this.reader.range(step, first, last, take);
  }

  /** How many committed output lines a step has. */
  outputLineCount(step: string): number {
    this.assertOpen();
    return this.reader.lineCount(step);
  }

  /** The chain head including events not yet committed (what a sign-off would cover). */
  head(): { seq: number; hash: string } {
    if (this.pendingEvents.length > 0) return { ...this.tip };
    return this.fileHead();
  }

  /** Commits what is pending (held partial lines included) and closes the file. */
  close(): void {
    if (this.db === undefined) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    try {
      if (!this.readonly) {
        this.output.flushAll();
        this.commit();
        this.anchor.flush();
      }
    } finally {
      this.db.close();
      this.db = undefined;
      this.release();
    }
  }

  private prepareWriter(db: Database.Database): Database.Transaction<() => void> {
    const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
    const insertChunk = db.prepare('INSERT INTO output (id, step, stream, text) VALUES (?, ?, ?, ?)');
    const insertEvent = db.prepare(
      'INSERT INTO events (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const markAnchored = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    return db.transaction(() => {
      const inFile = (head.get() as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH };
      if (inFile.seq !== this.committed.seq || inFile.hash !== this.committed.hash) {
        throw new JournalError('conflict', this.path, 'another process wrote to this journal (is the run driven twice?)');
      }
      for (const c of this.pendingChunks) insertChunk.run(c.id, c.step, c.stream, c.text);
      for (const e of this.pendingEvents) insertEvent.run(e.seq, e.at, e.type, e.payload, e.prevHash, e.hash);
      if (this.markAnchored) markAnchored.run(ANCHOR_META_KEY, ANCHOR_META_VALUE);
    });
  }

  /** Turns the complete output lines into chunks and one covering `output` event per step. */
  private seal(): void {
    if (!this.output.hasLines) return;
    this.beginBatchIfIdle();
    for (const [step, runs] of this.output.take()) {
      const first = this.nextChunkId;
      const chunks: PendingChunk[] = [];
      let lines = 0;
      for (const run of runs) {
        chunks.push({ id: this.nextChunkId++, step, stream: run.stream, text: run.text });
        lines += run.lines;
      }
      for (const chunk of chunks) this.pendingChunks.push(chunk);
      const sha256 = chunkDigest(chunks);
      this.addEvent(OUTPUT_EVENT, JSON.stringify({ step, first, last: this.nextChunkId - 1, lines, sha256 }));
    }
  }

  private addEvent(type: string, payload: string): ChainEvent {
    this.beginBatchIfIdle();
    const seq = this.tip.seq + 1;
    const at = this.now().toISOString();
    const prevHash = this.tip.hash;
    const event = { seq, at, type, payload, prevHash, hash: eventHash(prevHash, seq, at, type, payload) };
    this.pendingEvents.push(event);
    this.tip = { seq, hash: event.hash };
    return event;
  }

  /** A new batch starts from the file, so a journal handed over between processes chains on. */
  private beginBatchIfIdle(): void {
    if (this.pendingEvents.length > 0 || this.pendingChunks.length > 0) return;
    this.committed = this.fileHead();
    this.tip = this.committed;
    const row = this.connection.prepare('SELECT max(id) AS id FROM output').get() as { id: number | null };
    this.nextChunkId = (row.id ?? 0) + 1;
  }

  private fileHead(): Head {
    const row = this.connection.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
      | Head
      | undefined;
    return row ?? { seq: 0, hash: GENESIS_HASH };
  }

  private autoCommit(): void {
    if (this.db === undefined || this.deferredError !== undefined) return;
    try {
      this.commit();
    } catch (error) {
      this.deferredError = error;
    }
  }

  private assertOpen(): void {
    if (this.db === undefined) throw new JournalError('closed', this.path, 'the journal is closed');
  }

  /**
   * SQLite goes on writing into a file removed from its directory (`rm`, a tmp cleaner) or
   * moved aside for another: what it writes then can never be opened again. A write
   * failure, as a full disk is: the run stops before its next step.
   */
  private assertSameFile(): void {
    if (this.fileId === undefined || fileIdentity(this.path) === this.fileId) return;
    throw new JournalError('write-failed', this.path, 'the journal file was removed or replaced while the run went on: nothing more can be recorded in it');
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.readonly) throw new JournalError('read-only', this.path, 'the journal is open read-only');
    if (this.deferredError !== undefined) {
      const error = this.deferredError;
      this.deferredError = undefined;
      throw error;
    }
  }
}
