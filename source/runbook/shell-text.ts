// Just enough shell lexing for the dialect rules: where comments are, where quotes are,
// where one simple command ends. Not a shell parser; it never needs to run anything.

/** The text with `# …` comments blanked (same length, line breaks kept), quotes respected. */
export function stripShellComments(text: string): string {
  const out = text.split('');
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /[\s;|&()]/.test(text[i - 1] ?? ''))) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      for (let k = i; k < end; k++) out[k] = ' ';
      i = end - 1;
    }
  }
  return out.join('');
}

/** Where each character stands: outside quotes, or inside single or double quotes. */
export function quoteStates(text: string): Array<'' | "'" | '"'> {
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

/** True when a quote opened in the text is still open at its end (the command goes on). */
export function endsInsideQuotes(text: string): boolean {
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
    if (start < 0 && quote === '' && depth === 0 && !/[\s;|&]/.test(c)) start = i;
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
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
      else word += c;
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
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand(text.length);
  return commands;
}
