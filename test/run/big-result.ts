// A big result set as an executor keeps it, built in memory for the pure tests: the first
// and last rows kept, every row counted and hashed as result-rows.ts does.

import { createHash } from 'node:crypto';
import { canonicalRow, type Cell, type ResultSet } from '../../source/run/results';

/** A result of `count` rows (k, n), as an executor keeps it: `head` first rows, `tail` last ones, all hashed. */
export function big(count: number, n: (k: number) => number = (k) => k * 10, head = 100, tail = 10): ResultSet {
  const hash = createHash('sha256');
  const rows: Cell[][] = [];
  for (let k = 1; k <= count; k++) {
    const row = [k, n(k)];
    hash.update(canonicalRow(row));
    if (k <= head || k > count - tail) rows.push(row);
  }
  const omitted = count - rows.length;
  return {
    statement: 0,
    command: 'SELECT',
    columns: [
      { name: 'k', type: 'int4' },
      { name: 'n', type: 'int4' },
    ],
    rows,
    rowCount: count,
    ...(omitted > 0 ? { omitted: { at: Math.min(head, count), count: omitted } } : {}),
    digest: hash.digest('hex'),
  };
}
