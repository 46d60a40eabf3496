// psql's own commands in a SQL fence: `\x`, `\dt`, `\c other_db`, `… \gset`. Checklists
// written for psql hold them, but runbook sends each statement to the server (or SQLite),
// which reads a backslash as a syntax error, after the statements before it have run. And
// `COPY … FROM STDIN` / `TO STDOUT`, whose rows psql streams from and to the terminal: here
// the first fails and the second "passes" with its rows shown nowhere.
// They are found before anything is sent: `check` warns, and the step does not start.

import type { SqlStatement } from './model';
import { sqlCodeOnly } from './sql-split';

export interface PsqlCommand {
  /** `\dt`, `\c other_db`, `COPY … TO STDOUT` */
  text: string;
  line: number;
  copy?: true;
}

// A line that starts with one (`\x`, `\d+ orders`, `\!`), or a statement sent with one (`\gset`).
const LINE_COMMAND = /^[ \t]*(\\(?:[A-Za-z]+\+?|[!?])(?:[ \t]+[^\n]*)?)$/;
const SENT_WITH = /[ \t;](\\(?:g|gx|gset|gexec|gdesc|watch|crosstabview)\b[^\n]*)$/;
const COPY_STREAM = /^\s*COPY\b[\s\S]*?\b(FROM\s+STDIN|TO\s+STDOUT)\b/i;
// A dollar-quoted body (a function, a DO block) is code this file does not read inside.
const DOLLAR_QUOTE = /\$(?:[A-Za-z_]\w*)?\$/;

export function psqlCommands(statements: SqlStatement[]): PsqlCommand[] {
  const found: PsqlCommand[] = [];
  for (const statement of statements) {
    if (DOLLAR_QUOTE.test(statement.text)) continue;
    // Comments and quoted text blanked: a backslash in a string is the string's.
    const code = sqlCodeOnly(statement.text);
    const copy = COPY_STREAM.exec(code);
    if (copy?.[1]) found.push({ text: `COPY … ${copy[1].replace(/\s+/g, ' ').toUpperCase()}`, line: statement.line, copy: true });
    code
      .split('\n')
      .forEach((code, i) => {
        const hit = LINE_COMMAND.exec(code) ?? SENT_WITH.exec(code);
        if (hit?.[1]) found.push({ text: hit[1].trim(), line: statement.line + i });
      });
  }
  return found;
}

/** What check says of one, and what a run that will not start it says. */
export function psqlCommandProblem(command: PsqlCommand): string {
  if (command.copy) return `${command.text} streams rows to or from psql's terminal, which runbook has not: use SELECT or INSERT, or \\copy with psql in a shell step`;
  return `${command.text} is a psql command, not SQL: runbook sends SQL to the database, which cannot run it (write the query it stands for, or run psql in a shell step)`;
}
