// Content heuristics for checklists in the wild: does a `[ ]` line read as a command or as
// prose, what does an unlabelled (or mislabelled) fence hold, does a code span hold a command.
// Conservative on purpose: a prose line taken for a command would be run.

import { KNOWN_PROGRAMS } from './programs';
import { isSeparatorRow } from './expectations';
import { endsInsideQuotes, outsideQuotes, simpleCommands, stripShellComments } from './shell-text';
import { sqlFenceLooksLikeSql } from './sql-split';
import { commandShape, looksLikeOutputRow } from './command-grammar';
import { PROMPT, withoutHeredocBodies } from './shell-lines';

export type FenceContent = 'shell' | 'sql' | 'output' | 'config' | 'table' | 'checklist' | 'prose';

// Words of an English sentence that are almost never bare arguments of a command.
const SENTENCE_WORDS = new Set([
  'the', 'an', 'to', 'with', 'of', 'is', 'are', 'be', 'should', 'must', 'that', 'this', 'then', 'before',
  'after', 'when', 'your', 'our', 'its', 'into', 'will', 'can', 'sure', 'please', 'we', 'you', 'was', 'were',
  'than', 'every', 'each', 'some', 'has', 'have', 'does', 'did', 'not',
]);

const ASSIGNMENT = /^(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s*)+/;
const SCRIPT = /^[\w.-]+\.(?:sh|bash|py|rb|pl|js|mjs|ts)$/;
const SHELL_SYNTAX = /^(?:(?:for|while|until)\s.*;\s*do\b|if\s.*;\s*then\b|(?:do|done|then|fi|else|elif|esac)\b)/;

/** A `[ ]` line's text inside a shell fence: a command to run, or a check for the operator. */
export function lineReadsAsCommand(text: string): boolean {
  const whole = stripShellComments(text).trim();
  if (whole === '') return false;
  const first = whole.split('\n')[0] ?? '';
  if (/^\$\s+\S/.test(first) || /^sudo\s+\S/.test(first)) return true;
  if (/^(?:\.{1,2}\/|~\/|\/[\w.-]+\/)\S*/.test(first)) return true;
  if (SHELL_SYNTAX.test(first)) return true;
  const rest = first.replace(ASSIGNMENT, '');
  if (rest === '') return first !== ''; // `FOO=1`: a shell assignment is code in a shell fence
  const program = rest.split(/\s+/)[0] ?? '';
  if (KNOWN_PROGRAMS.has(program) || SCRIPT.test(program)) return !argumentsReadAsSentence(program, whole);
  // `foo | grep x`, `a && b`: some simple command of it starts with a program.
  if (/[|;&>]/.test(first)) {
    return simpleCommands(whole).some((c) => KNOWN_PROGRAMS.has(c.words[0] ?? '')) && !argumentsReadAsSentence('', whole);
  }
  return false;
}

/** "make sure the build passes": a program name leading an English sentence. */
function argumentsReadAsSentence(program: string, text: string): boolean {
  if (program === 'echo' || program === 'printf') return false;
  const unquoted = outsideQuotes(text, '');
  const words = unquoted.split(/\s+/).slice(1);
  // Numbers are not a sign either way: `sleep 5` and "less than 5 errors".
  const shellish = words.some((w) => /[-/.=:$|><*~{}()[\]"']/.test(w));
  return !shellish && words.some((w) => SENTENCE_WORDS.has(w.toLowerCase()));
}

/**
 * What an unlabelled or mislabelled fence holds, by its content. `invited`: the text right
 * before the fence asks the reader to run it ("Run the following on the leader:").
 */
export function classifyFenceContent(text: string, options: { invited?: boolean } = {}): FenceContent {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return 'prose';
  if (looksLikeTable(lines)) return 'table';
  const boxes = lines.filter((l) => CHECKBOX.test(l)).map((l) => l.replace(CHECKBOX, ''));
  if (boxes.length > 0) {
    const commands = boxes.filter((b) => lineReadsAsCommand(b)).length;
    return commands * 2 > boxes.length ? 'shell' : 'checklist';
  }
  if (sqlFenceLooksLikeSql(text)) return 'sql';
  // A console transcript: `$ command` lines with their output under them.
  if (lines.some((l) => PROMPT.test(l))) return 'shell';
  const logical = logicalShellLines(text);
  const commands = logical.filter((l) => lineReadsAsCommand(l) && !ASSIGNMENT_ONLY.test(l)).length;
  if (commands > 0 && commands * 2 >= logical.length) return 'shell';
  // By shape: an unknown program with flags, paths or pipes is a command; a bare one
  // (`knife node list`) where another line is clearly one, or where the text says to run it.
  const shapes = logical.map((l) => (ASSIGNMENT_ONLY.test(l) || CODE_LINE.test(l) ? 'none' : lineReadsAsCommand(l) ? 'strong' : commandShape(l)));
  const strong = shapes.filter((s) => s === 'strong').length;
  const shaped = strong + shapes.filter((s) => s === 'weak').length;
  if ((strong > 0 || options.invited) && shaped > 0 && shaped * 2 >= logical.length) return 'shell';
  const content = lines.filter((l) => !/^(#|\/\/|;)/.test(l));
  // Program source in another language is shown as text, like prose: there is no `code` kind.
  if (share(content, (l) => CODE_LINE.test(l)) >= 1 / 3) return 'prose';
  if (isJson(text) || share(content, (l) => CONFIG_LINE.some((re) => re.test(l))) >= 0.6) return 'config';
  if (share(lines, (l) => OUTPUT_LINE.some((re) => re.test(l))) >= 0.5) return 'output';
  // Columns aligned with runs of spaces: a listing (`kubectl get pods`, `df -h`).
  if (share(text.split('\n').filter((l) => l.trim() !== ''), looksLikeOutputRow) >= 0.5) return 'output';
  // `maxmemory-policy allkeys-lru`, `shared_buffers 4GB`: a config file's `key value` lines.
  if (share(content, (l) => /^[a-z][\w]*[-_.][\w.-]*\s+[^\s=:]+;?$/.test(l)) >= 0.6) return 'config';
  return 'prose';
}

const CHECKBOX = /^(?:[-*+]\s+)?\[[ xX]\]\s*/;
const ASSIGNMENT_ONLY = /^(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s*)+$/;

const CODE_LINE =
  /^(?:def\s+\w+\s*\(|class\s+\w+|import\s+[\w.]+|from\s+[\w.]+\s+import\b|return\b|print\(|if\s.*:$|elif\s.*:$|else:$|for\s.+\sin\s.+:$|while\s.*:$|try:$|except\b.*:$|with\s.*:$|(?:const|let|var)\s+\w+\s*=|function\s+\w+\s*\()/;

const CONFIG_LINE = [
  /^(?:- )?[a-z_][\w.-]*:(?:\s+\S.*)?$/, // yaml: key: value, key:
  /^"[^"]+"\s*:/, // json member
  /^[{}[\]],?$/, // json braces
  /^(?:export\s+)?[A-Z_][A-Z0-9_]*=\S*$/, // .env
  /^[a-z_][\w.-]*\s*=\s*\S/, // ini / toml
  /^\[[\w.-]+\]$/, // ini section
];

const OUTPUT_LINE = [
  /^[✓✔✅✗✘❌⚠]/u,
  /^\[(?:[A-Z][A-Z_]*|\d{4}-\d\d-\d\d[^\]]*)\]/, // [ERROR] …, [2026-01-21 …]
  /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/,
  /^(?:INFO|WARN|WARNING|ERROR|DEBUG|CRITICAL|FATAL|TRACE|ok|OK|PASS|PASSED|FAIL|FAILED)\b/,
  /^\(\d+ rows?\)$/,
];

function share(lines: string[], test: (line: string) => boolean): number {
  return lines.length === 0 ? 0 : lines.filter(test).length / lines.length;
}

function isJson(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Pipe or aligned rows under a `---+---` rule, or several rows of equal cells (not a pipeline). */
function looksLikeTable(lines: string[]): boolean {
  const rows = lines.filter((l) => l.includes('|') && !isSeparatorRow(l));
  if (lines.some((l) => isSeparatorRow(l) && /[|+]|-\s+-/.test(l)) && rows.length >= 2) return true;
  if (rows.length < 2 || rows.length !== lines.length) return false;
  const cells = rows.map((r) => r.replace(/^\||\|$/g, '').split('|').length);
  return cells.every((n) => n >= 2 && n === cells[0]) && !rows.some((r) => lineReadsAsCommand(r));
}

/**
 * Lines as the shell reads them: `\` continuations and multi-line quotes joined, comment
 * lines and heredoc bodies left out.
 */
function logicalShellLines(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of withoutHeredocBodies(text).split('\n')) {
    pending = pending === '' ? raw : `${pending}\n${raw}`;
    if (endsInsideQuotes(stripShellComments(pending)) || /\\$/.test(pending)) continue;
    const line = stripShellComments(pending).trim();
    pending = '';
    if (line !== '') out.push(line);
  }
  if (pending.trim() !== '') out.push(stripShellComments(pending).trim());
  return out.filter((l) => l !== '');
}

/** A code span in the text that reads as a command: two words or more, by program or by shape. */
export function readsAsCommandSpan(text: string): boolean {
  if (text.split(/\s+/).length < 2 || ASSIGNMENT_ONLY.test(text)) return false;
  return lineReadsAsCommand(text) || commandShape(text) === 'strong';
}

/**
 * A manual check such as "Disable chef: `sudo chef-client-disable`" offers its code span to
 * run when the span reads as a command. An assignment alone (`FLAG=1`) is not one, nor is
 * a span the text says belongs to another tool ("`\dt` in psql").
 */
export function commandInCodeSpan(text: string, codeSpans: string[]): string | null {
  for (const span of codeSpans) {
    const command = span.trim();
    if (command === '' || ASSIGNMENT_ONLY.test(command)) continue;
    if (text.includes(`\`${span}\` in `) && /`\s+in\s+(?:the\s+)?(?:psql|mysql|sqlite3?|redis-cli|python|a\s+\w+\s+shell)/i.test(text)) continue;
    if (lineReadsAsCommand(command)) return command;
  }
  return null;
}
