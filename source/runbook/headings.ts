// Heading text as an operator reads it, and the anchors a Markdown host gives headings.

// A leading token made only of emoji, or of the characters an emoji turns into when its
// UTF-8 bytes were decoded as Mac Roman / Windows-1252 (`‚úÖ`, `üîê` — the Apple logo
// U+F8FF among them). CJK and other real words are never in these ranges.
const DECORATION_CHAR = /[\u0080-\u024F\u02C0-\u02FF\u0370-\u03FF\u2000-\u22FF\u2300-\u27BF\u2B00-\u2BFF\uE000-\uF8FF]|\uFE0F|\u200D|\p{Extended_Pictographic}/u;

function isDecoration(token: string): boolean {
  const chars = [...token];
  if (chars.length === 0) return false;
  if (!chars.every((c) => DECORATION_CHAR.test(c))) return false;
  // A real accented word (`Übersicht`) is letters only; mojibake mixes in symbols or is short.
  return /\p{Extended_Pictographic}|[\uE000-\uF8FF\u2000-\u22FF]/u.test(token) || chars.length <= 4;
}

/** Drops leading (and trailing) emoji or mis-decoded emoji: `‚úÖ Golden Architecture` → `Golden Architecture`. */
export function cleanTitle(raw: string): string {
  const tokens = raw.trim().split(/\s+/);
  while (tokens.length > 1 && isDecoration(tokens[0] ?? '')) tokens.shift();
  while (tokens.length > 1 && isDecoration(tokens.at(-1) ?? '')) tokens.pop();
  return tokens.join(' ');
}

/**
 * The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens.
 * Duplicates get -1, -2 from the caller.
 */
export function githubAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
