// Numbers compared as the decimals they are written as. A numeric column is exact, and a
// double cannot tell 12345678901234567.89 from 12345678901234567.88: comparing through
// Number() would call a changed amount unchanged. Pure; no I/O.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// Past this, scaling to a common exponent costs more than it is worth: compare as doubles.
const MAX_SHIFT = 5000;

/** value = digits × 10^exponent */
interface Decimal {
  digits: bigint;
  exponent: number;
}

function parse(text: string): Decimal | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return null;
  const exponent = Number(m[4] ?? '0') - fraction.length;
  if (!Number.isSafeInteger(exponent)) return null;
  const digits = BigInt(`${whole}${fraction}`);
  return { digits: m[1] === '-' ? -digits : digits, exponent };
}

/** Both scaled to the smaller exponent, or null when that would be absurdly large. */
function aligned(a: string, b: string): [bigint, bigint, number] | null {
  const x = parse(a);
  const y = parse(b);
  if (x === null || y === null) return null;
  const exponent = Math.min(x.exponent, y.exponent);
  if (Math.max(x.exponent, y.exponent) - exponent > MAX_SHIFT) return null;
  return [x.digits * 10n ** BigInt(x.exponent - exponent), y.digits * 10n ** BigInt(y.exponent - exponent), exponent];
}

/** -1, 0 or 1 as the decimal text a is below, equal to or above b (`1.50` equals `1.5`). */
export function compareDecimals(a: string, b: string): number {
  const pair = aligned(a, b);
  if (pair === null) {
    const x = Number(a);
    const y = Number(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const [x, y] = pair;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** a - b, exact before it becomes a number (so 12345678901234567.88 - .89 is -0.01). */
export function subtractDecimals(a: string, b: string): number {
  const pair = aligned(a, b);
  if (pair === null) return Number(a) - Number(b);
  const [x, y, exponent] = pair;
  const difference = x - y;
  if (exponent >= 0) return Number(difference * 10n ** BigInt(exponent));
  const sign = difference < 0n ? '-' : '';
  const digits = (difference < 0n ? -difference : difference).toString().padStart(-exponent + 1, '0');
  return Number(`${sign}${digits.slice(0, exponent)}.${digits.slice(exponent)}`);
}
