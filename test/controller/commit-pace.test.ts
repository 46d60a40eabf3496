import { describe, expect, it } from 'vitest';
import { EARLY_COMMIT_BYTES, MIN_COMMIT_GAP_MS, commitPace } from '../../source/controller/commit-pace';

// A pure scheduling rule: the clock and the batch size are handed in (no journal needed here;
// test/e2e and bench/ drive it with real streams).
function paced() {
  let now = 0;
  let pending = 0;
  const commits: number[] = [];
  const pace = commitPace(
    () => {
      commits.push(now);
      pending = 0;
    },
    () => pending,
    () => now,
  );
  return {
    pace,
    commits,
    at: (t: number) => (now = t),
    add: (bytes: number) => (pending += bytes),
  };
}

describe('commit pace', () => {
  it('commits once per frame while output trickles in', () => {
    const p = paced();
    for (let t = 0; t < 1000; t += 10) {
      p.at(t);
      p.add(1000);
      p.pace.output();
      if (t % 100 === 0) p.pace.frame();
    }
    expect(p.commits).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('commits a flood early, in batches of about EARLY_COMMIT_BYTES, never more than 30 a second', () => {
    const p = paced();
    // 64 KB pipe reads every millisecond: 64 MB/s.
    for (let t = 0; t < 1000; t++) {
      p.at(t);
      p.add(64 * 1024);
      p.pace.output();
      if (t % 100 === 0) p.pace.frame();
    }
    expect(p.commits.length).toBeLessThanOrEqual(30);
    expect(p.commits.length).toBeGreaterThanOrEqual(29);
    for (let i = 1; i < p.commits.length; i++) expect((p.commits[i] ?? 0) - (p.commits[i - 1] ?? 0)).toBeGreaterThanOrEqual(MIN_COMMIT_GAP_MS);
  });

  it('does not commit early below the threshold', () => {
    const p = paced();
    p.at(50);
    p.add(EARLY_COMMIT_BYTES - 1);
    p.pace.output();
    expect(p.commits).toEqual([]);
    p.add(1);
    p.pace.output();
    expect(p.commits).toEqual([50]);
  });
});
