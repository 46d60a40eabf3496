import { describe, expect, it } from 'vitest';
import { cutKeys, distinctWidth, shareWidths } from '../../source/run/compare-columns';

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
