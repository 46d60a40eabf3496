import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { compareResultSets, formatComparison } from '../../source/run/compare';
import { cutKeys, distinctWidth, shareWidths } from '../../source/run/compare-columns';
import type { ResultSet } from '../../source/run/results';

describe('a comparison\'s columns sharing a line', () => {
  it('gives each column its own width when all fit, never more', () => {
    expect(shareWidths([31, 26, 9], [12, 12, 9], 74)).toEqual([31, 26, 9]);
    expect(shareWidths([31, 26, 9], [12, 12, 9], 100)).toEqual([31, 26, 9]);
  });

  it('keeps the narrow columns whole and cuts the widest first', () => {
    expect(shareWidths([40, 10, 9], [6, 10, 9], 50)).toEqual([31, 10, 9]);
    const [key = 0, cells = 0, status = 0] = shareWidths([31, 26, 9], [13, 12, 9], 48);
    expect(status).toBe(9);
    expect(key + cells + status).toBe(48);
    expect(Math.abs(key - cells)).toBeLessThanOrEqual(1);
  });

  it('gives way floors largest first when even they do not fit', () => {
    expect(shareWidths([20, 20, 9], [10, 12, 9], 20).reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('cuts keys so that rows stay told apart: in the middle when their ends differ', () => {
    const keys = ['audit_events_immutable_delete', 'audit_events_immutable_update'];
    expect(cutKeys(keys, 27)).toEqual(['audit_events_immutable_del…', 'audit_events_immutable_upd…']);
    expect(cutKeys(keys, 15)).toEqual(['audit_e…_delete', 'audit_e…_update']);
    expect(distinctWidth(keys)).toBeLessThan(15);
    expect(cutKeys(['policies', 'decisions'], 5)).toEqual(['poli…', 'deci…']);
    expect(distinctWidth(['same', 'same'])).toBe(1);
  });
});

// Keys and values measured in characters: a CJK key (two columns a character) pushed its
// row's `|` out of line with the others, and a row fitted to 80 characters ran past 80 columns.
describe('a comparison of CJK rows', () => {
  const counts = (tokyo: number): ResultSet => ({
    statement: 0,
    command: 'SELECT',
    columns: [{ name: 'city', type: 'text' }, { name: 'n', type: 'int' }],
    rows: [['東京都', tokyo], ['大阪', 2], ['nara', 3]],
    rowCount: 3,
  });

  it('lines its columns up by the columns a terminal draws, within the width', () => {
    const lines = formatComparison(compareResultSets([counts(1)], [counts(5)]), 80).filter((l) => l.startsWith('  '));
    expect(lines).toHaveLength(3);
    const bars = lines.map((l) => stringWidth(l.slice(0, l.indexOf('|'))));
    expect(new Set(bars).size).toBe(1);
    const narrow = formatComparison(compareResultSets([counts(1)], [{ ...counts(5), rows: [['東京都'.repeat(20), 1], ['大阪', 2]] }]), 40);
    for (const line of narrow) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    expect(cutKeys(['東京都東京都', '大阪府大阪府'], 5)).toEqual(['東京…', '大阪…']);
  });
});
