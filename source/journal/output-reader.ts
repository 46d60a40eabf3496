// Reading committed step output back as lines. A tail reads chunks from the end
// only, so the live view of a long-running step stays cheap.

import type Database from 'better-sqlite3';
import { OUTPUT_EVENT } from './format';

export interface OutputLine {
  stream: string;
  text: string;
}

interface ChunkRow {
  stream: string;
  text: string;
}

export class OutputReader {
  private readonly newestFirst: Database.Statement<[string], ChunkRow>;
  private readonly oldestFirst: Database.Statement<[string], ChunkRow>;
  private readonly count: Database.Statement<[string, string], { n: number }>;
  private readonly rangeOldestFirst: Database.Statement<[string, number, number], ChunkRow>;
  private readonly rangeNewestFirst: Database.Statement<[string, number, number], ChunkRow>;

  constructor(db: Database.Database) {
    this.newestFirst = db.prepare('SELECT stream, text FROM output WHERE step = ? ORDER BY id DESC');
    this.oldestFirst = db.prepare('SELECT stream, text FROM output WHERE step = ? ORDER BY id');
    this.rangeOldestFirst = db.prepare('SELECT stream, text FROM output WHERE step = ? AND id BETWEEN ? AND ? ORDER BY id');
    this.rangeNewestFirst = db.prepare('SELECT stream, text FROM output WHERE step = ? AND id BETWEEN ? AND ? ORDER BY id DESC');
    this.count = db.prepare(
      `SELECT coalesce(sum(json_extract(payload, '$.lines')), 0) AS n FROM events
       WHERE type = ? AND json_extract(payload, '$.step') = ?`,
    );
  }

  lines(step: string, tail?: number): OutputLine[] {
    if (tail === undefined) return this.all(step);
    if (tail <= 0) return [];
    const newestFirst: OutputLine[][] = [];
    let count = 0;
    for (const row of this.newestFirst.iterate(step)) {
      const lines = toLines(row);
      newestFirst.push(lines);
      count += lines.length;
      if (count >= tail) break; // ends the statement; older chunks are never read
    }
    const result: OutputLine[] = [];
    for (let i = newestFirst.length - 1; i >= 0; i--) {
      for (const line of newestFirst[i] ?? []) result.push(line);
    }
    return result.length > tail ? result.slice(result.length - tail) : result;
  }

  /**
   * The lines of chunks `first`..`last` (one attempt's output): the first `head` of them or
   * the last `tail`, reading only as many chunks as that takes; every line when neither.
   */
  range(step: string, first: number, last: number, take: { head?: number; tail?: number } = {}): OutputLine[] {
    const newest = take.tail !== undefined;
    const limit = take.tail ?? take.head ?? Infinity;
    const rows = (newest ? this.rangeNewestFirst : this.rangeOldestFirst).iterate(step, first, last);
    const chunks: OutputLine[][] = [];
    let count = 0;
    for (const row of rows) {
      if (count >= limit) break;
      const lines = toLines(row);
      chunks.push(lines);
      count += lines.length;
    }
    if (newest) chunks.reverse();
    const lines = chunks.flat();
    if (count <= limit) return lines;
    return newest ? lines.slice(lines.length - limit) : lines.slice(0, limit);
  }

  /** Summed from the output events, which carry each flush's line count. */
  lineCount(step: string): number {
    return this.count.get(OUTPUT_EVENT, step)?.n ?? 0;
  }

  private all(step: string): OutputLine[] {
    const result: OutputLine[] = [];
    for (const row of this.oldestFirst.iterate(step)) {
      for (const line of toLines(row)) result.push(line);
    }
    return result;
  }
}

function toLines(row: ChunkRow): OutputLine[] {
  return row.text.split('\n').map((text) => ({ stream: row.stream, text }));
}
