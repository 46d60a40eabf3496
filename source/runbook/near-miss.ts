// "Did you mean": a key that is almost one of runbook's is a typo, not someone else's key.
// A documentation site's own keys (weight, menu, tags, owner_slack, …) are far from ours.

/** Edits (insert, delete, replace, swap two neighbours) from a to b: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = d;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known key `key` is almost: one edit away (`target`, `shel`, `titel`), or two for a
 * long key that starts the same (`targts_`), or the same letters in another case (`Title`).
 */
export function nearestKey(key: string, known: readonly string[]): string | null {
  let best: { name: string; d: number } | null = null;
  for (const name of known) {
    if (name === key) return null;
    const d = key.toLowerCase() === name ? 0 : editDistance(key.toLowerCase(), name);
    const allowed = name.length >= 6 && key[0]?.toLowerCase() === name[0] ? 2 : 1;
    if (d <= allowed && (best === null || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}
