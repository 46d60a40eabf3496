// Quick answers the build puts in front of the terminal-text packages Ink uses (build.mjs):
// which characters need neither Intl.Segmenter nor string-width's tables, asked at build
// time of this Node's ICU and of the package itself, one character at a time. The run
// screen's text is ASCII and a few dozen symbols (box drawing, arrows, bullets, dashes);
// anything else still goes to the package, so every answer is the package's own.

export const QUICK_FROM = 0xa0;
export const QUICK_TO = 0x2bff;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const count = (text) => [...graphemes.segment(text)].length;

/**
 * A grapheme of its own, and next to any other such character too: no mark, format or
 * control character, nothing that joins the character before it (a spacing mark) or after
 * it (a prepended one), nothing that joins itself (Hangul vowels and finals).
 */
function alone(c) {
  return !/[\p{Cn}\p{Cc}\p{Cf}\p{M}\p{Zl}\p{Zp}\p{Cs}]/u.test(c) && count(`a${c}a`) === 3 && count(`${c}${c}`) === 2;
}

/** The characters from printable ASCII up to QUICK_TO that pass `test`, as the inside of a regular expression's class. */
function characterClass(test, extra = []) {
  const ranges = extra.map((code) => [code, code]);
  for (let code = 0x20; code <= QUICK_TO; code++) {
    if (code > 0x7e && code < QUICK_FROM) continue;
    if (!test(String.fromCharCode(code))) continue;
    const last = ranges.at(-1);
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  const hex = (n) => `\\u${n.toString(16).padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

/** Characters a text made only of which is as wide as it is long, by this copy of string-width. */
export function narrowClass(stringWidth) {
  return characterClass((c) => alone(c) && stringWidth(c) === 1 && stringWidth(`a${c}a`) === 3);
}

/** Characters a text made only of which is cut into graphemes one character at a time; ESC and BEL (escape sequences) too, as controls stand alone. */
export function graphemeAloneClass() {
  return characterClass(alone, [0x07, 0x1b]);
}

/** The source of `quickGraphemeSegmenter()`: Intl.Segmenter's `segment()`, with the quick cut in front of it. */
export function quickGraphemeSegmenterSource(aloneClass) {
  return `function quickGraphemeSegmenter() {
  const alone = /^[${aloneClass}]*$/;
  let icu;
  return {
    segment(input) {
      if (!alone.test(input)) return (icu ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(input);
      const at = (index) => ({ segment: input[index], index, input });
      return {
        containing: (index) => (index >= 0 && index < input.length ? at(Math.trunc(index)) : undefined),
        *[Symbol.iterator]() {
          for (let index = 0; index < input.length; index++) yield at(index);
        },
      };
    },
  };
}
`;
}
