// Reading shell text line by line: where a command ends (`\` continuations, quotes that
// span lines), which lines are comments, expectations or `[ ]` checkboxes, and which are a
// heredoc's body.

import { outsideQuotes, stripShellComments } from './shell-text';
import type { Span } from './text-scan';

export interface SourceLine {
  text: string;
  line: number;
}

/**
 * A shell prompt in a transcript: `$ `, or a full one (`deploy@app-1:~/live$ `,
 * `[root@db-1 data]# `, `root@db-1:~# `). A bare `# ` is a comment, never a prompt.
 */
export const PROMPT = /^\s*(?:\$|[\w.-]+@[\w.-]+:[^\s$#]*[$#]|\[[\w.-]+@[\w.-]+[^\]]*\][$#]|[\w.-]+@[\w.-]+[$#])\s+(\S.*)$/;

export function sourceLines(text: string, firstLine: number): SourceLine[] {
  return text.split('\n').map((t, i) => ({ text: t.replace(/\r$/, ''), line: firstLine + i }));
}

// `[ ] cmd`, also written as a list item: `- [ ] cmd`.
const CHECKBOX = /^\s*(?:[-*+]\s+)?\[[ xX]\]\s?/;

export function isCheckboxLine(text: string): boolean {
  return CHECKBOX.test(text) && withoutCheckbox(text) !== '';
}

export function withoutCheckbox(text: string): string {
  return text.replace(CHECKBOX, '').trim();
}

export function isComment(text: string): boolean {
  return /^\s*#/.test(text) && !/^\s*#!/.test(text);
}

export function commentText(text: string): string {
  return text.replace(/^\s*#+\s?/, '').trim();
}

/** `# Expected: …` / `# Verify: …` → the word and what follows it. */
export function expectationComment(text: string): { word: 'expected' | 'verify'; rest: string } | null {
  const m = /^\s*#+\s*(expected|verify)\s*:\s*(.*)$/i.exec(text);
  if (!m) return null;
  return { word: (m[1] ?? '').toLowerCase() === 'verify' ? 'verify' : 'expected', rest: (m[2] ?? '').trim() };
}

/** The quote still open at the end of `text`, if any (`#` comments and `\` escapes respected). */
export function openQuote(text: string): '"' | "'" | null {
  if (!text.includes('"') && !text.includes("'")) return null;
  return quoteAfter(text, null);
}

/**
 * The quote open at the end of `text` when `quote` was open at its start: a command of
 * many lines is read a line at a time, each line once.
 */
function quoteAfter(text: string, open: '"' | "'" | null): '"' | "'" | null {
  let quote = open;
  // From one character that matters to the next: a quote, an escape, a comment.
  let i = 0;
  while (i < text.length) {
    if (quote === "'") {
      const close = text.indexOf("'", i);
      if (close < 0) break;
      quote = null;
      i = close + 1;
      continue;
    }
    const at = nextOf(quote === '"' ? IN_DOUBLE_QUOTES : OUTSIDE_QUOTES, text, i);
    if (at < 0) break;
    const c = text[at];
    if (c === '\\') i = at + 2;
    else if (quote === '"') {
      quote = null;
      i = at + 1;
    } else if (c === '"' || c === "'") {
      quote = c;
      i = at + 1;
    } else if (at === 0 || /\s/.test(text[at - 1] ?? '')) {
      const eol = text.indexOf('\n', at);
      if (eol < 0) break;
      i = eol + 1;
    } else i = at + 1;
  }
  return quote;
}

const OUTSIDE_QUOTES = /["'\\#]/g;
const IN_DOUBLE_QUOTES = /["\\]/g;
const SEGMENT_SIGNS = /["'#&|;\n]/g;

/** Where the next match of a global pattern starts at or after `from`; -1 if none. */
function nextOf(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/** Whether the text ends in `\` (then only whitespace): null when it is all whitespace, and says nothing. */
function endsInBackslash(text: string): boolean | null {
  let i = text.length - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  return i < 0 ? null : text[i] === '\\';
}

/**
 * The command that starts at lines[start] (its first line's text given, checkbox removed):
 * follows `\` continuations and quotes that span lines. `complete` is false when a quote
 * never closes before the end of the fence; the command is then its first line alone.
 * Each line is read once, the quote open at its end carried to the next: a command of
 * 60,000 lines was read whole again for every line it grew by.
 */
export function commandAt(lines: SourceLine[], start: number, first: string): { text: string; next: number; complete: boolean } {
  const parts = [first];
  let quote = quoteAfter(first, null);
  let backslash = endsInBackslash(first) ?? false;
  let i = start + 1;
  while ((backslash || quote !== null) && i < lines.length) {
    const line = lines[i]?.text ?? '';
    parts.push(line);
    // The newline before the line is whitespace: a comment may start at its first character.
    quote = quoteAfter(line, quote);
    backslash = endsInBackslash(line) ?? backslash;
    i++;
  }
  if (quote !== null) return { text: first, next: start + 1, complete: false };
  return { text: parts.join('\n').replace(/\s+$/, ''), next: i, complete: true };
}

/** The last command of a script, continuations joined: what decides its exit status. */
export function lastCommand(script: string): string {
  const lines = sourceLines(script, 1);
  const commands: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const text = lines[i]?.text ?? '';
    if (text.trim() === '' || isComment(text)) {
      i++;
      continue;
    }
    const cmd = commandAt(lines, i, text);
    commands.push(cmd.text);
    i = cmd.next;
  }
  return commands.at(-1) ?? '';
}

/** Splits a command on `|`, `&&`, `||`, `;` outside quotes. */
export function pipelineSegments(command: string): { text: string; after: string }[] {
  const out: { text: string; after: string }[] = [];
  let quote: string | null = null;
  // The segment is `current` and then the text from `from` on (a comment is left out).
  let current = '';
  let from = 0;
  const flat = command.includes('\\\n') ? command.replace(/\\\n/g, ' ') : command;
  const end = (at: number, after: string, next: number) => {
    out.push({ text: current + flat.slice(from, at), after });
    current = '';
    from = next;
  };
  // From one character that matters to the next: a quote, a comment, a separator.
  let i = 0;
  while (i < flat.length) {
    if (quote === "'") {
      const close = flat.indexOf("'", i);
      if (close < 0) break;
      quote = null;
      i = close + 1;
      continue;
    }
    const at = nextOf(quote === '"' ? IN_DOUBLE_QUOTES : SEGMENT_SIGNS, flat, i);
    if (at < 0) break;
    const c = flat[at] ?? '';
    i = at + 1;
    if (quote === '"') {
      if (c === '\\') i = at + 2;
      else quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      if (at > 0 && !/\s/.test(flat[at - 1] ?? '')) continue;
      current += flat.slice(from, at);
      const eol = flat.indexOf('\n', at);
      from = eol < 0 ? flat.length : eol;
      if (eol < 0) break;
      i = eol;
    } else if ((c === '&' || c === '|') && flat[at + 1] === c) {
      end(at, c + c, at + 2);
      i = at + 2;
    } else if (c !== '&') end(at, c, at + 1);
  }
  out.push({ text: current + flat.slice(from), after: '' });
  return out.filter((s) => s.text.trim() !== '');
}

/** The program a pipeline segment runs: env assignments, `sudo`, `env`, `time` skipped. */
export function programOf(segment: string): string | null {
  const words = segment.trim().split(/\s+/);
  let i = 0;
  while (i < words.length) {
    const w = words[i] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w === 'sudo' || w === 'env' || w === 'time' || w === 'nohup' || w === 'exec' || w === '!') {
      i++;
      // `sudo -u postgres psql`: skip sudo's own options and their values.
      while (w === 'sudo' && /^-/.test(words[i] ?? '')) i += /^-[ugCDhprtT]$/.test(words[i] ?? '') ? 2 : 1;
      continue;
    }
    break;
  }
  const w = words[i];
  if (!w) return null;
  return w.replace(/^[({]+/, '') || null;
}

/** Where `((` … `))` stand in a line (arithmetic), in order; one left open runs to its end. */
function arithmetic(bare: string): Span[] {
  const out: Span[] = [];
  for (let open = bare.indexOf('(('); open !== -1; ) {
    const close = bare.indexOf('))', open + 2);
    const end = close === -1 ? bare.length : close + 2;
    out.push({ start: open, end });
    open = bare.indexOf('((', end);
  }
  return out;
}

/** `<<WORD`, `<<-WORD`, `<<'WORD'`, `<< "WORD"` at a `<<` (a `<<<` here-string is not one). */
const HEREDOC_AT = /<<-?[ \t]*(['"]?)([A-Za-z0-9_.-]+)\1/y;

/**
 * The words that end the heredoc bodies one line asks for, in order. Found outside quotes
 * and comments (`echo "a << b"`, `# cat <<EOF` ask for none), and not in `$((1 << 2))`.
 */
export function heredocsAskedOn(line: string): string[] {
  if (!line.includes('<<')) return [];
  // Read from the line as written (both keep its length).
  const bare = outsideQuotes(stripShellComments(line), ' ');
  const shifts = arithmetic(bare);
  const out: string[] = [];
  let s = 0;
  for (let at = bare.indexOf('<<'); at !== -1; at = bare.indexOf('<<', at + 2)) {
    if (bare[at - 1] === '<' || bare[at + 2] === '<') continue;
    while (s < shifts.length && (shifts[s] as Span).end <= at) s++;
    if (s < shifts.length && (shifts[s] as Span).start < at) continue;
    HEREDOC_AT.lastIndex = at;
    const m = HEREDOC_AT.exec(line);
    if (m?.[2]) out.push(m[2]);
  }
  return out;
}

/**
 * The script with each heredoc's body left out, the line asking for it kept: a body is data
 * (a script written to a file, SQL handed to a client), not commands this script runs.
 */
export function withoutHeredocBodies(script: string): string {
  if (!script.includes('<<')) return script;
  const kept: string[] = [];
  // The words that end the bodies asked for, in order (a line of its own, indented or not).
  const bodies: string[] = [];
  for (const line of script.split('\n')) {
    if (bodies.length > 0) {
      if (line.trim() === bodies[0]) bodies.shift();
      continue;
    }
    kept.push(line);
    bodies.push(...heredocsAskedOn(line));
  }
  return kept.join('\n');
}
