// Just enough shell lexing for the dialect rules: where comments are, where quotes are,
// where one simple command ends. Not a shell parser; it never needs to run anything.
// These run on every command of a runbook, mostly cold (in V8's interpreter) on a first
// `check`: text without a `#` or a quote takes the short way, and runs of plain characters
// are taken a slice at a time rather than a character at a time.

const QUOTE = /['"]/;

/** `\s` as a regular expression reads it, without running one for plain ASCII. */
export function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  return code === 32 || (code >= 9 && code <= 13) || (code >= 128 && /\s/.test(c));
}

const OUTSIDE_QUOTES = /["'\\#]/g;
const IN_DOUBLE_QUOTES = /["\\]/g;

/** The text with `# …` comments blanked (same length, line breaks kept), quotes respected. */
export function stripShellComments(text: string): string {
  if (!text.includes('#')) return text;
  let out = '';
  let kept = 0;
  let quote: '' | "'" | '"' = '';
  // From one character that matters to the next: a quote, an escape, a `#`.
  let i = 0;
  while (i < text.length) {
    if (quote === "'") {
      const close = text.indexOf("'", i);
      if (close < 0) break;
      quote = '';
      i = close + 1;
      continue;
    }
    const pattern: RegExp = quote === '"' ? IN_DOUBLE_QUOTES : OUTSIDE_QUOTES;
    pattern.lastIndex = i;
    const at: number = pattern.exec(text)?.index ?? -1;
    if (at < 0) break;
    const c: string | undefined = text[at];
    i = at + 1;
    if (c === '\\') i = at + 2;
    else if (quote === '"') quote = '';
    else if (c === "'" || c === '"') quote = c;
    else if (at === 0 || /[\s;|&()]/.test(text[at - 1] ?? '')) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      out += text.slice(kept, at) + ' '.repeat(end - at);
      kept = end;
      i = end;
    }
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** Outside quotes, or inside single or double quotes. */
export type QuoteState = '' | "'" | '"';

/** Where each character stands: outside quotes, or inside single or double quotes. */
export function quoteStates(text: string): QuoteState[] {
  if (!QUOTE.test(text)) return new Array<'' | "'" | '"'>(text.length).fill('');
  const states: Array<'' | "'" | '"'> = [];
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      states.push(quote);
      if (c === "'") quote = '';
    } else if (c === '\\' && i + 1 < text.length) {
      states.push(quote, quote);
      i++;
    } else if (quote === '"') {
      states.push(quote);
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
      states.push(quote);
    } else states.push('');
  }
  return states;
}

/** The text with every character inside quotes (the quotes too) replaced by `by`: a space, or nothing. */
export function outsideQuotes(text: string, by: ' ' | ''): string {
  if (!QUOTE.test(text)) return text;
  const states = quoteStates(text);
  let out = '';
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    if (states[i] === '') continue;
    out += text.slice(kept, i) + by;
    kept = i + 1;
  }
  return out + text.slice(kept);
}

/** True when a quote opened in the text is still open at its end (the command goes on). */
export function endsInsideQuotes(text: string): boolean {
  if (!QUOTE.test(text)) return false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') i++;
    else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') quote = c;
  }
  return quote !== '';
}

/** One simple command: its words with quotes removed (a quoted argument stays one word). */
export interface SimpleCommand {
  words: string[];
  /** Where it stands in the text: from its first character to the separator that ends it. */
  start: number;
  end: number;
}

/** Where a run of characters that are only ever part of a word ends, from `i`. */
function plainRunEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text[j] as string;
    if (c === '\\' || c === "'" || c === '"' || c === '$' || c === '&' || c === '\n' || c === ';' || c === '|' || isSpace(c)) break;
    j++;
  }
  return j;
}

/** Where a run inside double quotes ends, from `i`: at the closing quote or a backslash. */
function doubleQuotedRunEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '"' && text[j] !== '\\') j++;
  return j;
}

/**
 * Splits (comment-free) shell text into simple commands on unquoted line breaks (unless
 * continued with `\`), `;`, `|`, `||`, `&&` and `&`. `$( … )` and backticks stay inside
 * the word they belong to.
 */
export function simpleCommands(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  let depth = 0; // inside $( … ) or ` … `
  let start = -1;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (end: number) => {
    endWord();
    if (words.length > 0) commands.push({ words, start: Math.max(0, start), end });
    words = [];
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (start < 0 && quote === '' && depth === 0 && c !== ';' && c !== '|' && c !== '&' && !isSpace(c)) start = i;
    if (quote === "'") {
      if (c === "'") quote = '';
      else {
        const close = text.indexOf("'", i);
        const end = close < 0 ? text.length : close;
        word += text.slice(i, end);
        i = end - 1;
      }
    } else if (c === '\\') {
      const n = text[i + 1] ?? '';
      if (n === '\n') i++; // line continuation
      else {
        word += n;
        inWord = true;
        i++;
      }
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else {
        const end = doubleQuotedRunEnd(text, i);
        word += text.slice(i, end);
        i = end - 1;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '$' && text[i + 1] === '(') {
      depth++;
      word += '$(';
      inWord = true;
      i++;
    } else if (depth > 0 && c === ')') {
      depth--;
      word += c;
    } else if (depth > 0) {
      word += c;
    } else if (c === '&' && (text[i - 1] === '>' || text[i - 1] === '<' || text[i + 1] === '>')) {
      word += c; // 2>&1, &>file: a redirection, not a separator
      inWord = true;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') {
      endCommand(i);
    } else if (isSpace(c)) {
      endWord();
    } else {
      const end = Math.max(i + 1, plainRunEnd(text, i));
      word += text.slice(i, end);
      inWord = true;
      i = end - 1;
    }
  }
  endCommand(text.length);
  return commands;
}
