// The chain's anchor: its head and event count, written beside the journal after every
// commit (`JOURNAL.anchor`), so events cut from the end, or a chain rewritten and
// re-hashed, no longer pass for the whole record. The same point — a count and the hash
// of the event at that count — is what a report and a sign-off record, and each is
// checked the same way (checkPoint).
//
// Crash windows: the anchor is written only after the SQLite commit it describes is
// fsync'd, so a kill between the two leaves the journal AHEAD of its anchor (fine: the
// anchor still names one of its events), never behind. Ahead by at most one commit, or by
// the output-only commits of the last ANCHOR_OUTPUT_EVERY_MS (a flood's frames are
// anchored at that pace; a step's start or end, an answer, a sign-off at once). The anchor
// is replaced atomically (temp file, fsync, rename): a reader sees the old one or the new
// one, whole. The directory is not fsync'd: after a power cut the rename may be lost,
// which leaves an older anchor — still behind the journal, never ahead.

import type Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { JournalError, errorMessage } from './errors';
import { ANCHOR_META_KEY, eventHash } from './format';

export const ANCHOR_FORMAT = 'runbook-anchor';
export const ANCHOR_VERSION = 1;

/** A point of the chain: its first `events` events, the last of which hashes to `head`. */
export interface ChainPoint {
  events: number;
  head: string;
}

export function anchorPath(journalPath: string): string {
  return `${journalPath}.anchor`;
}

/** Replaces the anchor with this point: temp file, fsync, rename. Throws the fs error. */
export function writeAnchor(journalPath: string, point: ChainPoint): void {
  const path = anchorPath(journalPath);
  const temp = `${path}.tmp`;
  const text = `${JSON.stringify({ format: ANCHOR_FORMAT, version: ANCHOR_VERSION, events: point.events, head: point.head })}\n`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * A commit that holds only output (a flood's frames, up to 30 a second, each anchor an
 * fsync) is anchored at most this often; every other commit — a step's start or end, an
 * answer, a sign-off — at once.
 */
export const ANCHOR_OUTPUT_EVERY_MS = 200;

/** The journal writer's side: when to write the anchor after a commit, and retrying one that failed. */
export class AnchorWriter {
  /** The last committed point, not yet written (paced, or its write failed). */
  private due: ChainPoint | undefined;
  /** clock() when the anchor was last written; -Infinity after a failure, so the next commit retries. */
  private writtenAt = -Infinity;

  constructor(
    private readonly journalPath: string,
    private readonly clock: () => number,
  ) {}

  /** A commit reached `point`: written now, or within ANCHOR_OUTPUT_EVERY_MS when it held only output. */
  committed(point: ChainPoint, outputOnly: boolean): void {
    this.due = point;
    if (!outputOnly || this.paced()) this.write();
  }

  /** A commit with nothing to write: the anchor still due is written once its time has come. */
  idle(): void {
    if (this.due !== undefined && this.paced()) this.write();
  }

  /** Closing: whatever is due is written now. */
  flush(): void {
    if (this.due !== undefined) this.write();
  }

  private paced(): boolean {
    return this.clock() - this.writtenAt >= ANCHOR_OUTPUT_EVERY_MS;
  }

  /** A failure is a write failure of the journal (the commit itself is in the file). */
  private write(): void {
    if (this.due === undefined) return;
    try {
      writeAnchor(this.journalPath, this.due);
    } catch (error) {
      this.writtenAt = -Infinity;
      throw new JournalError('write-failed', this.journalPath, `could not write the journal's anchor ${anchorPath(this.journalPath)}: ${errorMessage(error)}`);
    }
    this.due = undefined;
    this.writtenAt = this.clock();
  }
}

export function removeAnchor(journalPath: string): void {
  for (const file of [anchorPath(journalPath), `${anchorPath(journalPath)}.tmp`]) rmSync(file, { force: true });
}

export type AnchorRead = { kind: 'absent' } | { kind: 'unreadable'; reason: string } | { kind: 'read'; point: ChainPoint };

export function readAnchor(journalPath: string): AnchorRead {
  let text: string;
  try {
    text = readFileSync(anchorPath(journalPath), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', reason: `cannot read it (${code ?? String(error)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: 'it is not JSON' };
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v.format !== ANCHOR_FORMAT || typeof v.version !== 'number') return { kind: 'unreadable', reason: 'it is not a runbook anchor' };
  if (v.version > ANCHOR_VERSION) return { kind: 'unreadable', reason: `written by a newer runbook (anchor version ${v.version})` };
  if (!isChainPoint(v)) return { kind: 'unreadable', reason: 'it holds no event count and head' };
  return { kind: 'read', point: { events: v.events, head: v.head } };
}

export function isChainPoint(value: unknown): value is ChainPoint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isSafeInteger(v.events) && (v.events as number) >= 0 && typeof v.head === 'string' && /^[0-9a-f]{64}$/.test(v.head);
}

export type PointCheck =
  | { status: 'matches' }
  /** The journal holds the point and `extra` events after it. */
  | { status: 'ahead'; extra: number }
  /** The journal holds only `events` events: the point's event is gone. */
  | { status: 'behind'; events: number }
  /** The event at the point's count does not hash to the point's head. */
  | { status: 'rewritten' };

/** Whether the journal still holds this point: its event at `point.events`, recomputed, hashes to `point.head`. */
export function checkPoint(db: Database.Database, point: ChainPoint): PointCheck {
  const { events } = db.prepare('SELECT count(*) AS events FROM events').get() as { events: number };
  if (point.events === 0) return events === 0 ? { status: 'matches' } : { status: 'ahead', extra: events };
  const row = db.prepare('SELECT seq, at, type, payload, prev_hash FROM events WHERE seq = ?').get(point.events) as
    | { seq: number; at: string; type: string; payload: string; prev_hash: string }
    | undefined;
  if (row === undefined) return { status: 'behind', events };
  if (eventHash(row.prev_hash, row.seq, row.at, row.type, row.payload) !== point.head) return { status: 'rewritten' };
  const after = (db.prepare('SELECT count(*) AS n FROM events WHERE seq > ?').get(point.events) as { n: number }).n;
  return after === 0 ? { status: 'matches' } : { status: 'ahead', extra: after };
}

/**
 * Whether a sign-off's head is still the journal's: the very event it names when it names
 * one (`events`), else any event with that hash (sign-offs from before anchoring).
 */
export function signedHeadHolds(db: Database.Database, head: string, events: number | null): boolean {
  if (events !== null) {
    const check = checkPoint(db, { events, head });
    return check.status === 'matches' || check.status === 'ahead';
  }
  return db.prepare('SELECT 1 FROM events WHERE hash = ?').get(head) !== undefined;
}

/** Whether the journal was written with an anchor beside it (new journals, and old ones once written again). */
export function isAnchored(db: Database.Database): boolean {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(ANCHOR_META_KEY) as { value: string } | undefined;
  return row !== undefined;
}
