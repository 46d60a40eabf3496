// Does a step's text parse as shell? The pure judge of the dialect: a tokenizer and the
// grammar of bash's compound commands, enough to refuse what bash would refuse (an empty
// `( )` subshell, "```" pasted into a command, a quote that never closes, a `then` with no
// `if`, a pipe into nothing). It errs towards "parses": `check` asks `bash -n` as well
// (commands/shell-judge.ts), which is the last word where bash is at hand.

import { REDIRECTIONS, tokenize, Unparsable, type Token } from './shell-tokens';

export interface SyntaxError {
  /** 1-based line within the text. */
  line: number;
  message: string;
}

type Frame = { kind: 'if' | 'then' | 'else' | 'loop' | 'do' | 'case' | 'brace' | 'subshell'; line: number };

const CLOSERS: Record<string, Frame['kind'][]> = { then: ['if'], elif: ['then'], else: ['then'], fi: ['then', 'else'], do: ['loop'], done: ['do'], esac: ['case'], '}': ['brace'] };
const OPENERS: Record<string, string> = { if: 'fi', then: 'fi', else: 'fi', loop: 'done', do: 'done', case: 'esac', brace: '}', subshell: ')' };

/** The first place bash would refuse the text, or null when it parses. */
export function shellSyntaxError(text: string): SyntaxError | null {
  try {
    check(tokenize(text));
    return null;
  } catch (error) {
    if (error instanceof Unparsable) return { line: error.line, message: error.message };
    throw error;
  }
}

function check(tokens: Token[]): void {
  const stack: Frame[] = [];
  let commandStart = true;
  /** After `&&`, `||`, `|`: line ends are skipped, and the input must not end. */
  let needsCommand: Token | null = null;
  let words = 0;
  /** In a case body, before a pattern's `)`. */
  let pattern = false;
  const unexpected = (t: Token): never => {
    throw new Unparsable(t.line, `unexpected ${t.kind === 'newline' ? 'end of line' : `\`${t.text}\``}`);
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const top = stack.at(-1);
    if (pattern) {
      if (t.kind === 'word' && t.text === 'esac' && top?.kind === 'case') {
        stack.pop();
        pattern = false;
        commandStart = false;
        words = 1;
      } else if (t.kind === 'op' && t.text === ')') {
        pattern = false;
        commandStart = true;
        words = 0;
      } else if (t.kind === 'op' && t.text !== '(' && t.text !== '|') return unexpected(t);
      continue;
    }
    if (t.kind === 'newline') {
      if (!needsCommand) commandStart = true;
      words = 0;
      continue;
    }
    if (t.kind === 'op') {
      if (REDIRECTIONS.has(t.text)) {
        const target = tokens[k + 1];
        if (!target || target.kind !== 'word') return unexpected(target ?? { kind: 'newline', line: t.line });
        k++;
        words++;
        commandStart = false;
        continue;
      }
      if (t.text === '(') {
        // `name ()`: a function definition; `( … )` at the start of a command: a subshell.
        if (words === 1 && tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as Token & { text: string }).text === ')') {
          k++;
          commandStart = true;
          words = 0;
          continue;
        }
        if (!commandStart) return unexpected(t);
        const next = tokens[k + 1];
        if (next?.kind === 'op' && next.text === ')') return unexpected(next);
        stack.push({ kind: 'subshell', line: t.line });
        needsCommand = null;
        continue;
      }
      if (t.text === ')') {
        if (top?.kind !== 'subshell' || commandStart || needsCommand) return unexpected(t);
        stack.pop();
        commandStart = false;
        words = 1;
        continue;
      }
      if (t.text === ';;' || t.text === ';&' || t.text === ';;&') {
        if (top?.kind !== 'case') return unexpected(t);
        pattern = true;
        commandStart = true;
        words = 0;
        continue;
      }
      // `;`, `&`, `&&`, `||`, `|`, `|&`: each ends a command, so one must stand before it.
      if (commandStart || needsCommand) return unexpected(t);
      commandStart = true;
      words = 0;
      if (t.text !== ';' && t.text !== '&') needsCommand = t;
      continue;
    }
    // A word.
    needsCommand = null;
    if (commandStart) {
      const closes = CLOSERS[t.text];
      if (closes) {
        if (!top || !closes.includes(top.kind)) return unexpected(t);
        stack.pop();
        if (t.text === 'then' || t.text === 'elif' || t.text === 'else' || t.text === 'do') {
          stack.push({ kind: t.text === 'do' ? 'do' : t.text === 'elif' ? 'if' : t.text === 'then' ? 'then' : 'else', line: t.line });
          continue;
        }
        commandStart = false;
        words = 1;
        continue;
      }
      if (t.text === 'if') {
        stack.push({ kind: 'if', line: t.line });
        continue;
      }
      if (t.text === 'while' || t.text === 'until') {
        stack.push({ kind: 'loop', line: t.line });
        continue;
      }
      if (t.text === 'for' || t.text === 'select') {
        stack.push({ kind: 'loop', line: t.line });
        // The header (`i in a b;`, `((i = 0; i < 3; i++))`) runs up to `do`.
        while (k + 1 < tokens.length && !(tokens[k + 1]?.kind === 'word' && (tokens[k + 1] as { text: string }).text === 'do')) k++;
        continue;
      }
      if (t.text === 'case') {
        stack.push({ kind: 'case', line: t.line });
        // `case WORD in`, then patterns.
        while (k + 1 < tokens.length && !(tokens[k + 1]?.kind === 'word' && (tokens[k + 1] as { text: string }).text === 'in')) k++;
        k++;
        pattern = true;
        continue;
      }
      if (t.text === 'function') {
        // `function name [()]`, then its body.
        k++;
        if (tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as { text: string }).text === '(' && tokens[k + 2]?.kind === 'op' && (tokens[k + 2] as { text: string }).text === ')') k += 2;
        continue;
      }
      if (t.text === '{') {
        stack.push({ kind: 'brace', line: t.line });
        continue;
      }
      if (t.text === '!' || t.text === 'time') continue;
      if (t.text === '[[') {
        while (k + 1 < tokens.length && !(tokens[k + 1]?.kind === 'word' && (tokens[k + 1] as { text: string }).text === ']]')) k++;
        k++;
      }
    }
    commandStart = false;
    words++;
  }
  if (needsCommand) throw new Unparsable(needsCommand.line, `\`${needsCommand.text}\` leads into nothing`);
  const open = stack.at(-1);
  if (open) throw new Unparsable(open.line, `\`${open.kind === 'loop' ? 'for/while' : open.kind === 'then' || open.kind === 'else' ? 'if' : open.kind === 'brace' ? '{' : open.kind === 'subshell' ? '(' : open.kind}\` is never closed with \`${OPENERS[open.kind] ?? ''}\``);
}
