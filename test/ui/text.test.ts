import { describe, expect, it } from 'vitest';
import { fit, groupDigits, plural, wrap } from '../../source/ui/text';

describe('text on a fixed-size screen', () => {
  it('wraps a long line at a space near the end of each piece, losing nothing', () => {
    const line = 'kubectl rollout status deployment/governance-api --namespace production --timeout=300s';
    const pieces = wrap(line, 30);
    expect(pieces.every((p) => p.length <= 30)).toBe(true);
    expect(pieces.join('')).toBe(line);
    expect(pieces[0]).toBe('kubectl rollout status ');
  });

  it('cuts a word longer than the width where it must', () => {
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrap('short', 10)).toEqual(['short']);
  });

  it('cuts with a marker, never wraps, when a line is only shown', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
  });
});

describe('counts', () => {
  it('groups digits as toLocaleString("en-US") does', () => {
    for (const n of [0, 1, 12, 999, 1000, -1000, 12345, 999999, 1000000, 1234567890, -987654321, Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, -0.25, 1234.5678]) {
      expect(groupDigits(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(1000000, 'line')).toBe('1,000,000 lines');
  });
});
