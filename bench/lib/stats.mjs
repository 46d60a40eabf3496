// Small statistics and formatting helpers for the benchmarks.

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values) => percentile(values, 50);

/**
 * `list` started at round % length: in a loop of rounds, each thing timed takes each place
 * in turn, so none always runs just after the same neighbour (a machine busy after one
 * kind of run would otherwise tax the same row every round).
 */
export function rotated(list, round) {
  const k = round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

export function ms(value, digits = 0) {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function mb(bytes) {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a';
}

/** Polls until check() returns a truthy value; never a fixed sleep. */
export async function waitFor(check, what, timeoutMs = 30_000, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Wall-clock "now" in epoch milliseconds with sub-millisecond resolution (as the hooks log it). */
export function epochNow() {
  return performance.timeOrigin + performance.now();
}

/**
 * A row whose budget is a ratio to a reference measured in the same run (`node -e 0`, or
 * the bare command): machines differ, ratios travel. `walls` are this row's samples; a
 * `budget` of null is a row shown for information. `before`: the same figure for the build
 * before a change ({ walls, cpus }), measured in the same loops.
 */
export function ratioRow({ what, walls, cpus, reference, referenceText, budget, why, before }) {
  const p50 = median(walls);
  const ratio = p50 / reference;
  const row = {
    what,
    budget: budget === null ? 'none (information)' : `≤ ${budget}× the reference, p50`,
    value: `${ratio.toFixed(2)}× (${ms(p50)} p50, ${ms(percentile(walls, 90))} p90${cpus ? `, cpu ${ms(median(cpus))}` : ''})`,
    reference: referenceText ?? `node -e 0: ${ms(reference)} p50`,
    met: budget === null || ratio <= budget,
    measured: ratio,
    budgetValue: budget,
    unit: 'ratio',
    runs: walls.length,
  };
  if (before) row.before = `${(median(before.walls) / reference).toFixed(2)}× (${ms(median(before.walls))} p50${before.cpus ? `, cpu ${ms(median(before.cpus))}` : ''})`;
  if (why) row.why = why;
  return row;
}
