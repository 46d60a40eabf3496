// Which steps need a typed confirmation: a table of named rules, so the reason can be shown
// ("needs typed confirmation: TRUNCATE, redis FLUSHALL"). Comments never count; SQL handed
// to psql/sqlite3 in a shell step is judged as SQL.

import { sqlCodeOnly } from './sql-split';
import { simpleCommands, stripShellComments } from './shell-text';

interface Rule {
  reason: string;
  matches: (text: string) => boolean;
}

const pattern = (re: RegExp) => (text: string) => re.test(text);

/** `program [options] verb`: options may carry a value (`docker compose -f x.yml down`). */
function subcommand(program: string, verb: string, rest = ''): (text: string) => boolean {
  return pattern(new RegExp(`(?:^|\\s)${program}(?:\\s+-\\S+(?:\\s+[^-\\s]\\S*)?)*\\s+${verb}(?=\\s|$)${rest}`));
}

const COMPOSE = '(?:docker-compose|docker\\s+compose)';

/** Applied to SQL with comments and string contents blanked. */
const SQL_RULES: Rule[] = [
  {
    reason: 'DROP',
    matches: pattern(
      /\bDROP\s+(?:TABLE|SCHEMA|DATABASE|INDEX|VIEW|MATERIALIZED\s+VIEW|TYPE|FUNCTION|PROCEDURE|TRIGGER|SEQUENCE|EXTENSION|ROLE|USER|OWNED|POLICY|RULE|DOMAIN|AGGREGATE|SERVER|TABLESPACE|PUBLICATION|SUBSCRIPTION|COLLATION|OPERATOR|FOREIGN|STATISTICS)\b/i,
    ),
  },
  { reason: 'TRUNCATE', matches: pattern(/\bTRUNCATE\b/i) },
  { reason: 'DELETE', matches: pattern(/\bDELETE\s+FROM\b/i) },
  // `ON UPDATE CASCADE`, `BEFORE UPDATE ON`, `FOR UPDATE` have no SET: not an update.
  { reason: 'UPDATE', matches: pattern(/\bUPDATE\s+(?:ONLY\s+)?[\w."]+(?:\s+(?:AS\s+)?\w+)?\s+SET\b/i) },
  { reason: 'ALTER TABLE … DROP', matches: pattern(/\bALTER\s+TABLE\b[^;]*?\bDROP\b/i) },
];

/** Applied to one simple command at a time, its words joined by spaces. */
const SHELL_RULES: Rule[] = [
  { reason: 'rm -r', matches: pattern(/(?:^|\s)rm\s+(?:\S+\s+)*?(?:-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)(?=\s|$)/) },
  { reason: 'pg_restore --clean', matches: pattern(/(?:^|\s)pg_restore\s+(?:\S+\s+)*?(?:--clean|-[acCeOsvx1]*c[acCeOsvx1]*)(?=\s|$)/) },
  { reason: 'dropdb', matches: pattern(/(?:^|\s)dropdb(?=\s|$)/) },
  { reason: 'docker compose down', matches: subcommand(COMPOSE, 'down') },
  { reason: 'docker compose stop', matches: subcommand(COMPOSE, 'stop') },
  { reason: 'docker compose rm', matches: subcommand(COMPOSE, 'rm') },
  { reason: 'docker volume rm', matches: pattern(/(?:^|\s)docker\s+volume\s+(?:rm|prune)(?=\s|$)/) },
  { reason: 'docker system prune', matches: pattern(/(?:^|\s)docker\s+system\s+prune(?=\s|$)/) },
  { reason: 'kubectl delete', matches: subcommand('kubectl', 'delete') },
  { reason: 'kubectl drain', matches: subcommand('kubectl', 'drain') },
  { reason: 'redis FLUSHALL', matches: pattern(/(?:^|\s)redis-cli\s.*\bFLUSHALL\b/i) },
  { reason: 'redis FLUSHDB', matches: pattern(/(?:^|\s)redis-cli\s.*\bFLUSHDB\b/i) },
  { reason: 'alembic downgrade', matches: pattern(/(?:^|\s)alembic\s.*\bdowngrade\b/) },
  { reason: 'downgrade', matches: (t) => /\bdowngrade\b/i.test(t) && !/(?:^|\s)alembic\s.*\bdowngrade\b/.test(t) },
  { reason: 'database reset', matches: pattern(/\bdb:(?:rollback|drop|reset)\b|(?:^|\s)prisma\s+migrate\s+reset\b/) },
  { reason: 'git reset --hard', matches: subcommand('git', 'reset', '.*\\s--hard(?=\\s|$)') },
  { reason: 'git push --force', matches: subcommand('git', 'push', '.*\\s(?:--force(?:-with-lease)?|-f)(?=[\\s=]|$)') },
  { reason: 'git clean -f', matches: subcommand('git', 'clean', '.*\\s-[a-zA-Z]*f') },
  { reason: 'systemctl stop', matches: subcommand('systemctl', 'stop') },
  { reason: 'terraform destroy', matches: pattern(/(?:^|\s)terraform(?:\s.*)?\s-?destroy(?=\s|$)/) },
  { reason: 'helm uninstall', matches: subcommand('helm', '(?:uninstall|delete|del)') },
  { reason: 'mkfs', matches: pattern(/(?:^|\s)mkfs(?:\.\w+)?(?=\s|$)/) },
  { reason: 'dd of=', matches: pattern(/(?:^|\s)dd\s(?:.*\s)?of=/) },
];

const DB_CLIENTS = new Set(['psql', 'sqlite3', 'mysql', 'mariadb']);

export function isDestructive(kind: 'shell' | 'sql', text: string): boolean {
  return destructiveReasons(kind, text).length > 0;
}

/** The named rules a step trips, in table order, each once. */
export function destructiveReasons(kind: 'shell' | 'sql', text: string): string[] {
  const found = new Set<string>();
  if (kind === 'sql') {
    for (const reason of sqlReasons(text)) found.add(reason);
  } else {
    for (const reason of shellReasons(text)) found.add(reason);
  }
  const order = [...SQL_RULES, ...SHELL_RULES, { reason: 'sqlite3 .restore' }].map((r) => r.reason);
  return order.filter((reason) => found.has(reason));
}

function sqlReasons(sql: string): string[] {
  const code = sqlCodeOnly(sql);
  return SQL_RULES.filter((rule) => rule.matches(code)).map((rule) => rule.reason);
}

function shellReasons(text: string): string[] {
  const stripped = stripShellComments(text);
  const reasons: string[] = [];
  for (const { words } of simpleCommands(stripped)) {
    const joined = words.join(' ');
    for (const rule of SHELL_RULES) if (rule.matches(joined)) reasons.push(rule.reason);
    const client = words.findIndex((w) => DB_CLIENTS.has(basename(w)));
    if (client < 0) continue;
    const args = words.slice(client + 1);
    // Each argument on its own: `--dbname=x` must not read as a SQL comment over the rest.
    for (const arg of args) reasons.push(...sqlReasons(arg));
    if (basename(words[client] ?? '') === 'sqlite3' && args.some((a) => /^\.restore\b/.test(a.trim()))) reasons.push('sqlite3 .restore');
    // `psql <<EOF … EOF`: the SQL is the heredoc body, which the lexer saw as commands.
    if (args.some((a) => a.startsWith('<<'))) reasons.push(...sqlReasons(stripped));
  }
  return reasons;
}

function basename(word: string): string {
  return word.split('/').at(-1) ?? word;
}
