// Reading a run journal directly (better-sqlite3, read-only), to check what was recorded.

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export function openJournal(path) {
  return new Database(path, { readonly: true, fileMustExist: true });
}

export function events(path, type) {
  if (!existsSync(path)) return [];
  const db = openJournal(path);
  try {
    const rows = type
      ? db.prepare('SELECT seq, at, type, payload FROM events WHERE type = ? ORDER BY seq').all(type)
      : db.prepare('SELECT seq, at, type, payload FROM events ORDER BY seq').all();
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
  } catch {
    return [];
  } finally {
    db.close();
  }
}

/** The finished event of a step, or undefined while it runs. */
export function finished(path, step) {
  return events(path, 'step.finished').find((e) => e.payload.step === step);
}

export function started(path, step) {
  return events(path, 'step.started').findLast((e) => e.payload.step === step);
}

/**
 * Checks that the journal holds exactly the lines `first..last` of `seq` for a step, in
 * order: returns how many lines are missing, extra or out of place (0 = nothing lost).
 */
export function verifySeqOutput(path, step, count) {
  const db = openJournal(path);
  try {
    let expected = 1;
    let wrong = 0;
    let total = 0;
    for (const row of db.prepare('SELECT text FROM output WHERE step = ? ORDER BY id').iterate(step)) {
      for (const line of row.text.split('\n')) {
        total++;
        if (line !== String(expected)) wrong++;
        expected++;
      }
    }
    return { total, lost: Math.max(0, count - total), wrong, extra: Math.max(0, total - count) };
  } finally {
    db.close();
  }
}

export function outputLineCount(path, step) {
  const db = openJournal(path);
  try {
    // Polled while the runner creates the file: no events table yet is no lines yet.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()) return 0;
    const row = db
      .prepare("SELECT coalesce(sum(json_extract(payload, '$.lines')), 0) AS n FROM events WHERE type = 'output' AND json_extract(payload, '$.step') = ?")
      .get(step);
    return row.n;
  } finally {
    db.close();
  }
}
