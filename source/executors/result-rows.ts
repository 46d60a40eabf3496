// A statement's rows as they stream in, held in bounded memory whatever their number: the
// first and the last rows are kept (each end bounded in rows and in bytes), every row is
// counted and hashed. Both executors feed one of these per result set.

import { createHash, type Hash } from 'node:crypto';
import { canonicalRow, type Cell, type ResultSet } from '../run/results';

export interface RowLimits {
  headRows: number;
  headBytes: number;
  tailRows: number;
  tailBytes: number;
}

/** What a result set keeps of its rows; everything between is counted and hashed only. */
export const KEPT_ROWS: RowLimits = {
  headRows: 10_000,
  headBytes: 8 * 1024 * 1024,
  tailRows: 1_000,
  tailBytes: 1024 * 1024,
};

/** Hash input is handed over in chunks of about this many characters. */
const HASH_CHUNK = 64 * 1024;

export interface KeptRows {
  rows: Cell[][];
  /** Every row counted, kept or not. */
  returned: number;
  digest: string;
  omitted?: NonNullable<ResultSet['omitted']>;
}

export class RowCollector {
  private readonly hash: Hash = createHash('sha256');
  private pending = '';
  private readonly head: Cell[][] = [];
  private headBytes = 0;
  private headFull = false;
  // The last rows, a queue: tail[tailStart..] are kept, with their sizes alongside.
  private tail: Cell[][] = [];
  private sizes: number[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private count = 0;

  constructor(private readonly limits: RowLimits = KEPT_ROWS) {}

  get returned(): number {
    return this.count;
  }

  add(row: Cell[]): void {
    const text = canonicalRow(row);
    this.count++;
    this.pending += text;
    if (this.pending.length >= HASH_CHUNK) {
      this.hash.update(this.pending);
      this.pending = '';
    }
    if (!this.headFull) {
      if (this.head.length < this.limits.headRows && this.headBytes + text.length <= this.limits.headBytes) {
        this.head.push(row);
        this.headBytes += text.length;
        return;
      }
      this.headFull = true;
    }
    this.tail.push(row);
    this.sizes.push(text.length);
    this.tailBytes += text.length;
    while (this.tailStart < this.tail.length && (this.tail.length - this.tailStart > this.limits.tailRows || this.tailBytes > this.limits.tailBytes)) {
      this.tailBytes -= this.sizes[this.tailStart] ?? 0;
      this.tailStart++;
    }
    // Drop what left the queue now and then, not on every row.
    if (this.tailStart > 4096 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.sizes = this.sizes.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  finish(): KeptRows {
    if (this.pending !== '') this.hash.update(this.pending);
    this.pending = '';
    const last = this.tail.slice(this.tailStart);
    const rows = this.head.concat(last);
    const omitted = this.count - rows.length;
    return {
      rows,
      returned: this.count,
      digest: this.hash.digest('hex'),
      ...(omitted > 0 ? { omitted: { at: this.head.length, count: omitted } } : {}),
    };
  }
}

/** The digest of rows held whole (a shell capture's lines, a result journaled before digests). */
export function rowsDigest(rows: readonly Cell[][]): string {
  const collector = new RowCollector({ headRows: 0, headBytes: 0, tailRows: 0, tailBytes: 0 });
  for (const row of rows) collector.add(row as Cell[]);
  return collector.finish().digest;
}
