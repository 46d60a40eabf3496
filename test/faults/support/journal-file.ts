// Reading a journal file straight from SQLite, as an auditor would: no runbook code in
// between, so a test compares what the tool claims with what is really on disk.

import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface StoredEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  hash: string;
}

export function readEvents(path: string): StoredEvent[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, type, payload, hash FROM events ORDER BY seq').all() as { seq: number; type: string; payload: string; hash: string }[];
    return rows.map((r) => ({ seq: r.seq, type: r.type, payload: JSON.parse(r.payload) as Record<string, unknown>, hash: r.hash }));
  } finally {
    db.close();
  }
}

/** A step's recorded output lines, in order. */
export function readOutput(path: string, step: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT text FROM output WHERE step = ? ORDER BY id').all(step) as { text: string }[];
    return rows.flatMap((r) => r.text.split('\n'));
  } finally {
    db.close();
  }
}

/** The journal's bytes on disk: the file and its write-ahead log (where recent commits live). */
export function journalBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

/** Events of one step of one type. */
export function stepEvents(events: StoredEvent[], type: string, step: string): StoredEvent[] {
  return events.filter((e) => e.type === type && e.payload.step === step);
}
