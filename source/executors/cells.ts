// Driver values → JSON-safe cells, so result sets can be journaled and compared as data.

import type { Cell } from './types';

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  // NaN and Infinity are not JSON.
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  // Integers past 2^53 keep every digit as text.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return JSON.stringify(value);
}
