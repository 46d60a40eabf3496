// What redaction hides, as spans of the text as written. Shapes are found by passes that
// each read the text the passes before them left (a `[REDACTED]` there is no value to
// hide again), but what they hide is kept in the original's terms, so it can be joined
// with the known secrets found on the same original: a known secret cut out first would
// break the shape around it and leave the rest of the credential readable. Pure.

import type { Span } from './text-scan';

const inOrder = (spans: readonly Span[]): boolean => spans.every((s, i) => i === 0 || s.start >= (spans[i - 1] as Span).end);

/** Sorted, disjoint spans: the union of both, spans that overlap made one (touching ones stay two). */
export function unionOf(a: readonly Span[], b: readonly Span[]): Span[] {
  // Most texts hide nothing, or find spans in only one of the two, already in order.
  if (b.length === 0 && inOrder(a)) return [...a];
  if (a.length === 0 && inOrder(b)) return [...b];
  const all = [...a, ...b].sort((x, y) => x.start - y.start || y.end - x.end);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The text with each of the sorted, disjoint spans replaced by what `by` makes of it. */
export function hideSpans(text: string, spans: readonly Span[], by: (hidden: string) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + by(text.slice(s.start, s.end));
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Spans found in the redacted text (`hidden` replaced by `marker` each) in terms of the
 * original: a span that starts or ends inside a marker takes in all it hid.
 */
export function inOriginal(found: readonly Span[], hidden: readonly Span[], marker: string): Span[] {
  // Each hidden span's place in the redacted text, and the shift of what follows it.
  const places: { start: number; end: number; was: Span; shift: number }[] = [];
  let shift = 0;
  for (const h of hidden) {
    const start = h.start + shift;
    shift += marker.length - (h.end - h.start);
    places.push({ start, end: start + marker.length, was: h, shift });
  }
  const toOriginal = (p: number, side: 'start' | 'end'): number => {
    // The last marker that starts before p (a search: many spans must not cost their square).
    let lo = 0;
    let hi = places.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((places[mid] as { start: number }).start < p) lo = mid + 1;
      else hi = mid;
    }
    const place = places[lo - 1];
    if (!place) return p;
    if (p < place.end) return side === 'start' ? place.was.start : place.was.end;
    return p - place.shift;
  };
  return found.map((s) => ({ start: toOriginal(s.start, 'start'), end: toOriginal(s.end, 'end') }));
}

/** Each match of a global pattern, in order, and the span it hides (or none). */
export function spansOf(text: string, pattern: RegExp, pick: (m: RegExpExecArray) => Span | undefined): Span[] {
  const out: Span[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex++;
    const span = pick(m);
    if (span) out.push(span);
  }
  return out;
}

/** The span of `value`, the last part of match `m`. */
export const endOf = (m: RegExpExecArray, value: string): Span => ({ start: m.index + m[0].length - value.length, end: m.index + m[0].length });

// Terminal escapes: CSI (colours, `\e[K`), OSC (a title, a link) and the two-character
// ones; and a colour as a command writes it (`printf '\033[1m'`, `echo -e '\e[0m'`).
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)|[@-Z\\-_])|\\(?:033|e|E|x1[bB]|u001[bB])\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const ANY_ESCAPE = /\x1b|\\(?:033|e|E|x1[bB]|u001[bB])\[/;

/** Where the text's terminal escapes are (none in the usual text, which holds none). */
export function escapeSpans(text: string): Span[] {
  if (!ANY_ESCAPE.test(text)) return [];
  return spansOf(text, ESCAPE, (m) => endOf(m, m[0]));
}
