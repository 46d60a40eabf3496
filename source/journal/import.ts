// A journal written from a copy of its chain (the team store's): the same file, byte for
// byte in its tables, that the driver's own journal holds — events with their times and
// hashes as recorded, output chunks with their ids — so `verify`, `resume` and `watch` read
// it as they read any journal. Nothing is taken on trust: each event must hash as the
// format says and link to the one before, each output event must cover exactly the chunks
// that came with it. A copy that does not is refused whole (nothing of the batch written).

import type Database from 'better-sqlite3';
import { writeAnchor } from './anchor';
import { JournalError, errorMessage } from './errors';
import { GENESIS_HASH, OUTPUT_EVENT, chunkDigest, eventHash, isOutputEventPayload, type ChainEvent, type StepChunk } from './format';
import { createJournalFile, openJournalFile } from './open';

export class JournalImport {
  private head: { seq: number; hash: string };
  private readonly insert: Database.Transaction<(events: ChainEvent[], chunks: StepChunk[]) => void>;

  private db: Database.Database | undefined;

  private constructor(
    readonly path: string,
    db: Database.Database,
    /** False for a private, throwaway copy (a watcher's): no fsync per batch, the anchor written at close. */
    private readonly durable = true,
  ) {
    this.db = db;
    if (!durable) db.pragma('synchronous = OFF');
    const row = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.head = row ?? { seq: 0, hash: GENESIS_HASH };
    const event = db.prepare('INSERT INTO events (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
    const chunk = db.prepare('INSERT INTO output (id, step, stream, text) VALUES (?, ?, ?, ?)');
    this.insert = db.transaction((events: ChainEvent[], chunks: StepChunk[]) => {
      for (const c of chunks) chunk.run(c.id, c.step, c.stream, c.text);
      for (const e of events) event.run(e.seq, e.at, e.type, e.payload, e.prevHash, e.hash);
    });
  }

  /** A new journal file (0600 in a 0700 directory); refuses an existing file. */
  static create(path: string, createdAt: string, options: { durable?: boolean } = {}): JournalImport {
    return new JournalImport(path, createJournalFile(path, createdAt), options.durable ?? true);
  }

  /** An existing journal, to append the events it does not have yet. */
  static open(path: string): JournalImport {
    return new JournalImport(path, openJournalFile(path, false).db);
  }

  /** How many events the file holds, and the hash of the last. */
  get tip(): { seq: number; hash: string } {
    return { ...this.head };
  }

  /**
   * Appends events that follow the file's head, with the output chunks they cover, in one
   * transaction, then the anchor. Throws a 'damaged' JournalError (nothing written) when the
   * copy does not verify.
   */
  append(events: ChainEvent[], chunks: StepChunk[]): void {
    this.connection();
    if (events.length === 0) return;
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const used = new Set<number>();
    let { seq, hash } = this.head;
    for (const e of events) {
      const where = `event ${e.seq}`;
      if (e.seq !== seq + 1) this.refuse(`${where} follows event ${seq}: a gap or a repeat`);
      if (e.prevHash !== hash) this.refuse(`${where} does not link to the event before it`);
      if (eventHash(e.prevHash, e.seq, e.at, e.type, e.payload) !== e.hash) this.refuse(`${where} does not hash to its recorded hash`);
      if (e.type === OUTPUT_EVENT) this.checkOutput(e, byId, used);
      seq = e.seq;
      hash = e.hash;
    }
    const stray = chunks.find((c) => !used.has(c.id));
    if (stray !== undefined) this.refuse(`output chunk ${stray.id} is covered by no output event`);
    try {
      this.insert(events, chunks);
      if (this.durable) writeAnchor(this.path, { events: seq, head: hash });
    } catch (error) {
      throw new JournalError('write-failed', this.path, `could not write the journal: ${errorMessage(error)}`);
    }
    this.head = { seq, hash };
  }

  /** The hash of event `seq`, or null when the file has no such event. */
  hashAt(seq: number): string | null {
    return (this.connection().prepare('SELECT hash FROM events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash ?? null;
  }

  /** The first event, as recorded (a run's id is its hash). */
  firstEvent(): ChainEvent | undefined {
    return this.connection().prepare('SELECT seq, at, type, payload, prev_hash AS prevHash, hash FROM events WHERE seq = 1').get() as ChainEvent | undefined;
  }

  close(): void {
    if (this.db !== undefined && !this.durable) writeAnchor(this.path, { events: this.head.seq, head: this.head.hash });
    this.db?.close();
    this.db = undefined;
  }

  private checkOutput(e: ChainEvent, byId: Map<number, StepChunk>, used: Set<number>): void {
    let payload: unknown;
    try {
      payload = JSON.parse(e.payload);
    } catch {
      this.refuse(`event ${e.seq} (output) is not JSON`);
    }
    if (!isOutputEventPayload(payload)) this.refuse(`event ${e.seq} (output) names no chunks`);
    const covered: StepChunk[] = [];
    for (let id = payload.first; id <= payload.last; id++) {
      const chunk = byId.get(id);
      if (chunk === undefined || chunk.step !== payload.step) this.refuse(`event ${e.seq} covers output chunk ${id}, which did not come with it`);
      covered.push(chunk);
      used.add(id);
    }
    if (chunkDigest(covered) !== payload.sha256) this.refuse(`the output event ${e.seq} covers does not match its SHA-256`);
  }

  private refuse(why: string): never {
    throw new JournalError('damaged', this.path, `the copy of the run does not verify: ${why}`);
  }

  private connection(): Database.Database {
    if (this.db === undefined) throw new JournalError('closed', this.path, 'the journal is closed');
    return this.db;
  }
}
