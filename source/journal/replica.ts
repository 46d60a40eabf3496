// The journal's rows as they are stored, for a copy elsewhere (the team store): events
// with their payload text exactly as hashed, and output chunks by id. And the other way:
// a journal file rebuilt from such rows, byte for byte the same columns, so every reader
// of a journal (show, report, verify, resume) works on a copy as on the original.

import type Database from 'better-sqlite3';
import { writeAnchor } from './anchor';
import { GENESIS_HASH, type ChainEvent, type StepChunk } from './format';
import { createJournalFile } from './open';
import type { Journal } from './journal';

/** Committed events after `afterSeq`, in order, at most `limit` (and about `maxBytes` of payload). */
export function eventRowsAfter(journal: Journal, afterSeq: number, limit: number, maxBytes = 4 * 1024 * 1024): ChainEvent[] {
  const rows = journal.connection
    .prepare('SELECT seq, at, type, payload, prev_hash AS prevHash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
    .iterate(afterSeq, limit) as Iterable<ChainEvent>;
  const out: ChainEvent[] = [];
  let bytes = 0;
  for (const row of rows) {
    out.push(row);
    bytes += row.payload.length;
    if (bytes >= maxBytes) break;
  }
  return out;
}

/** The output chunks with ids first..last, in order. */
export function chunkRows(journal: Journal, first: number, last: number): StepChunk[] {
  return journal.connection.prepare('SELECT id, step, stream, text FROM output WHERE id BETWEEN ? AND ? ORDER BY id').all(first, last) as StepChunk[];
}

/** The number of committed events (the head's seq). */
export function committedEvents(journal: Journal): number {
  const row = journal.connection.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number | null };
  return row.seq ?? 0;
}

/** The hash of event `seq`, or null when the journal has no such event. */
export function eventHashAt(journal: Journal, seq: number): string | null {
  return (journal.connection.prepare('SELECT hash FROM events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash ?? null;
}

/** The first event, as stored (the run id is its hash). */
export function firstEventRow(journal: Journal): ChainEvent | undefined {
  return eventRowsAfter(journal, 0, 1)[0];
}

/**
 * A new journal file at `path` (0600, refusing an existing file) filled with rows as given
 * (add, in any order of pages), then anchored at its last event (finish). A reader verifies
 * the copy as it would the original: nothing here checks or trusts the rows.
 */
export class JournalCopy {
  private readonly db: Database.Database;
  private head = { events: 0, head: GENESIS_HASH };
  private readonly insertChunk: Database.Statement;
  private readonly insertEvent: Database.Statement;

  constructor(
    readonly path: string,
    createdAt: string,
  ) {
    this.db = createJournalFile(path, createdAt);
    this.insertChunk = this.db.prepare('INSERT INTO output (id, step, stream, text) VALUES (?, ?, ?, ?)');
    this.insertEvent = this.db.prepare('INSERT INTO events (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
  }

  add(events: readonly ChainEvent[], chunks: readonly StepChunk[]): void {
    this.db.transaction(() => {
      for (const c of chunks) this.insertChunk.run(c.id, c.step, c.stream, c.text);
      for (const e of events) {
        this.insertEvent.run(e.seq, e.at, e.type, e.payload, e.prevHash, e.hash);
        if (e.seq > this.head.events) this.head = { events: e.seq, head: e.hash };
      }
    })();
  }

  /** Closes the file and writes its anchor: the copy's head, as the journal's own writer would. */
  finish(): void {
    this.db.close();
    writeAnchor(this.path, this.head);
  }

  /** Gives up on a copy half made (the caller removes the file). */
  abandon(): void {
    if (this.db.open) this.db.close();
  }
}
