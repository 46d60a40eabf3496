// The quick answers the build puts in front of Ink's text packages (.ci/quick-text.mjs) give
// what the packages themselves give: graphemes cut as Intl.Segmenter cuts them, widths as
// string-width measures them, for the screen's kind of text and for text far from it.

import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { graphemeAloneClass, narrowClass, quickGraphemeSegmenterSource } from '../.ci/quick-text.mjs';

interface Segmenter {
  segment(input: string): Iterable<{ segment: string; index: number }> & { containing(index: number): { segment: string; index: number } | undefined };
}

/** Every character a class names, from the inside of its brackets. */
function members(inside: string): string[] {
  const out: string[] = [];
  for (const m of inside.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)) {
    const from = parseInt(m[1] ?? '', 16);
    const to = m[2] ? parseInt(m[2], 16) : from;
    for (let c = from; c <= to; c++) out.push(String.fromCharCode(c));
  }
  return out;
}

/** A small deterministic generator, so a failure is the same failure on the next run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const FAR = ['e\u0301', '\r\n', '👍🏽', '👨‍👩‍👧', '🇫🇷', '\u1100\u1161\u11a8', 'क्षि', '\u0e01\u0e33', '\ufe0f', '\u200d', 'x\u0903', '漢字', '\t', '\u0600a'];
const ESCAPES = ['\u001b[31m', '\u001b[0m', '\u001b[1;38;5;214m', '\u001b]8;;https://example.com\u0007', '\u001b]8;;\u0007'];

function strings(pool: string[], seed: number, count: number, far: boolean): string[] {
  const next = random(seed);
  const pick = (list: string[]) => list[Math.floor(next() * list.length)] ?? '';
  return Array.from({ length: count }, () => {
    let s = '';
    const length = Math.floor(next() * 40);
    for (let i = 0; i < length; i++) {
      const roll = next();
      s += roll < 0.1 ? pick(ESCAPES) : far && roll < 0.2 ? pick(FAR) : pick(pool);
    }
    return s;
  });
}

describe('the quick grapheme cut', () => {
  const alone = graphemeAloneClass();
  const quick = new Function(`${quickGraphemeSegmenterSource(alone)}\nreturn quickGraphemeSegmenter();`)() as Segmenter;
  const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const cut = (s: Iterable<{ segment: string; index: number }>) => [...s].map(({ segment, index }) => [segment, index]);
  const pool = members(alone);

  it('holds the screen’s own characters, and not those that join others', () => {
    for (const c of ['a', ' ', '│', '─', '▸', '✓', '✘', '·', '…', '¶', '•', '→', '\u001b']) expect(pool).toContain(c);
    for (const c of ['\r', '\n', '\u0301', '\u200d', '\ufe0f', '\u0903', '\u0e33', '\u1161', '\u11a8', '\u0600']) expect(pool).not.toContain(c);
  });

  it('cuts as Intl.Segmenter does, text of its characters and text far from them', () => {
    for (const s of [...strings(pool, 7, 2000, false), ...strings(pool, 11, 2000, true)]) {
      const segments = quick.segment(s);
      expect(cut(segments), JSON.stringify(s)).toEqual(cut(icu.segment(s)));
      const real = icu.segment(s);
      for (let i = -1; i <= s.length; i++) expect(segments.containing(i), `${JSON.stringify(s)} at ${i}`).toEqual(real.containing(i) && { segment: real.containing(i)?.segment, index: real.containing(i)?.index, input: s });
    }
  });
});

describe('the quick width', () => {
  it('answers as string-width does for text of its characters', () => {
    const pool = members(narrowClass(stringWidth));
    expect(pool).toContain('│');
    expect(pool).not.toContain('漢');
    const withoutEscapes = (s: string) => ESCAPES.reduce((text, escape) => text.split(escape).join(''), s);
    for (const s of strings(pool, 3, 2000, false).map(withoutEscapes)) expect(stringWidth(s), JSON.stringify(s)).toBe(s.length);
  });
});
