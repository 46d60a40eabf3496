// A SQL client's own commands in a SQL fence: psql's `\x`, `\dt`, `\c other_db`, `… \gset`,
// the sqlite3 shell's `.tables`, `.mode column`. Checklists written for those clients hold
// them, but runbook sends each statement to the server (or SQLite), which reads them as a
// syntax error, after the statements before them have run. And
// `COPY … FROM STDIN` / `TO STDOUT`, whose rows psql streams from and to the terminal: here
// the first fails and the second "passes" with its rows shown nowhere.
// They are found before anything is sent: `check` warns, and the step does not start. But
// a client's display settings (`\x`, `\timing`, `\set ON_ERROR_STOP on`, `.mode`,
// `.headers on`) change nothing the database does: those lines are left out, and said.

import type { SqlStatement } from './model';
import { sqlCodeOnly } from './sql-split';

export interface ClientCommand {
  /** `\dt`, `\c other_db`, `COPY … TO STDOUT`, `.tables` */
  text: string;
  line: number;
  client: 'psql' | 'sqlite3';
  copy?: true;
  /** A display setting of the client's own: left out, never a reason not to run. */
  setting?: true;
}

// A line that starts with one (`\x`, `\d+ orders`, `\!`), or a statement sent with one (`\gset`).
const LINE_COMMAND = /^[ \t]*(\\(?:[A-Za-z]+\+?|[!?])(?:[ \t]+[^\n]*)?)$/;
const SENT_WITH = /[ \t;](\\(?:g|gx|gset|gexec|gdesc|watch|crosstabview)\b[^\n]*)$/;
const SETTING = /^\\(?:x|timing|pset|pager)\b|^\\set[ \t]+(?:ON_ERROR_STOP|ECHO|ECHO_HIDDEN|VERBOSITY|QUIET)\b/;
// The sqlite3 shell's dot-commands, at the start of a statement (no SQL starts with a dot).
const DOT_COMMAND = /^[ \t]*(\.[A-Za-z]+(?:[ \t]+[^\n]*)?)$/;
const DOT_SETTING = /^\.(?:mode|headers?|timer|width|nullvalue|echo|bail|changes)\b/;
const COPY_STREAM = /^\s*COPY\b[\s\S]*?\b(FROM\s+STDIN|TO\s+STDOUT)\b/i;
// A dollar-quoted body (a function, a DO block) is code this file does not read inside.
const DOLLAR_QUOTE = /\$(?:[A-Za-z_]\w*)?\$/;

export function clientCommands(statements: SqlStatement[]): ClientCommand[] {
  const found: ClientCommand[] = [];
  for (const statement of statements) {
    if (DOLLAR_QUOTE.test(statement.text)) continue;
    // Comments and quoted text blanked: a backslash in a string is the string's.
    const code = sqlCodeOnly(statement.text);
    const copy = COPY_STREAM.exec(code);
    if (copy?.[1]) found.push({ text: `COPY … ${copy[1].replace(/\s+/g, ' ').toUpperCase()}`, line: statement.line, client: 'psql', copy: true });
    const lines = code.split('\n');
    // The dot-commands a statement starts with, each on its own line.
    let dots = 0;
    for (let hit = DOT_COMMAND.exec(lines[0] ?? ''); hit?.[1]; hit = DOT_COMMAND.exec(lines[dots] ?? '')) {
      const text = hit[1].trim();
      found.push({ text, line: statement.line + dots, client: 'sqlite3', ...(DOT_SETTING.test(text) ? { setting: true as const } : {}) });
      dots++;
    }
    lines.forEach((line, i) => {
      const hit = LINE_COMMAND.exec(line) ?? SENT_WITH.exec(line);
      const text = hit?.[1]?.trim();
      if (text) found.push({ text, line: statement.line + i, client: 'psql', ...(SETTING.test(text) ? { setting: true as const } : {}) });
    });
  }
  return found;
}

/** The statements as sent: each line that is a client's display setting left out, and which those were. */
export function withoutClientSettings(statements: SqlStatement[]): { statements: SqlStatement[]; left: string[] } {
  const settings = clientCommands(statements).filter((c) => c.setting);
  if (settings.length === 0) return { statements, left: [] };
  const sent = statements.flatMap((statement) => {
    const lines = statement.text.split('\n');
    const mine = settings.filter((c) => c.line >= statement.line && c.line < statement.line + lines.length);
    if (mine.length === 0) return [statement];
    for (const c of mine) lines[c.line - statement.line] = '';
    const first = lines.findIndex((l) => l.trim() !== '');
    if (first === -1) return [];
    return [{ ...statement, text: lines.slice(first).join('\n').trimEnd(), line: statement.line + first }];
  });
  return { statements: sent, left: settings.map((c) => c.text) };
}

/** What check says of one, and what a run that will not start it says. */
export function clientCommandProblem(command: ClientCommand): string {
  const client = command.client;
  if (command.setting) return `${command.text} is a display setting of ${client}'s own: runbook leaves the line out (it shows results its own way, and stops at the first error)`;
  if (command.copy) return `${command.text} streams rows to or from psql's terminal, which runbook has not: use SELECT or INSERT, or \\copy with psql in a shell step`;
  return `${command.text} is a ${client} command, not SQL: runbook sends SQL to the database, which cannot run it (write the query it stands for, or run ${client} in a shell step)`;
}
