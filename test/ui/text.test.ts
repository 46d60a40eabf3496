import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { fit, groupDigits, length, plural, spread, wrap } from '../../source/ui/text';

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

  it('counts columns, not characters: CJK and emoji take two, an accent none', () => {
    // Before, a line of CJK was measured at half its width: Ink cut what overflowed, so a
    // command's tail (`; touch …`) was never on the screen though it would run.
    const command = 'echo "部署完了部署完了部署完了部署完了部署完了部署完了部署完了" ; touch /tmp/HIDDEN-TAIL';
    const pieces = wrap(command, 40);
    expect(pieces.join('')).toBe(command);
    for (const p of pieces) expect(stringWidth(p), p).toBeLessThanOrEqual(40);
    expect(pieces.at(-1)).toContain('HIDDEN-TAIL');
    expect(wrap('一二三四五六七八九十'.repeat(4), 7).every((p) => stringWidth(p) <= 7)).toBe(true);
    // A character wider than the width still goes, alone.
    expect(wrap('一二', 1)).toEqual(['一', '二']);
    expect(length('本番デプロイ')).toBe(12);
    expect(length('Cafe\u0301 🚀')).toBe(7);
    expect(fit('本番デプロイ手順書', 8)).toBe('本番デ…');
    expect(stringWidth(fit('本番デプロイ手順書', 8))).toBeLessThanOrEqual(8);
    // The counter on the right stays whole; the wide title is cut.
    const line = spread('本番デプロイ手順書 · alice', '00:01:02', 20);
    expect(stringWidth(line)).toBe(20);
    expect(line.endsWith('00:01:02')).toBe(true);
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
