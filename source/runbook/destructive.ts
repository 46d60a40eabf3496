// Which steps need a typed confirmation: a table of named rules, so the reason can be shown
// ("needs typed confirmation: TRUNCATE, redis FLUSHALL"), and the lines that tripped each
// rule, so a screen that cuts a long command never hides them. Comments never count; SQL
// handed to psql/sqlite3 in a shell step is judged as SQL.

import { sqlCodeAndRanges, sqlCodeOnly } from './sql-split';
import { simpleCommands, stripShellComments } from './shell-text';
import { innerCommands, parseWords, type ParsedCommand } from './command-meaning';

interface Rule {
  reason: string;
  /** Words the text holds (lower-cased) wherever the rule matches: the pattern runs only where they all stand. */
  needs: readonly string[];
  matches: (text: string) => boolean;
}

/** A SQL rule is a pattern searched in the SQL's code, so where it matched is known. */
interface SqlRule {
  reason: string;
  re: RegExp;
}

/** Lines of the text, counted from 0. */
export interface LineRange {
  first: number;
  last: number;
}

/**
 * Where a rule matched: the lines of the match itself (`UPDATE t SET`), and of the whole
 * statement (SQL, up to its `;`) or simple command (shell) it stands in.
 */
export interface DestructiveSpan extends LineRange {
  reason: string;
  statement: LineRange;
}

const pattern = (re: RegExp) => (text: string) => re.test(text);

/** `program [options] verb`: options may carry a value (`docker compose -f x.yml down`). */
function subcommand(program: string, verb: string, rest = ''): (text: string) => boolean {
  return pattern(new RegExp(`(?:^|\\s)${program}(?:\\s+-\\S+(?:\\s+[^-\\s]\\S*)?)*\\s+${verb}(?=\\s|$)${rest}`));
}

const COMPOSE = '(?:docker-compose|docker\\s+compose)';

/** Searched in SQL with comments and string contents blanked. */
const SQL_RULES: SqlRule[] = [
  {
    reason: 'DROP',
    re: /\bDROP\s+(?:TABLE|SCHEMA|DATABASE|INDEX|VIEW|MATERIALIZED\s+VIEW|TYPE|FUNCTION|PROCEDURE|TRIGGER|SEQUENCE|EXTENSION|ROLE|USER|OWNED|POLICY|RULE|DOMAIN|AGGREGATE|SERVER|TABLESPACE|PUBLICATION|SUBSCRIPTION|COLLATION|OPERATOR|FOREIGN|STATISTICS)\b/i,
  },
  { reason: 'TRUNCATE', re: /\bTRUNCATE\b/i },
  { reason: 'DELETE', re: /\bDELETE\s+FROM\b/i },
  // `ON UPDATE CASCADE`, `BEFORE UPDATE ON`, `FOR UPDATE` have no SET: not an update.
  { reason: 'UPDATE', re: /\bUPDATE\s+(?:ONLY\s+)?[\w."]+(?:\s+(?:AS\s+)?\w+)?\s+SET\b/i },
  { reason: 'ALTER TABLE … DROP', re: /\bALTER\s+TABLE\b[^;]*?\bDROP\b/i },
];

/** A verb every SQL rule needs: SQL without one trips none of them, and is not scanned. */
const SQL_VERB = /drop|truncate|delete|update/i;

/** The same, each to find every match. */
const SQL_RULES_ALL: SqlRule[] = SQL_RULES.map((rule) => ({ reason: rule.reason, re: new RegExp(rule.re.source, `${rule.re.flags}g`) }));

/** Applied to one simple command at a time, its words joined by spaces. */
const SHELL_RULES: Rule[] = [
  { reason: 'rm -r', needs: ['rm'], matches: pattern(/(?:^|\s)rm\s+(?:\S+\s+)*?(?:-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)(?=\s|$)/) },
  { reason: 'pg_restore --clean', needs: ['pg_restore'], matches: pattern(/(?:^|\s)pg_restore\s+(?:\S+\s+)*?(?:--clean|-[acCeOsvx1]*c[acCeOsvx1]*)(?=\s|$)/) },
  { reason: 'dropdb', needs: ['dropdb'], matches: pattern(/(?:^|\s)dropdb(?=\s|$)/) },
  { reason: 'docker compose down', needs: ['compose', 'down'], matches: subcommand(COMPOSE, 'down') },
  { reason: 'docker compose stop', needs: ['compose', 'stop'], matches: subcommand(COMPOSE, 'stop') },
  { reason: 'docker compose rm', needs: ['compose', 'rm'], matches: subcommand(COMPOSE, 'rm') },
  { reason: 'docker volume rm', needs: ['docker', 'volume'], matches: pattern(/(?:^|\s)docker\s+volume\s+(?:rm|prune)(?=\s|$)/) },
  { reason: 'docker system prune', needs: ['docker', 'system', 'prune'], matches: pattern(/(?:^|\s)docker\s+system\s+prune(?=\s|$)/) },
  { reason: 'kubectl delete', needs: ['kubectl', 'delete'], matches: subcommand('kubectl', 'delete') },
  { reason: 'kubectl drain', needs: ['kubectl', 'drain'], matches: subcommand('kubectl', 'drain') },
  { reason: 'redis FLUSHALL', needs: ['redis-cli', 'flushall'], matches: pattern(/(?:^|\s)redis-cli\s.*\bFLUSHALL\b/i) },
  { reason: 'redis FLUSHDB', needs: ['redis-cli', 'flushdb'], matches: pattern(/(?:^|\s)redis-cli\s.*\bFLUSHDB\b/i) },
  { reason: 'alembic downgrade', needs: ['alembic', 'downgrade'], matches: pattern(/(?:^|\s)alembic\s.*\bdowngrade\b/) },
  { reason: 'downgrade', needs: ['downgrade'], matches: (t) => /\bdowngrade\b/i.test(t) && !/(?:^|\s)alembic\s.*\bdowngrade\b/.test(t) },
  // db:rollback (and drop, reset), or prisma migrate reset: no one word both need.
  { reason: 'database reset', needs: [], matches: pattern(/\bdb:(?:rollback|drop|reset)\b|(?:^|\s)prisma\s+migrate\s+reset\b/) },
  { reason: 'git reset --hard', needs: ['git', 'reset', '--hard'], matches: subcommand('git', 'reset', '.*\\s--hard(?=\\s|$)') },
  { reason: 'git push --force', needs: ['git', 'push', '-f'], matches: subcommand('git', 'push', '.*\\s(?:--force(?:-with-lease)?|-f)(?=[\\s=]|$)') },
  { reason: 'git clean -f', needs: ['git', 'clean'], matches: subcommand('git', 'clean', '.*\\s-[a-zA-Z]*f') },
  { reason: 'systemctl stop', needs: ['systemctl', 'stop'], matches: subcommand('systemctl', 'stop') },
  { reason: 'terraform destroy', needs: ['terraform', 'destroy'], matches: pattern(/(?:^|\s)terraform(?:\s.*)?\s-?destroy(?=\s|$)/) },
  { reason: 'helm uninstall', needs: ['helm'], matches: subcommand('helm', '(?:uninstall|delete|del)') },
  { reason: 'mkfs', needs: ['mkfs'], matches: pattern(/(?:^|\s)mkfs(?:\.\w+)?(?=\s|$)/) },
  { reason: 'dd of=', needs: ['dd', 'of='], matches: pattern(/(?:^|\s)dd\s(?:.*\s)?of=/) },
];

const DB_CLIENTS = new Set(['psql', 'sqlite3', 'mysql', 'mariadb']);

export function isDestructive(kind: 'shell' | 'sql', text: string): boolean {
  // Every reason comes from a span: any span at all says so.
  return rawSpans(kind, text).length > 0;
}

const ORDER = [...SQL_RULES, ...SHELL_RULES, { reason: 'sqlite3 .restore' }].map((r) => r.reason);

/** The named rules a step trips, in table order, each once. */
export function destructiveReasons(kind: 'shell' | 'sql', text: string): string[] {
  const found = new Set(destructiveSpans(kind, text).map((s) => s.reason));
  // The named rules in table order, then what the commands' meaning added, as found.
  return [...ORDER.filter((reason) => found.has(reason)), ...[...found].filter((reason) => !ORDER.includes(reason))];
}

function rawSpans(kind: 'shell' | 'sql', text: string): DestructiveSpan[] {
  const lines = new LineIndex(text);
  return kind === 'sql' ? sqlSpans(text, lines) : shellSpans(text, lines);
}

/**
 * Every place a rule matched, in the order of the text: the reasons of
 * `destructiveReasons` come from here, so each has at least one span.
 */
export function destructiveSpans(kind: 'shell' | 'sql', text: string): DestructiveSpan[] {
  const spans = rawSpans(kind, text);
  // Two heredocs into psql each see the whole text: one span per place and reason.
  const seen = new Set<string>();
  return spans
    .filter((s) => {
      const key = `${s.reason}:${s.first}:${s.last}`;
      return !seen.has(key) && Boolean(seen.add(key));
    })
    .sort((a, b) => a.first - b.first || a.last - b.last);
}

/** Offsets to line numbers (from 0). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** The line of the character at `offset`. */
  at(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** The lines of the characters from `start` up to (not including) `end`. */
  range(start: number, end: number): LineRange {
    return { first: this.at(start), last: this.at(Math.max(start, end - 1)) };
  }
}

/** `offset`: where the SQL stands in the text `lines` counts (a heredoc's body in a shell step). */
function sqlSpans(sql: string, lines: LineIndex, offset = 0): DestructiveSpan[] {
  if (!SQL_VERB.test(sql)) return [];
  const { code, statements } = sqlCodeAndRanges(sql);
  const spans: DestructiveSpan[] = [];
  for (const rule of SQL_RULES_ALL) {
    for (const m of code.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      const statement = statements.find((s) => s.start <= start && start < s.end) ?? { start, end };
      spans.push({ reason: rule.reason, ...lines.range(offset + start, offset + end), statement: lines.range(offset + statement.start, offset + Math.max(statement.end, end)) });
    }
  }
  return spans;
}

/** `psql <<EOF` (or `<<-'EOF'`, `<< EOF`): where the body stands, from after the command's line to the delimiter line. */
function heredocBody(text: string, args: string[], commandEnd: number): { start: number; end: number } | null {
  const at = args.findIndex((a) => a.startsWith('<<'));
  const arg = args[at] ?? '';
  const tag = (/^<<-?$/.test(arg) ? args[at + 1] : arg.replace(/^<<-?/, ''))?.trim();
  if (!tag) return null;
  const start = text.indexOf('\n', commandEnd) < 0 ? text.length : text.indexOf('\n', commandEnd) + 1;
  let end = start;
  while (end < text.length) {
    const next = text.indexOf('\n', end);
    const lineEnd = next < 0 ? text.length : next;
    if (text.slice(end, lineEnd).trim() === tag) break;
    end = lineEnd + 1;
  }
  return { start, end: Math.min(end, text.length) };
}

function shellSpans(text: string, lines: LineIndex): DestructiveSpan[] {
  const stripped = stripShellComments(text);
  const spans: DestructiveSpan[] = [];
  // A shell rule names a whole simple command (with its `\` continuations).
  const whole = (reason: string, start: number, end: number) => {
    const range = lines.range(start, end);
    spans.push({ reason, ...range, statement: range });
  };
  for (const { words, start, end } of simpleCommands(stripped)) {
    const joined = words.join(' ');
    const lower = joined.toLowerCase();
    const named = SHELL_RULES.filter((rule) => rule.needs.every((word) => lower.includes(word)) && rule.matches(joined)).map((rule) => rule.reason);
    for (const reason of named) whole(reason, start, end);
    // Past the named rules, the command's meaning: its verb and flags, and what it hands on.
    if (named.length === 0) {
      const parsed = parseWords(words);
      if (parsed) for (const c of [parsed, ...innerCommands(parsed)]) for (const reason of meaningReasons(c)) whole(reason, start, end);
    }
    const client = words.findIndex((w) => DB_CLIENTS.has(basename(w)));
    if (client < 0) continue;
    const args = words.slice(client + 1);
    // Each argument on its own: `--dbname=x` must not read as a SQL comment over the rest.
    for (const arg of args) for (const reason of sqlReasons(arg)) whole(reason, start, end);
    if (basename(words[client] ?? '') === 'sqlite3' && args.some((a) => /^\.restore\b/.test(a.trim()))) whole('sqlite3 .restore', start, end);
    // `psql <<EOF … EOF`: the SQL is the heredoc body, which the lexer saw as commands.
    const body = heredocBody(stripped, args, end);
    if (body) spans.push(...sqlSpans(stripped.slice(body.start, body.end), lines, body.start));
  }
  return spans;
}

function sqlReasons(sql: string): string[] {
  if (!SQL_VERB.test(sql)) return [];
  const code = sqlCodeOnly(sql);
  return SQL_RULES.filter((rule) => rule.re.test(code)).map((rule) => rule.reason);
}

function basename(word: string): string {
  return word.split('/').at(-1) ?? word;
}

// Programs whose arguments are data (text to print or search), never a subcommand.
const DATA_PROGRAMS = new Set(['echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'cat', 'less', 'more', 'head', 'tail', 'man', 'which', 'type', 'help', 'sed', 'awk', 'jq', 'yq', 'test', '[', '[[', 'sort', 'uniq', 'wc', 'tee', 'cut', 'tr', 'diff', 'column', 'git', 'read', 'export', 'unset', 'alias', 'ls', 'stat', 'file']);

/** Verbs that destroy, stop or undo, in any CLI's subcommand position. */
const VERB = /^(?:delete|del|destroy|remove|rm|rmi|rb|purge|terminate|drop|deregister|uninstall|wipe|erase|truncate|prune|flushall|flushdb|drain|reinit|decommission|stop|disable|mask|kill|reset|restore)$/i;
const VERB_PREFIX = /^(?:delete|remove|destroy|terminate|purge|deregister|drop|stop|disable|reset|revoke|detach|wipe)-[a-z]/;
/** Flags that turn a tool from trying to doing, or from asking to not asking. */
const FLAG = /^(?:--force|--yes|--assume-yes|--wet-run|--no-dry-run|--dry-run=(?:false|none|0)|-?-auto-approve|--execute|--purge|-purge|--delete|--delete-all|--cascade)$/;
const TERRAFORM = new Set(['terraform', 'tf', 'tofu', 'terragrunt']);

/** What a command means to do that needs a typed confirmation, by its grammar. */
function meaningReasons(c: ParsedCommand): string[] {
  const reasons: string[] = [];
  const [first, second] = c.positional;
  if (TERRAFORM.has(c.name)) {
    if (first && /^(?:apply|destroy|taint|import)$/.test(first)) reasons.push(`${c.name} ${first}`);
    if (first === 'state' && second && /^(?:rm|mv|push|replace-provider)$/.test(second)) reasons.push(`${c.name} state ${second}`);
  } else if (c.name === 'pulumi' && first && /^(?:up|destroy)$/.test(first)) reasons.push(`pulumi ${first}`);
  else if (c.name === 'find' && (c.args.includes('-delete') || c.args.some((a, i) => a === '-exec' && /^(?:rm|shred)$/.test(c.args[i + 1] ?? '')))) reasons.push('find -delete');
  else if (/^(?:curl|wget|http|https|xh)$/.test(c.name) && c.args.some((a, i) => /^(?:-XDELETE|--request=DELETE|--method=DELETE|DELETE)$/i.test(a) || (/^(?:-X|--request)$/.test(a) && /^delete$/i.test(c.args[i + 1] ?? '')))) reasons.push('HTTP DELETE');
  else if (c.name === 'mv' && c.args.some((a) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(a))) reasons.push('mv -f');
  else if (c.name === 'kubectl' && first === 'scale' && c.args.some((a) => /^--replicas=0$/.test(a))) reasons.push('kubectl scale to 0');
  else if (/^(?:shutdown|reboot|halt|poweroff|dropuser|wipefs|shred)$/.test(c.name)) reasons.push(c.name);
  else if (!DATA_PROGRAMS.has(c.name)) {
    const verb = c.positional.find((w) => VERB.test(w) || VERB_PREFIX.test(w));
    if (verb) reasons.push(`${c.name} … ${verb.toLowerCase()}`);
  }
  if (c.name === 'vault' && c.positional.includes('revoke')) reasons.push('vault … revoke');
  if (c.name === 'git') {
    if (first === 'branch' && c.args.some((a) => /^-[a-zA-Z]*D/.test(a))) reasons.push('git branch -D');
    if (first === 'push' && (c.args.includes('--delete') || c.positional.some((w, i) => i > 0 && w.startsWith(':')))) reasons.push('git push --delete');
  }
  const flag = c.args.find((a) => FLAG.test(a));
  if (flag && reasons.length === 0) reasons.push(flag.replace(/^-(?=[a-z])/, '--'));
  return reasons;
}
