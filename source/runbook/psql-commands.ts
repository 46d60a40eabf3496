// psql's own commands in a SQL fence: `\x`, `\dt`, `\c other_db`, `… \gset`. Checklists
// written for psql hold them, but runbook sends each statement to the server (or SQLite),
// which reads a backslash as a syntax error, after the statements before it have run.
// They are found before anything is sent: `check` warns, and the step does not start.

import type { SqlStatement } from './model';
import { sqlCodeOnly } from './sql-split';

export interface PsqlCommand {
  /** `\dt`, `\c other_db` */
  text: string;
  line: number;
}

// A line that starts with one (`\x`, `\d+ orders`, `\!`), or a statement sent with one (`\gset`).
const LINE_COMMAND = /^[ \t]*(\\(?:[A-Za-z]+\+?|[!?])(?:[ \t]+[^\n]*)?)$/;
const SENT_WITH = /[ \t;](\\(?:g|gx|gset|gexec|gdesc|watch|crosstabview)\b[^\n]*)$/;
// A dollar-quoted body (a function, a DO block) is code this file does not read inside.
const DOLLAR_QUOTE = /\$(?:[A-Za-z_]\w*)?\$/;

export function psqlCommands(statements: SqlStatement[]): PsqlCommand[] {
  const found: PsqlCommand[] = [];
  for (const statement of statements) {
    if (DOLLAR_QUOTE.test(statement.text)) continue;
    // Comments and quoted text blanked: a backslash in a string is the string's.
    sqlCodeOnly(statement.text)
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
  return `${command.text} is a psql command, not SQL: runbook sends SQL to the database, which cannot run it (write the query it stands for, or run psql in a shell step)`;
}
