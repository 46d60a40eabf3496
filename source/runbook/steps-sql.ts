// SQL fences: one step per fence, its statements split as PostgreSQL reads them.

import type { StepDraft } from './drafts';
import { splitSql } from './sql-split';
import type { FenceContext } from './steps-shell';

/** The fence's first comment that says something (not a `-- ====` rule, not an expectation). */
function titleComment(text: string): string | null {
  for (const raw of text.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(raw);
    if (!m) {
      if (raw.trim() !== '') return null;
      continue;
    }
    const said = (m[1] ?? '').trim();
    if (said === '' || /^[=\-#*~_]{3,}$/.test(said) || /^expected\b/i.test(said)) continue;
    return said;
  }
  return null;
}

/** null when the fence holds no statement at all (comments only). */
export function readSqlFence(text: string, ctx: FenceContext): StepDraft | null {
  const statements = splitSql(text, ctx.firstLine);
  // A schema-signature step may hold only a comment: its queries are built in.
  if (statements.length === 0 && !ctx.annotations.signature) return null;
  const title = titleComment(text) ?? ctx.section.title;
  return {
    kind: 'sql',
    title,
    idText: title,
    line: ctx.line,
    section: ctx.section,
    sql: text.replace(/\s+$/, ''),
    statements,
    // The step's own expectation is its first statement's; each statement keeps its own.
    expectation: statements.find((s) => s.expectation)?.expectation ?? null,
    estimate: null,
    annotations: { ...ctx.annotations },
    ...(ctx.description ? { description: ctx.description } : {}),
  };
}

/** `postgres=# `, `app=> `, `mysql> `, `root@:26257/defaultdb> `, `> `: a SQL shell's prompt. */
const SQL_PROMPT = /^(\s*(?:[\w.-]+[=(]?[#>]|mysql>|mariadb>|MariaDB \[[^\]]*\]>|[\w.-]*@[^\s>]*>|>)\s)/i;
/** The prompt psql and mysql show on a statement's later lines: `app-# `, `    -> `. */
const SQL_CONTINUATION = /^(\s*(?:[\w.-]+[-(][#>]|->)\s)/;

/**
 * A session pasted from a SQL shell: the statements typed after its prompt, the rest its
 * output. Returns the text with prompts blanked and output lines emptied — every statement
 * on its own line — `meta` when it types a psql `\` command (a shell session, not SQL), or
 * null when the fence is no transcript.
 */
export function sqlTranscript(text: string): string | 'meta' | null {
  const lines = text.split('\n');
  const first = lines.find((l) => l.trim() !== '') ?? '';
  if (!SQL_PROMPT.test(first)) return null;
  let open = false;
  const out = lines.map((line) => {
    const prompt = SQL_PROMPT.exec(line) ?? (open ? SQL_CONTINUATION.exec(line) : null);
    if (!prompt) {
      open = false;
      return '';
    }
    const statement = line.slice(prompt[1]?.length ?? 0);
    open = !/;\s*$/.test(statement);
    return ' '.repeat(prompt[1]?.length ?? 0) + statement;
  });
  if (out.some((l) => /^\s*\\/.test(l))) return 'meta';
  return out.join('\n');
}
