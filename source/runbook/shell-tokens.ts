// Shell text as bash's lexer sees it: words (quotes, `$( … )`, `${ … }`, `<( … )` kept
// whole), operators and line ends, heredoc bodies skipped. Only what shell-syntax.ts needs to
// judge whether the text parses; it never runs anything.

export type Token = { kind: 'word'; text: string; line: number } | { kind: 'op'; text: string; line: number } | { kind: 'newline'; line: number };

export class Unparsable extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '|&', '&>>', '&>', '<<<', '<<-', '<<', '<>', '>>', '>|', '>&', '<&', '|', '&', ';', '(', ')', '<', '>'];
export const REDIRECTIONS = new Set(['&>>', '&>', '<<<', '<<-', '<<', '<>', '>>', '>|', '>&', '<&', '<', '>']);
// Bash's blanks only (the ones the tokenizer skips): a BOM, NBSP or form feed is part of a
// word, never a separator the loop below would stand still on.
const META = /[ \t\r\n;&|()<>]/;
/** What a word is made of up to its next quote, escape, `$`, parenthesis or separator. */
const PLAIN_RUN = /[^\\'"`$( \t\r\n;&|)<>]+/y;
/** Every operator starts with one of these. */
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));

/** Splits shell text into words, operators and line ends; heredoc bodies are skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const heredocs: { end: string; strip: boolean }[] = [];
  let i = 0;
  let line = 1;
  const fail = (at: number, message: string): never => {
    throw new Unparsable(at, message);
  };

  /** Reads from `open` (just past its opening) to the matching `close`, quotes respected. */
  const balanced = (close: string, openLine: number, what: string): string => {
    let depth = 1;
    let out = '';
    const opener = close === ')' ? '(' : close === '}' ? '{' : close === ']' ? '[' : '';
    while (i < text.length) {
      const c = text[i] ?? '';
      if (c === '\\') {
        out += c + (text[i + 1] ?? '');
        if (text[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') {
        out += quoted(c);
        continue;
      }
      if (c === '\n') line++;
      if (c === opener) depth++;
      if (c === close && --depth === 0) {
        i++;
        return out;
      }
      out += c;
      i++;
    }
    return fail(openLine, `\`${what}\` never closes`);
  };

  /** A quoted span starting at text[i]; returns it whole. */
  const quoted = (q: string): string => {
    const start = i;
    const openLine = line;
    i++;
    while (i < text.length) {
      const c = text[i] ?? '';
      if (c === '\n') line++;
      if (q !== "'" && c === '\\') {
        if (text[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (q === '"' && c === '$' && text[i + 1] === '(') {
        i += 2;
        balanced(')', line, '$(');
        continue;
      }
      if (q === '"' && c === '`') {
        quoted('`');
        continue;
      }
      i++;
      if (c === q) return text.slice(start, i);
    }
    return fail(openLine, `${q === '`' ? 'backquote' : 'quote'} ${q} never closes`);
  };

  const word = (): string => {
    let out = '';
    while (i < text.length) {
      // Plain characters, as many as stand together, in one step.
      PLAIN_RUN.lastIndex = i;
      const run = PLAIN_RUN.exec(text)?.[0];
      if (run) {
        out += run;
        i += run.length;
        continue;
      }
      const c = text[i] ?? '';
      if (c === '\\') {
        if (text[i + 1] === '\n') {
          line++;
          i += 2;
          continue;
        }
        out += c + (text[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') {
        out += quoted(c);
        continue;
      }
      if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{' || text[i + 1] === '[')) {
        const open = text[i + 1] ?? '';
        const openLine = line;
        i += 2;
        out += `$${open}${balanced(open === '(' ? ')' : open === '{' ? '}' : ']', openLine, `$${open}`)}`;
        continue;
      }
      // `a=(1 2)` arrays, `<(cmd)` process substitution: the parentheses belong to the word.
      if (c === '(' && (out.endsWith('=') || out === '<' || out === '>' || out.endsWith('@') || out.endsWith('?') || out.endsWith('*') || out.endsWith('+') || out.endsWith('!'))) {
        const openLine = line;
        i++;
        out += `(${balanced(')', openLine, '(')})`;
        continue;
      }
      if (META.test(c)) break;
      out += c;
      i++;
    }
    return out;
  };

  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      line++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\n') {
      tokens.push({ kind: 'newline', line });
      i++;
      line++;
      // Heredoc bodies follow the line that asked for them.
      for (const doc of heredocs.splice(0)) {
        while (i < text.length) {
          const eol = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
          const body = text.slice(i, eol);
          i = eol + 1;
          line++;
          if ((doc.strip ? body.replace(/^\t+/, '') : body) === doc.end) break;
        }
      }
    } else if ((c === '<' || c === '>') && text[i + 1] === '(') {
      // `<(cmd)`: process substitution, one word with what follows it.
      const openLine = line;
      i += 2;
      const inner = balanced(')', openLine, `${c}(`);
      tokens.push({ kind: 'word', text: `${c}(${inner})${word()}`, line: openLine });
    } else if (c === '(' && text[i + 1] === '(' && atCommandStart(tokens)) {
      // `(( i++ ))`: arithmetic, one word.
      const openLine = line;
      i += 2;
      tokens.push({ kind: 'word', text: `((${balanced(')', openLine, '((')})`, line: openLine });
      if (text[i] === ')') i++;
    } else {
      const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (op) {
        tokens.push({ kind: 'op', text: op, line });
        i += op.length;
        if (op === '<<' || op === '<<-') {
          while (text[i] === ' ' || text[i] === '\t') i++;
          const delimiter = word();
          if (delimiter !== '') heredocs.push({ end: delimiter.replace(/['"\\]/g, ''), strip: op === '<<-' });
          tokens.push({ kind: 'word', text: delimiter, line });
        }
      } else {
        const at = line;
        const w = word();
        // `2>file`: the descriptor belongs to the redirection.
        if (/^\d+$/.test(w) && (text[i] === '<' || text[i] === '>')) continue;
        tokens.push({ kind: 'word', text: w, line: at });
      }
    }
  }
  return tokens;
}

function atCommandStart(tokens: Token[]): boolean {
  const last = tokens.at(-1);
  return last === undefined || last.kind === 'newline' || (last.kind === 'op' && !REDIRECTIONS.has(last.text) && last.text !== ')');
}

