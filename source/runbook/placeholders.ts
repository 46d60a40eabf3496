// Text in a command the operator still has to fill in before it can run: `<commit-hash>`,
// `NNN_description`, `[Your Name]`, or a `$VAR` nothing sets. Comments do not count.

import { quoteStates, stripShellComments, type QuoteState } from './shell-text';

// Set in any login shell on a bastion: using them is not a placeholder.
const ALWAYS_SET = new Set([
  'HOME', 'USER', 'LOGNAME', 'PATH', 'PWD', 'OLDPWD', 'SHELL', 'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE',
  'RANDOM', 'SECONDS', 'LINENO', 'UID', 'EUID', 'PPID', 'BASHPID', 'BASH', 'BASH_VERSION', 'BASH_SOURCE',
  'FUNCNAME', 'PIPESTATUS', 'REPLY', 'OPTARG', 'OPTIND', 'IFS', 'SHLVL', 'TERM', 'LANG', 'LC_ALL', 'TMPDIR',
  'COLUMNS', 'LINES', 'EPOCHSECONDS', 'EPOCHREALTIME',
]);

export function findPlaceholders(command: string, known: { inputs: string[]; env: string[] }): string[] {
  const text = stripShellComments(command);
  const found: Array<{ at: number; text: string }> = [];

  // `<commit-hash>`, `<pod>`: not `< file`, `<<EOF` or `<(cmd)`, which start otherwise.
  for (const m of text.matchAll(/(?<![<\w])<([A-Za-z][\w.:@-]*(?: [A-Za-z][\w.:@-]*)*)>/g)) {
    found.push({ at: m.index, text: m[0] });
  }
  // `NNN_description`, `sk-XXXX`: a run of N or X standing apart from real words.
  for (const m of text.matchAll(/(?<![\w-])[\w-]*?(?<![A-Za-z])(?:N{3,}|X{3,})(?![A-Za-z])[\w-]*/g)) {
    found.push({ at: m.index, text: m[0] });
  }
  // `[Your Name]`, `[specific reason]`: bracketed words, not `[ -f x ]` tests or `[a-z]` classes.
  for (const m of text.matchAll(/(?<![$\w[])\[([A-Za-z][A-Za-z0-9 /.'&-]*)\]/g)) {
    const inner = m[1] ?? '';
    if (/^your\b/i.test(inner) || /[A-Za-z][A-Za-z0-9]+\s+[A-Za-z0-9]{2,}/.test(inner)) found.push({ at: m.index, text: m[0] });
  }
  // `{{ page.version }}`, `{{ .Values.tag }}`: a template's slot, left unfilled.
  // (`{{.status}}`, `{{range .items}}`: a Go template a command is given, not a slot.)
  for (const m of text.matchAll(/\{\{[^{}\n]*\}\}/g)) {
    if (!/^\{\{-?\s*(?:[.$"(]|(?:range|if|else|end|with|json|println|printf|print|index|len|define|template|block|toYaml|include)\b)/.test(m[0])) found.push({ at: m.index, text: m[0] });
  }
  // `CHANGEME`, `TODO`, `???`: words written to be replaced.
  for (const m of text.matchAll(/(?<![\w$-])(?:CHANGE_?ME|REPLACE_?ME|TODO|TBD|FIXME|\?{3,})(?![\w-])/g)) found.push({ at: m.index, text: m[0] });
  const isKnown = (name: string) => ALWAYS_SET.has(name) || known.inputs.includes(name) || known.env.includes(name);
  const assigned = assignments(text);
  const states = quoteStates(text);
  // `INSTANCE_NAME`, `PROJECT_ID` as an argument: an all-caps name nothing sets, to fill in.
  for (const use of capsArguments(text, states)) {
    if (isKnown(use.name) || assigned.some((a) => a.name === use.name)) continue;
    found.push({ at: use.at, text: use.name });
  }
  for (const use of variableUses(text, states)) {
    if (isKnown(use.name)) continue;
    if (assigned.some((a) => a.name === use.name && a.at < use.at)) continue;
    found.push({ at: use.at, text: use.text });
  }

  // Distinct, in the order they appear.
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.text))];
}

/**
 * The placeholders still to fill in where a step runs with `env`: a `$VAR` (or `${VAR…}`) the
 * environment sets, non-empty, is the shell's to expand, not the operator's to edit. `check`
 * cannot know the operator's environment; the run can.
 */
export function openPlaceholders(found: readonly string[], env: Record<string, string | undefined>): string[] {
  return found.filter((p) => {
    const name = /^\$\{?([A-Za-z_]\w*)/.exec(p)?.[1];
    return name === undefined || !env[name];
  });
}

interface Use {
  name: string;
  text: string;
  at: number;
}

/** `$VAR` and `${VAR}` the shell would expand: not in single quotes, not escaped, no default. */
function variableUses(text: string, states: QuoteState[]): Use[] {
  const uses: Use[] = [];
  for (const m of text.matchAll(/\$(?:\{([A-Za-z_]\w*)([^}]*)\}|([A-Za-z_]\w*))/g)) {
    if (states[m.index] === "'" || text[m.index - 1] === '\\') continue;
    const modifier = m[2] ?? '';
    // `${VAR:-default}`, `${VAR:=x}`, `${VAR:+x}`: the command copes with it unset.
    if (/^:?[-=+]/.test(modifier)) continue;
    const name = m[1] ?? m[3] ?? '';
    uses.push({ name, text: m[0], at: m.index });
  }
  return uses;
}

/** Where the command itself sets a variable: `VAR=…`, `export VAR=…`, `for VAR in`, `read VAR`. */
function assignments(text: string): Array<{ name: string; at: number }> {
  const found: Array<{ name: string; at: number }> = [];
  for (const m of text.matchAll(/(?:^|[\s;&|(])([A-Za-z_]\w*)=/g)) found.push({ name: m[1] ?? '', at: m.index });
  for (const m of text.matchAll(/\b(?:for|select)\s+([A-Za-z_]\w*)\s+in\b/g)) found.push({ name: m[1] ?? '', at: m.index });
  for (const m of text.matchAll(/\b(?:read|mapfile|readarray)\b([^\n;|&]*)/g)) {
    for (const word of (m[1] ?? '').matchAll(/(?<![-\w])[A-Za-z_]\w*(?!\w)/g)) found.push({ name: word[0], at: m.index });
  }
  for (const m of text.matchAll(/\bgetopts\s+\S+\s+([A-Za-z_]\w*)/g)) found.push({ name: m[1] ?? '', at: m.index });
  return found;
}

// Commands whose arguments name variables rather than fill them: `unset PG_HOST`, `grep PG_HOST`.
const NAMES_VARIABLES = /^(?:unset|export|printenv|declare|typeset|local|readonly|grep|egrep|fgrep|rg|echo|printf|test|env|set)$/;

const CAPS_NAME = /[A-Z][A-Z0-9]*_[A-Z0-9]/;

/** Unquoted all-caps words with an underscore in argument position: `--zone ZONE_NAME`. */
function capsArguments(text: string, states: QuoteState[]): Use[] {
  const uses: Use[] = [];
  // No such name anywhere: no line to read word by word.
  if (!CAPS_NAME.test(text)) return uses;
  for (const line of lineStarts(text)) {
    const words = [...line.text.matchAll(/\S+/g)];
    const program = (words.find((w) => !/^[A-Za-z_]\w*=/.test(w[0]) && w[0] !== 'sudo')?.[0] ?? '').replace(/^.*\//, '');
    if (NAMES_VARIABLES.test(program)) continue;
    for (const w of words.slice(1)) {
      const at = line.at + (w.index ?? 0);
      const bare = /^(?:--?[\w-]+=)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[,;]?$/.exec(w[0]);
      if (!bare?.[1] || states[at] !== '' || text[at - 1] === '$') continue;
      uses.push({ name: bare[1], text: bare[1], at: at + w[0].indexOf(bare[1]) });
    }
  }
  return uses;
}

function lineStarts(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    out.push({ text: line, at });
    at += line.length + 1;
  }
  return out;
}
