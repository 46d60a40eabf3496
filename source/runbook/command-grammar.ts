// Commands by their shape, not by a list of programs: what a command line looks like
// (a program word, then flags, paths, quotes, pipes) against what a sentence, an output row
// or a config line looks like. An unknown program is no reason to drop a line that reads as
// a command; a line that reads as a sentence is never taken for one (it would be run).

import { outsideQuotes, quoteStates, stripShellComments } from './shell-text';

// Words of an English sentence that are almost never bare arguments of a command.
const SENTENCE_WORDS = new Set([
  'the', 'an', 'to', 'with', 'of', 'is', 'are', 'be', 'should', 'must', 'that', 'this', 'then', 'before',
  'after', 'when', 'your', 'our', 'its', 'into', 'will', 'can', 'sure', 'please', 'we', 'you', 'was', 'were',
  'than', 'every', 'each', 'some', 'has', 'have', 'does', 'did', 'not',
]);

/** The text outside quotes, quotes and all between them blanked. */
function unquoted(text: string): string {
  return outsideQuotes(text, ' ');
}

/** Words of the first line, outside quotes. */
function wordsOf(text: string): string[] {
  const first = stripShellComments(text).trim().split('\n')[0] ?? '';
  return unquoted(first).trim().split(/\s+/).filter((w) => w !== '');
}

/** `kubectl`, `gitlab-psql`, `bin/gitlab-pgrepack`, `./deploy.sh`, `pg_ctl`: a word that can name a program. */
export function isProgramWord(word: string): boolean {
  if (word.includes('://')) return false;
  return /^(?:[a-z_][a-z0-9_.+-]*|\.{1,2}\/[\w.+/-]+|~\/[\w.+/-]+|\/[\w.+-]+(?:\/[\w.+-]+)+|[a-z_][\w.-]*\/[\w.+/-]+)$/.test(word) && !/[.:,]$/.test(word);
}

/** "Deploy Sprint 3 to staging", "User email addresses", "make sure the build passes". */
export function readsAsSentence(text: string, program = ''): boolean {
  const words = wordsOf(text);
  const first = words[0] ?? '';
  // A capitalised word opens a sentence; commands are typed in lower case.
  if (/^[A-Z][a-z]+(?:['’][a-z]+)?[,:;]?$/.test(first)) return true;
  if (/^[A-Z]{2,}:$/.test(first)) return true;
  if (program === 'echo' || program === 'printf') return false;
  // Punctuation that ends a clause is not shell syntax.
  const rest = words.slice(1).map((w) => w.replace(/[.,;:!?]+$/, ''));
  // Numbers are not a sign either way: `sleep 5` and "less than 5 errors".
  const shellish = rest.some((w) => /[-/.=:$|><*~{}()[\]"']/.test(w));
  if (!shellish && rest.some((w) => SENTENCE_WORDS.has(w.toLowerCase()))) return true;
  return !shellish && words.length >= 3 && /[.?!]$/.test(words.at(-1) ?? '');
}

/** `pod-1   1/1   Running   0   5m`: columns of output, not a command. */
export function looksLikeOutputRow(line: string): boolean {
  // Each quoted string counts as one word: its own spaces are no columns.
  const compact = /['"]/.test(line) ? quotedAsOne(line) : line;
  return /\S {2,}\S.*\S {2,}\S/.test(compact) || /\t\S.*\t/.test(line);
}

function quotedAsOne(line: string): string {
  const states = quoteStates(line);
  return line.replace(/./g, (c, i: number) => (states[i] === '' ? c : states[i - 1] === states[i] ? '' : 'Q'));
}

/** `key: value`, `key = value`: a config line. */
function looksLikeConfig(words: string[]): boolean {
  return /:$/.test(words[0] ?? '') || words[1] === '=' || words[1] === ':' || /^[-*]$/.test(words[0] ?? '');
}

export type Shape = 'strong' | 'weak' | 'none';

/**
 * How much a line looks like a command by its shape alone. Strong: a program word with flags,
 * a path, quotes, a pipe or redirection, `$VAR`. Weak: a program word and a few plain words
 * (`seq 2 5001`, `knife node list`) — a command where the fence or the text says so, since a
 * config line (`maxmemory-policy allkeys-lru`) looks the same.
 */
export function commandShape(text: string): Shape {
  const line = stripShellComments(text).trim().split('\n')[0] ?? '';
  const words = wordsOf(text);
  const first = words[0] ?? '';
  if (!isProgramWord(first) || readsAsSentence(text) || looksLikeOutputRow(line) || looksLikeConfig(words)) return 'none';
  const rest = line.slice(line.indexOf(first) + first.length);
  if (/(?:^|\s)--?[A-Za-z]/.test(rest) || /[|><]|&&|\$[({A-Za-z_]/.test(unquoted(rest)) || /["']/.test(rest)) return 'strong';
  if (/\//.test(first) || /\s\S*\/\S*/.test(rest)) return 'strong';
  const plain = words.slice(1).every((w) => /^(?:[a-z0-9][\w.:@,-]*|\d+)$/.test(w));
  return plain && words.length <= 6 ? 'weak' : 'none';
}

/**
 * A line inside a fence labelled as shell (`bash`, `sh`, `console`, …): a command unless it
 * reads as a sentence. The author said "shell"; the exception is prose, which must never run.
 */
export function commandInShellFence(text: string): boolean {
  const words = wordsOf(text);
  const first = words[0] ?? '';
  if (first === '') return false;
  if (readsAsSentence(text, first)) return false;
  if (/^\$$/.test(first) || /^(?:[A-Za-z_]\w*=)/.test(first)) return true;
  return isProgramWord(first) || /^(?:\[\[?|\(|\{|!|\.|:)$/.test(first);
}
