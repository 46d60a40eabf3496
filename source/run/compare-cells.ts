// How two cells compare: numbers by their exact decimal value (a driver may hand back 12 or
// '12'; a numeric column's 12345678901234567.89 is not .88), text columns and everything
// else by their text (`1.10` is not `1.1`, `007` is not `7`). Pure helpers for the
// comparison engine.

import type { Cell } from './results';
import { compareDecimals, subtractDecimals } from './decimal';

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** The cell as a numeric text when it is a number or a numeric string, else null. */
export function numericText(cell: Cell): string | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'string' && NUMERIC.test(cell)) return cell;
  return null;
}

/**
 * Display text, and a row's key: ∅ for SQL NULL (as the result tables show it), so it never
 * reads as, nor matches, the text 'NULL'; booleans and numbers as written.
 */
export function cellText(cell: Cell): string {
  if (cell === null) return '∅';
  return String(cell);
}

// A column type whose values are text even when they look like numbers: PostgreSQL's
// text, varchar, char, name, citext; SQLite's TEXT affinity (CHAR, CLOB, TEXT in the type).
const TEXT_TYPE = /char|clob|text|^name$|^unknown$/i;

/** The column holds text on either side: its cells compare as text. */
export function isTextColumn(...types: (string | undefined)[]): boolean {
  return types.some((type) => type !== undefined && TEXT_TYPE.test(type));
}

// Integers compare exactly (bigint counts arrive as strings), decimals as exact decimals.
function compareNumbers(a: string, b: string): number {
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return compareDecimals(a, b);
}

export function sameCell(a: Cell, b: Cell, asText = false): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (asText) return String(a) === String(b);
  const na = numericText(a);
  const nb = numericText(b);
  if (na !== null && nb !== null) return compareNumbers(na, nb) === 0;
  return String(a) === String(b);
}

/** after >= before numerically; false when either side is not a number. */
export function atLeast(before: Cell, after: Cell): boolean {
  const nb = numericText(before);
  const na = numericText(after);
  if (nb === null || na === null) return false;
  return compareNumbers(na, nb) >= 0;
}

/** after - before when both are numbers, taken exactly before it becomes a number. */
export function numericDelta(before: Cell, after: Cell): number | undefined {
  const nb = numericText(before);
  const na = numericText(after);
  if (nb === null || na === null) return undefined;
  if (INTEGER.test(na) && INTEGER.test(nb)) return Number(BigInt(na) - BigInt(nb));
  return subtractDecimals(na, nb);
}

export function formatDelta(delta: number): string {
  return delta >= 0 ? `+${delta}` : String(delta);
}
