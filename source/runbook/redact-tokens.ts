// Tokens recognisable by their own shape (secret-shapes.ts TOKEN_SHAPES), wherever they
// stand: the last pass of redact-shapes.ts.

import { TOKEN_SHAPES } from './secret-shapes';
import { endOf, spansOf, unionOf } from './hidden-spans';
import type { Pass } from './redact-programs';
import type { Span } from './text-scan';

// One pattern per shape, each run only where its keywords occur: an alternation of all of
// them would lose the engine's fast scan for a literal prefix (2.5× slower on plain output).
const TOKEN_PASSES = TOKEN_SHAPES.map((shape) => ({ keywords: shape.keywords, pattern: new RegExp(shape.pattern, 'g') }));
// Any keyword at all, in one scan: most text (a step's title, a line of output) holds none,
// and one search is cheaper than asking for each keyword in turn.
const ANY_KEYWORD = new RegExp(TOKEN_SHAPES.flatMap((shape) => shape.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('|'));

// Every shape read on the same text; two that overlap are hidden as one.
export const tokens: Pass = (text, found) => {
  if (!ANY_KEYWORD.test(text)) return [];
  let spans: Span[] = [];
  for (const { keywords, pattern } of TOKEN_PASSES) {
    if (!keywords.some((k) => text.includes(k))) continue;
    const matches = spansOf(text, pattern, (m) => {
      found(m[0]);
      return endOf(m, m[0]);
    });
    if (matches.length > 0) spans = unionOf(spans, matches);
  }
  return spans;
};
