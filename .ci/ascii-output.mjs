// The bundle as pure ASCII (build.mjs). esbuild escapes the characters past ASCII in strings,
// but not in regular expressions or comments, and one such character makes Node decode the
// whole file through TextDecoder's slow path and V8 keep its source two bytes a character:
// the 1 MB Ink chunk then took ~15 ms longer to load before the first frame. Here each such
// character becomes a \uXXXX escape (one per UTF-16 unit), which means the same character
// wherever it is allowed: in a regular expression (with or without the u flag, where an
// escaped surrogate pair is the one code point), a string, a name or a comment. In a
// template's text an escape would change its raw form (String.raw, tagged templates), so one
// there stops the build rather than being changed.

import { tokenizer } from 'acorn';

/** A UTF-16 unit past ASCII (surrogates included). */
const PAST_ASCII = /[\u0080-\uffff]/;
const escape = (text) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `source` (the file `file`) with every character past ASCII escaped; throws where that could change the program. */
export function asciiOnly(source, file) {
  if (!PAST_ASCII.test(source)) return source;
  /** [start, end) of each token or comment holding a character past ASCII. */
  const spans = [];
  const holds = (start, end) => PAST_ASCII.test(source.slice(start, end));
  const onComment = (_block, _text, start, end) => {
    if (holds(start, end)) spans.push([start, end]);
  };
  for (const token of tokenizer(source, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, onComment })) {
    if (!holds(token.start, token.end)) continue;
    const kind = token.type.label;
    if (kind !== 'regexp' && kind !== 'string' && kind !== 'name' && kind !== 'privateId') {
      const line = source.slice(0, token.start).split('\n').length;
      throw new Error(`${file}:${line}: a character past ASCII in a ${kind} token, which an escape could change: the build cannot make this file ASCII`);
    }
    spans.push([token.start, token.end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += source.slice(at, start) + escape(source.slice(start, end));
    at = end;
  }
  out += source.slice(at);
  if (PAST_ASCII.test(out)) throw new Error(`${file}: characters past ASCII outside any token (a hashbang?): the build cannot make this file ASCII`);
  return out;
}
