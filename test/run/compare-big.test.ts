// Comparisons over big result sets: only the first and last rows are kept, every row is
// counted and in the digest.

import { describe, expect, it } from 'vitest';
import { compareResultSets, formatComparison } from '../../source/run/compare';
import { big } from './big-result';

const SAME = { queries: { baseline: ['SELECT k, n FROM t ORDER BY k'], current: ['select k, n from t order by k'] } };

describe('comparing big result sets', () => {
  it('passes when the whole-set digests are equal, counting every row', () => {
    const c = compareResultSets([big(50_000)], [big(50_000)], SAME);
    expect(c.passed).toBe(true);
    expect(c.resultSets[0]!.whole).toEqual({ before: 50_000, after: 50_000, identical: true });
    expect(c.summary).toBe('passed: 50000 unchanged');
  });

  it('fails on a change in a row that was not kept, naming the first differing row it can show', () => {
    // row 30,000 is in neither side's kept rows; the digest still sees it
    const c = compareResultSets([big(50_000)], [big(50_000, (k) => (k === 30_000 ? -1 : k * 10))], SAME);
    expect(c.passed).toBe(false);
    const set = c.resultSets[0]!;
    expect(set.rows.every((r) => r.status === 'unchanged')).toBe(true);
    expect(set.whole).toEqual({ before: 50_000, after: 50_000, identical: false });
    expect(set.notes.join('\n')).toContain('the whole-set SHA-256 digests differ');
    expect(c.summary).toMatch(/^failed: statement 1: .*digests differ/);
  });

  it('reports the count delta and the first differing row when rows go', () => {
    const c = compareResultSets([big(50_000)], [big(49_999, (k) => (k >= 50 ? (k + 1) * 10 : k * 10))], SAME);
    expect(c.passed).toBe(false);
    const notes = c.resultSets[0]!.notes;
    expect(notes).toContain('rows: 50000 → 49999 (-1)');
    expect(notes).toContain('first difference at row 50: 50 | 500 → 50 | 510');
  });

  it('fails when every row of a big baseline is deleted, naming the kept rows missing', () => {
    const c = compareResultSets([big(50_000)], [big(0)], SAME);
    expect(c.passed).toBe(false);
    const set = c.resultSets[0]!;
    expect(set.rows.filter((r) => r.status === 'missing')).toHaveLength(110);
    expect(set.notes).toContain('rows: 50000 → 0 (-50000)');
    expect(set.notes).toContain('first difference at row 1: 1 | 10 → (no row)');
  });

  it('lets a narrower query pass on the kept rows it shares, saying what it could not compare', () => {
    const c = compareResultSets([big(50_000)], [big(20_000)], { queries: { baseline: ['SELECT k, n FROM t'], current: ['SELECT k, n FROM t WHERE k <= 20000'] } });
    expect(c.passed).toBe(true);
    expect(c.resultSets[0]!.notes.join('\n')).toContain('only the first and last rows kept (110 before, 110 now) were compared');
  });

  it('lists only what changed, and a bounded number of rows, on the screen', () => {
    const lines = formatComparison(compareResultSets([big(50_000)], [big(50_000, (k) => (k === 3 ? 0 : k * 10))], SAME), 100);
    expect(lines.length).toBeLessThan(70);
    expect(lines[1]).toMatch(/^ {2}3 +\| n: 30 → 0 \(-30\) +\| changed ✘$/);
    expect(lines).toContain('  … 60 more rows not listed');
  });
});
