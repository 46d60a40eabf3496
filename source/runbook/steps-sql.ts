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
