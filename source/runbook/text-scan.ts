// Reading shell-ish words out of a line, in linear time over a whole text: redaction runs
// on megabytes of output, so every search for a closing quote or a line end remembers
// where it landed, and no position is scanned twice for the same thing.

const WORD_END = new Set([' ', '\t', '\r', '\n', '"', "'", '`', ';', '&', '|', '<', '>', '(', ')']);

export interface Span {
  start: number;
  end: number;
}

/** A value read at a position: its span in the text and what it means once unquoted. */
export interface Value extends Span {
  /** The span inside the quotes (the whole span when unquoted). */
  inner: Span;
  quoted: boolean;
  /** In bash's $'…': its backslash escapes mean characters (`\t` a tab). */
  ansiC?: true;
}

const isAlnum = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

export class TextScan {
  private lineStart = -1;
  private lineEndAt = -1;
  private readonly searches = new Map<string, { from: number; found: number }>();

  constructor(readonly text: string) {}

  /** The index of the newline ending the line that holds `i` (or the text's length). */
  lineEnd(i: number): number {
    if (i >= this.lineStart && i <= this.lineEndAt) return this.lineEndAt;
    const end = this.text.indexOf('\n', i);
    this.lineStart = i;
    this.lineEndAt = end === -1 ? this.text.length : end;
    return this.lineEndAt;
  }

  /**
   * What stands before `i` on its line: whether a letter or digit does (a `[x]` checkbox
   * aside), which quotes are open there (`echo "password = x"` is inside "…"), and how
   * many braces (`env: { DB_PASSWORD: x, … }` is an entry of a flow map).
   * Amortised linear over increasing `i`.
   */
  before(i: number): { word: boolean; open: string; braces: number } {
    const { text } = this;
    if (i < this.ctx.at) this.ctx = { at: 0, word: false, dq: false, sq: false, bt: false, braces: 0 };
    const ctx = this.ctx;
    for (; ctx.at < i; ctx.at++) {
      const code = text.charCodeAt(ctx.at);
      if (code === 10) {
        ctx.word = ctx.dq = ctx.sq = ctx.bt = false;
        ctx.braces = 0;
      } else if (code === 123 && !ctx.dq && !ctx.sq) {
        ctx.braces++;
      } else if (code === 125 && !ctx.dq && !ctx.sq && ctx.braces > 0) {
        ctx.braces--;
      } else if (code === 34) {
        ctx.dq = !ctx.dq;
      } else if (code === 39) {
        ctx.sq = !ctx.sq;
      } else if (code === 96) {
        ctx.bt = !ctx.bt;
      } else if (!ctx.word && isAlnum(code) && !((code === 120 || code === 88) && text[ctx.at - 1] === '[' && text[ctx.at + 1] === ']')) {
        ctx.word = true;
      }
    }
    return { word: ctx.word, open: `${ctx.dq ? '"' : ''}${ctx.sq ? "'" : ''}${ctx.bt ? '`' : ''}`, braces: ctx.braces };
  }

  private ctx = { at: 0, word: false, dq: false, sq: false, bt: false, braces: 0 };

  /** The line end of `i` with the line's trailing blanks left out (computed once a line). */
  trimmedLineEnd(i: number): number {
    const end = this.lineEnd(i);
    if (this.trimmedFor !== end) {
      let at = end;
      while (at > 0 && (this.text[at - 1] === ' ' || this.text[at - 1] === '\t' || this.text[at - 1] === '\r')) at--;
      this.trimmedFor = end;
      this.trimmed = at;
    }
    return this.trimmed;
  }

  private trimmedFor = -1;
  private trimmed = -1;

  /** The next `needle` at or after `from`, -1 if none; amortised linear over increasing `from`. */
  next(needle: string, from: number): number {
    const last = this.searches.get(needle);
    if (last && last.from <= from && (last.found === -1 || last.found >= from)) return last.found;
    const found = this.text.indexOf(needle, from);
    this.searches.set(needle, { from, found });
    return found;
  }

  /** The closing `needle` of a quote opened before `from`, on the same line; -1 if it is not closed. */
  closing(needle: string, from: number): number {
    const at = this.next(needle, from);
    return at !== -1 && at < this.lineEnd(from) ? at : -1;
  }

  /** An unquoted shell word from `i`: up to whitespace, a quote or an operator; `\x` escapes. */
  wordEnd(i: number): number {
    const { text } = this;
    let at = i;
    while (at < text.length) {
      const c = text[at] as string;
      if (c === '\\' && at + 1 < text.length && !WORD_END.has(text[at + 1] as string)) {
        at += 2;
        continue;
      }
      if (WORD_END.has(c)) break;
      at++;
    }
    return at;
  }

  /**
   * The value at `i`: a string in matching quotes (`"…"`, `'…'`, `$'…'`, or `\"…\"` inside a
   * quoted string), else an unquoted word, or — with `toLineEnd` — the rest of the line.
   */
  value(i: number, toLineEnd: boolean): Value | null {
    const { text } = this;
    const c = text[i];
    if (c === undefined || c === '\n') return null;
    if (c === '\\' && text[i + 1] === '"') {
      const close = this.closing('\\"', i + 2);
      if (close !== -1) return { start: i, end: close + 2, inner: { start: i + 2, end: close }, quoted: true };
    }
    // Bash's $'…' (what `declare -p` and `export -p` print for a value with a tab or a
    // line end in it; \' inside) and $"…": strings, not a reference to a variable.
    if (c === '$' && (text[i + 1] === "'" || text[i + 1] === '"')) {
      const q = text[i + 1] as string;
      let close = this.closing(q, i + 2);
      while (q === "'" && close !== -1 && text[close - 1] === '\\') close = this.closing(q, close + 1);
      if (close !== -1) return { start: i, end: close + 1, inner: { start: i + 2, end: close }, quoted: true, ...(q === "'" ? { ansiC: true as const } : {}) };
    }
    if (c === '"' || c === "'") {
      const close = this.closing(c, i + 1);
      if (close !== -1) return { start: i, end: close + 1, inner: { start: i + 1, end: close }, quoted: true };
      return this.value(i + 1, toLineEnd);
    }
    const end = toLineEnd ? Math.max(i, this.trimmedLineEnd(i)) : this.wordEnd(i);
    if (end === i) return null;
    return { start: i, end, inner: { start: i, end }, quoted: false };
  }
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

/** What the inside of bash's $'…' means: `\t`, `\n`, `\e`, `\x41`, `\101`, `\u00e4` and `\'` as the characters they stand for. */
export function ansiC(inner: string): string {
  return inner.replace(/\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|(.))/g, (m, x?: string, u?: string, bigU?: string, octal?: string, c?: string) => {
    const hex = x ?? u ?? bigU;
    if (hex !== undefined) return String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff));
    if (octal !== undefined) return String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
    return c === undefined ? m : (ANSI_C[c] ?? c);
  });
}

/** What a shell word means: quotes removed, backslash escapes resolved. */
export function unquote(word: string): string {
  if (word.length >= 2 && (word[0] === '"' || word[0] === "'") && word.at(-1) === word[0]) return word.slice(1, -1);
  return word.replace(/\\(.)/g, '$1');
}

const BLANK = /[ \t\r\n]/;
// `&user=bob` in a query string, `;Encrypt=true` in a connection string: the next setting.
const NEXT_SETTING = /^[&;][A-Za-z_][A-Za-z0-9_.-]*=/;

/**
 * Where a one-word value really ends: `env` and a `.env` file print NAME=value with its
 * symbols as they are (`DB_PASSWORD=p<ss>w|rd`, `=it's`), where a shell word would stop.
 * It runs on to the next blank, but not past what ends a command there (`x; cmd`, `x &&
 * y`, the `)` of `$(…)`), the quote it stands in (`echo "TOKEN=x" > f`) or the next setting.
 */
export function symbolsOn(text: string, end: number, open: string): number {
  let at = end;
  for (; at < text.length; at++) {
    const c = text[at] as string;
    const next = text[at + 1];
    if (BLANK.test(c) || open.includes(c)) break;
    if ((next === undefined || BLANK.test(next)) && ';|&)`'.includes(c)) break;
    if ((c === '&' || c === '|') && next === c) break;
    if ((c === '&' || c === ';') && NEXT_SETTING.test(text.slice(at, at + 64))) break;
  }
  return at;
}
