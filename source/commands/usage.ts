// Every verb's usage in one table: cli.tsx parses argv by it, and the top-level help and
// each verb's help are printed from it, so what is accepted and what is documented never
// disagree. Pure data and strings: `--help` loads nothing else.

export type Verb = 'check' | 'run' | 'resume' | 'watch' | 'list' | 'show' | 'report' | 'verify' | 'demo' | 'store';

export interface OptionUsage {
  /** The long name, without the dashes. */
  name: string;
  /** What its value is (`NAME`, `md|json`); absent for a switch. */
  value?: string;
  /** May be given more than once. */
  multiple?: boolean;
  /** The value may be left out (given as ''): only a word this matches is taken as the value. */
  optional?: RegExp;
  /** One line: what it does. */
  meaning: string;
}

export interface VerbUsage {
  verb: Verb;
  /** The positional arguments as the synopsis shows them: `FILE`, `[JOURNAL]`, ``. */
  args: string;
  positionals: { min: number; max: number };
  /** One line for the top-level list. */
  summary: string;
  options: OptionUsage[];
  examples: { command: string; note?: string }[];
}

const PLAIN: OptionUsage = { name: 'plain', meaning: 'line by line, no full screen (for pipes, scripts)' };
const JSON_OUT: OptionUsage = { name: 'json', meaning: 'print it as JSON (the shape in the README)' };
/** The team store (README "Team store"); RUNBOOK_STORE or `store:` in the config stand in for it. */
export const STORE: OptionUsage = { name: 'store', value: 'URL', optional: /^(?:postgres(?:ql)?:\/\/|env:)/i, meaning: 'the team store, postgres://USER@HOST/DB (else RUNBOOK_STORE)' };
/** A verb that reads a recorded run: with --store, the run's id (or a prefix) instead of a journal. */
const READ_STORE: OptionUsage = { ...STORE, meaning: 'from the team store: JOURNAL is a run id (or prefix)' };

export const VERBS: readonly VerbUsage[] = [
  {
    verb: 'check',
    args: 'FILE',
    positionals: { min: 1, max: 1 },
    summary: 'say what runbook understood of a runbook, and every warning',
    options: [
      { ...JSON_OUT, meaning: 'print what was understood as JSON (the shape in the README)' },
      { name: 'preflight', meaning: 'also try what a run needs: targets, programs, journal room, key' },
    ],
    examples: [{ command: 'runbook check deploy.md --preflight' }],
  },
  {
    verb: 'run',
    args: 'FILE',
    positionals: { min: 1, max: 1 },
    summary: 'start a guided, recorded run of a runbook',
    options: [
      { name: 'journal', value: 'PATH', meaning: 'where the journal goes (default: under $RUNBOOK_HOME)' },
      { name: 'target', value: 'NAME=URL', multiple: true, meaning: 'point a SQL target elsewhere, or add one (repeatable)' },
      { name: 'operator', value: 'NAME', meaning: 'who runs it, for the record (else asked once, remembered)' },
      { name: 'rehearse', meaning: 'walk the whole runbook and run nothing' },
      PLAIN,
      { ...STORE, meaning: 'publish the run to the team store as it goes' },
    ],
    examples: [
      { command: 'runbook run deploy.md --target app=postgres://deploy@db.internal/app' },
      { command: 'yes y | runbook run deploy.md --plain --rehearse --operator ci', note: 'a rehearsal in a script' },
      { command: 'runbook run deploy.md --store postgres://runbook_writer@ops-db/runbook', note: 'the team sees it too' },
    ],
  },
  {
    verb: 'resume',
    args: '[JOURNAL]',
    positionals: { min: 0, max: 1 },
    summary: 'pick a run up where it stopped (the latest, by default)',
    options: [
      { name: 'operator', value: 'NAME', meaning: 'hand the run over to NAME (journaled)' },
      PLAIN,
      { ...STORE, meaning: "the team store (else the journal's); JOURNAL may be a run id" },
      { name: 'take-over', meaning: 'take a run whose lease is quiet for 30 s (journaled)' },
    ],
    examples: [
      { command: 'runbook resume --operator bob', note: 'the latest unfinished run, now run by bob' },
      { command: 'runbook resume 3f9a2c41 --store --take-over', note: 'its bastion died' },
    ],
  },
  {
    verb: 'watch',
    args: 'JOURNAL',
    positionals: { min: 1, max: 1 },
    summary: 'follow a run live on the run screen, read-only',
    options: [{ ...READ_STORE, meaning: "in the team store (else the journal's); JOURNAL may be a run id" }],
    examples: [
      { command: 'runbook watch release-3.1.runbook.sqlite', note: 'when nobody drives it here, a published run is followed in its store' },
      { command: 'runbook watch 3f9a2c --store postgres://runbook_reader@ops-db/runbook', note: 'from any host' },
    ],
  },
  {
    verb: 'list',
    args: '',
    positionals: { min: 0, max: 0 },
    summary: 'the runs this account knows, newest first',
    options: [
      JSON_OUT,
      { name: 'due', meaning: 'only scheduled checks that are due; exit 1 when any is' },
      { name: 'format', value: 'md', meaning: 'a Markdown table, to paste into a change ticket or wiki' },
      { ...STORE, meaning: "the team's runs, from the team store (else only this account's)" },
    ],
    examples: [
      { command: 'runbook list --due', note: 'for a cron job or a tmux status line' },
      { command: 'runbook list --store postgres://runbook_reader@ops-db/runbook --format md', note: "the team's runs, for the wiki" },
    ],
  },
  {
    verb: 'show',
    args: 'JOURNAL',
    positionals: { min: 1, max: 1 },
    summary: 'what a run did, from its journal alone',
    options: [JSON_OUT, READ_STORE],
    examples: [{ command: 'runbook show release-3.1.runbook.sqlite --json' }, { command: 'runbook show 3f9c2a --store postgres://runbook_reader@ops-db/runbook', note: 'a run from another bastion' }],
  },
  {
    verb: 'report',
    args: 'JOURNAL',
    positionals: { min: 1, max: 1 },
    summary: "the run's evidence for the change ticket (Markdown or JSON)",
    options: [
      { name: 'format', value: 'md|json', meaning: 'Markdown, a filled-in checklist (default), or JSON' },
      { name: 'output', value: 'FILE', meaning: 'write it to FILE (mode 0600) instead of stdout' },
      READ_STORE,
    ],
    examples: [{ command: 'runbook report release-3.1.runbook.sqlite --output evidence.md' }, { command: 'runbook report 3f9c2a --store', note: 'the store in RUNBOOK_STORE or the config' }],
  },
  {
    verb: 'verify',
    args: 'JOURNAL',
    positionals: { min: 1, max: 1 },
    summary: "check a journal's integrity; --outcome: how the run ended",
    options: [
      { name: 'allowed-signers', value: 'FILE', meaning: "also check each key is its signer's (allowed_signers)" },
      { name: 'against', value: 'REPORT.json', meaning: 'also check the head a saved JSON report recorded' },
      { name: 'outcome', meaning: 'also exit 1 unless the run completed cleanly' },
      READ_STORE,
    ],
    examples: [
      { command: 'runbook verify release-3.1.runbook.sqlite --allowed-signers team.signers' },
      { command: 'runbook verify release-3.1.runbook.sqlite --against CHG-1042-report.json', note: 'a rewrite since the report' },
      { command: 'runbook verify release-3.1.runbook.sqlite --outcome', note: 'in CI: intact, and completed cleanly' },
      { command: 'runbook verify 3f9c2a --store postgres://runbook_reader@ops-db/runbook', note: 'the copy in the team store' },
    ],
  },
  {
    verb: 'demo',
    args: '',
    positionals: { min: 0, max: 0 },
    summary: 'a practice deployment in a sandbox, about five minutes',
    options: [PLAIN, { name: 'operator', value: 'NAME', meaning: 'who runs it, for the record (else asked once, remembered)' }],
    examples: [{ command: 'runbook demo' }, { command: 'runbook demo --plain --operator dee', note: 'line by line' }],
  },
  {
    verb: 'store',
    args: 'ACTION …',
    positionals: { min: 1, max: Number.MAX_SAFE_INTEGER },
    summary: 'the team store: init it, see its status, push journals',
    options: [
      STORE,
      { name: 'writer', value: 'ROLE', meaning: 'init: the role the printed grants let publish (runbook_writer)' },
      { name: 'reader', value: 'ROLE', meaning: 'init: the role the printed grants let read (runbook_reader)' },
    ],
    examples: [
      { command: 'runbook store init --store postgres://admin@ops-db/runbook', note: 'creates or upgrades the schema (needs DDL rights); prints the grants' },
      { command: 'runbook store status', note: 'reachable? schema version, runs, and how far behind your journals are' },
      { command: 'runbook store push ~/.local/share/runbook/journals/*.runbook.sqlite', note: 'publish what is not there yet' },
    ],
  },
];

/** Every verb accepts these; the synopsis leaves them out. */
export const HELP_OPTION: OptionUsage = { name: 'help', meaning: 'show this help' };

export function verbUsage(verb: string): VerbUsage | undefined {
  return VERBS.find((v) => v.verb === verb);
}

/** `--target NAME=URL`, `--json`, `--store [URL]`. */
export function optionText(option: OptionUsage): string {
  if (option.value && option.optional) return `--${option.name} [${option.value}]`;
  return option.value ? `--${option.name} ${option.value}` : `--${option.name}`;
}

/** The parts of `runbook run FILE [--journal PATH] [--target NAME=URL]... [--plain]`. */
function synopsisParts(usage: VerbUsage): string[] {
  const options = usage.options.map((o) => `[${optionText(o)}]${o.multiple ? '...' : ''}`);
  return ['runbook', usage.verb, usage.args, ...options].filter((part) => part !== '');
}

export function synopsis(usage: VerbUsage): string {
  return synopsisParts(usage).join(' ');
}

/** Help is laid out for the narrowest common terminal. */
export const HELP_WIDTH = 80;

/** `Usage: runbook run FILE [...]`, an option never split, the rest under the first. */
function usageLines(usage: VerbUsage): string[] {
  const [runbook, verb, ...rest] = synopsisParts(usage);
  const lead = `Usage: ${runbook} ${verb}`;
  const lines = [lead];
  for (const part of rest) {
    const last = lines.length - 1;
    const line = lines[last] ?? '';
    if (line.length + 1 + part.length <= HELP_WIDTH) lines[last] = `${line} ${part}`;
    else lines.push(`${' '.repeat(lead.length)} ${part}`);
  }
  return lines;
}

const EXIT_CODES = [
  'Exit codes:',
  '  0  success',
  '  1  a check, expectation, comparison or verification failed',
  '  2  bad input: usage, an unreadable or invalid runbook, a missing target',
];

/** `runbook help VERB` and `runbook VERB --help`. */
export function verbHelp(usage: VerbUsage): string {
  const rows = [...usage.options, HELP_OPTION].map((o) => ({ left: o === HELP_OPTION ? '-h, --help' : optionText(o), meaning: o.meaning }));
  const column = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = [...usageLines(usage), '', `${capitalize(usage.summary)}.`, '', 'Options:'];
  for (const r of rows) lines.push(`  ${r.left.padEnd(column)}${r.meaning}`);
  lines.push('', usage.examples.length === 1 ? 'Example:' : 'Examples:');
  for (const e of usage.examples) lines.push(`  ${e.command}`, ...(e.note ? [`      ${e.note}`] : []));
  lines.push('', ...EXIT_CODES, '');
  return lines.join('\n');
}

/** `runbook --help`: the verbs, then where each one's options are. */
export function topHelp(): string {
  const left = (v: VerbUsage) => [v.verb, v.args].filter((part) => part !== '').join(' ');
  const column = Math.max(...VERBS.map((v) => left(v).length)) + 2;
  return [
    'runbook — a guided, recorded run of your Markdown deployment checklist',
    '',
    'Usage: runbook VERB [ARGUMENTS] [OPTIONS]',
    '',
    'Verbs:',
    ...VERBS.map((v) => `  ${left(v).padEnd(column)}${v.summary}`),
    '',
    'Options go after the verb, in any order; each means the same on every verb',
    'that takes it (--plain, --operator, --json). -- ends the options:',
    '  runbook check -- --odd-name.md',
    '',
    'runbook --version prints the version.',
    '',
    ...EXIT_CODES,
    '',
    "A verb's options and an example: runbook help VERB (or runbook VERB --help).",
    '',
  ].join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
