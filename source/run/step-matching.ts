// Which step of the runbook file, as it is now, is which step of a run begun with an earlier
// version of it. Ids alone cannot tell: an id without `{#id}` is made from the step's own
// text, so a typo fixed in `echo two` makes `p/echo-two-fixed`, and a repeat's `-2` counts
// its place among its twins, so an edit to the first of two equal steps hands its id to the
// second. Matched by id, the edited step read as one removed (skipped, never offered) and one
// added (never walked). Here steps are lined up the way a diff lines up lines: the longest
// run of unchanged steps in order (same content), then what is left between two matched
// neighbours stands at the same place in the file. One left on each side there is one step
// changed; where the counts differ, steps pair when their titles read alike. An explicit
// `{#id}` is the author's word: it pairs only with that id. Pure.

export interface MatchStep {
  id: string;
  /** The step's content (controller's stepDigest): equal digests, an unchanged step. */
  digest: string;
  title: string;
  /** The id is the author's (`{#id}`), not made from the text. */
  explicit?: boolean;
}

/** How alike two titles must read to be taken for one step edited, where a place is ambiguous. */
const ALIKE = 0.5;

/** Beyond this many comparisons the files differ throughout: steps are matched by id only. */
const MAX_CELLS = 1_000_000;

/**
 * The ids the file's steps take in the run: file id → the run's id, for each step whose id
 * changes (a step the run knows under another id, or an added step whose own id the run
 * gives to another step, which gets a `-n` of its own). Steps not named keep their id.
 */
export function matchSteps(then: readonly MatchStep[], now: readonly MatchStep[]): Map<string, string> {
  const thenIds = new Set(then.map((s) => s.id));
  // An id the author wrote in the file, that the run knows: only that step is that step.
  const pinned = new Set(now.filter((s) => s.explicit && thenIds.has(s.id)).map((s) => s.id));
  const unpinned = (s: MatchStep) => !pinned.has(s.id);
  const free = (a: MatchStep, b: MatchStep) => unpinned(a) && unpinned(b);
  const same = (a: MatchStep, b: MatchStep) => (free(a, b) ? a.digest === b.digest : a.id === b.id);

  const pairs = new Map<number, number>(); // now index → then index
  for (const [i, j] of lineUp(then, now, same)) pairs.set(j, i);

  // Between two matched neighbours: the same place in the file.
  const anchors = [...pairs].sort((a, b) => a[0] - b[0]);
  let [lastThen, lastNow] = [-1, -1];
  for (const [j, i] of [...anchors, [now.length, then.length] as [number, number]]) {
    const olds = range(lastThen + 1, i).filter((x) => unpinned(then[x] as MatchStep));
    const news = range(lastNow + 1, j).filter((x) => unpinned(now[x] as MatchStep));
    for (const [a, b] of samePlace(olds.map((x) => then[x] as MatchStep), news.map((x) => now[x] as MatchStep))) pairs.set(news[b] as number, olds[a] as number);
    [lastThen, lastNow] = [i, j];
  }

  // Moved elsewhere: the same id, or the same content found once.
  const used = new Set(pairs.values());
  const leftThen = then.map((s, i) => [s, i] as const).filter(([, i]) => !used.has(i));
  for (const [s, j] of now.map((s, j) => [s, j] as const)) {
    if (pairs.has(j)) continue;
    const byId = leftThen.filter(([t, i]) => t.id === s.id && !used.has(i));
    const byContent = leftThen.filter(([t, i]) => free(t, s) && t.digest === s.digest && !used.has(i));
    const found = byId[0] ?? (byContent.length === 1 ? byContent[0] : undefined);
    if (found) {
      pairs.set(j, found[1]);
      used.add(found[1]);
    }
  }

  const renames = new Map<string, string>();
  const taken = new Set([...thenIds, ...now.map((s) => s.id)]);
  now.forEach((s, j) => {
    const i = pairs.get(j);
    const id = i === undefined ? s.id : (then[i] as MatchStep).id;
    if (i === undefined && thenIds.has(s.id)) {
      // An added step whose id the run knows as another step's (now matched elsewhere).
      let n = 2;
      while (taken.has(`${s.id}-${n}`)) n++;
      renames.set(s.id, `${s.id}-${n}`);
      taken.add(`${s.id}-${n}`);
    } else if (id !== s.id) renames.set(s.id, id);
  });
  return renames;
}

/** Steps left at one place (between the same two matched neighbours): [then index, now index] pairs. */
function samePlace(olds: MatchStep[], news: MatchStep[]): [number, number][] {
  if (olds.length === 0 || news.length === 0) return [];
  // As many on each side: each stands where the other stood.
  if (olds.length === news.length) return olds.map((_, k) => [k, k]);
  return lineUp(olds, news, (a, b) => alike(a.title, b.title) >= ALIKE, (a, b) => alike(a.title, b.title));
}

/**
 * Pairs in order (never crossing) that make the most of `weight`: the longest common
 * subsequence when every pair weighs the same. A common head and tail are paired first.
 * Ties go to pairs that keep their id.
 */
function lineUp(a: readonly MatchStep[], b: readonly MatchStep[], match: (x: MatchStep, y: MatchStep) => boolean, weight?: (x: MatchStep, y: MatchStep) => number): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && match(a[head] as MatchStep, b[head] as MatchStep)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && match(a[a.length - 1 - tail] as MatchStep, b[b.length - 1 - tail] as MatchStep)) tail++;
  const out: [number, number][] = range(0, head).map((k) => [k, k]);
  const [m, n] = [a.length - head - tail, b.length - head - tail];
  if (m > 0 && n > 0) {
    if (m * n > MAX_CELLS) {
      // Changed throughout: by id, as ids always matched.
      const at = new Map(b.slice(head, head + n).map((s, k) => [s.id, head + k]));
      for (let k = head; k < head + m; k++) {
        const other = at.get((a[k] as MatchStep).id);
        if (other !== undefined) out.push([k, other]);
      }
    } else {
      out.push(...middle(a.slice(head, head + m), b.slice(head, head + n), match, weight).map(([x, y]): [number, number] => [x + head, y + head]));
    }
  }
  for (let k = tail; k > 0; k--) out.push([a.length - k, b.length - k]);
  return out;
}

function middle(a: MatchStep[], b: MatchStep[], match: (x: MatchStep, y: MatchStep) => boolean, weight?: (x: MatchStep, y: MatchStep) => number): [number, number][] {
  const [m, n] = [a.length, b.length];
  // A pair counts most; keeping its id breaks a tie (K outweighs every tie-break together).
  const K = m + n + 1;
  const worth = (x: MatchStep, y: MatchStep): number => (weight ? weight(x, y) : K + (x.id === y.id ? 1 : 0));
  const best = new Float64Array((m + 1) * (n + 1));
  const at = (i: number, j: number) => i * (n + 1) + j;
  const score = (i: number, j: number) => best[at(i, j)] as number;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const [x, y] = [a[i - 1] as MatchStep, b[j - 1] as MatchStep];
      const diagonal = match(x, y) ? score(i - 1, j - 1) + worth(x, y) : -1;
      best[at(i, j)] = Math.max(score(i - 1, j), score(i, j - 1), diagonal);
    }
  }
  const out: [number, number][] = [];
  let [i, j] = [m, n];
  while (i > 0 && j > 0) {
    const [x, y] = [a[i - 1] as MatchStep, b[j - 1] as MatchStep];
    if (score(i, j) === score(i - 1, j)) i--;
    else if (score(i, j) === score(i, j - 1)) j--;
    else if (match(x, y)) {
      out.push([i - 1, j - 1]);
      i--;
      j--;
    } else break;
  }
  return out.reverse();
}

/** How alike two titles read, 0 to 1: shared pairs of letters (Dice), so a typo costs little. */
export function alike(x: string, y: string): number {
  const grams = (s: string): Map<string, number> => {
    const text = s.toLowerCase().replace(/\s+/g, ' ').trim();
    const out = new Map<string, number>();
    for (let k = 0; k + 1 < text.length; k++) out.set(text.slice(k, k + 2), (out.get(text.slice(k, k + 2)) ?? 0) + 1);
    return out;
  };
  const [a, b] = [grams(x), grams(y)];
  let [common, total] = [0, 0];
  for (const [g, count] of a) common += Math.min(count, b.get(g) ?? 0);
  for (const count of a.values()) total += count;
  for (const count of b.values()) total += count;
  if (total === 0) return x.trim().toLowerCase() === y.trim().toLowerCase() ? 1 : 0;
  return (2 * common) / total;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}
