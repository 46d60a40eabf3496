// How two cells compare: numbers by value (a driver may hand back 12 or '12'),
// everything else by its text. Pure helpers for the comparison engine.

import type { Cell } from './results';

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** The cell as a numeric text when it is a number or a numeric string, else null. */
export function numericText(cell: Cell): string | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'string' && NUMERIC.test(cell)) return cell;
  return null;
}

/** Display text: NULL for null, booleans and numbers as written. */
export function cellText(cell: Cell): string {
  if (cell === null) return 'NULL';
  return String(cell);
}

// Integers compare exactly (bigint counts arrive as strings); decimals as doubles.
function compareNumbers(a: string, b: string): number {
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const x = Number(a);
  const y = Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function sameCell(a: Cell, b: Cell): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
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

function decimals(text: string): number {
  const m = /\.(\d+)/.exec(text.replace(/[eE].*$/, ''));
  return m?.[1]?.length ?? 0;
}

/** after - before when both are numbers, rounded to the inputs' precision. */
export function numericDelta(before: Cell, after: Cell): number | undefined {
  const nb = numericText(before);
  const na = numericText(after);
  if (nb === null || na === null) return undefined;
  if (INTEGER.test(na) && INTEGER.test(nb)) return Number(BigInt(na) - BigInt(nb));
  const places = Math.min(20, Math.max(decimals(na), decimals(nb)));
  return Number((Number(na) - Number(nb)).toFixed(places));
}

export function formatDelta(delta: number): string {
  return delta >= 0 ? `+${delta}` : String(delta);
}
