// The statements that make each destructive step destructive, with their file lines, as
// `check` shows them. They depend on the runbook alone, so they are found once, on the
// parse, and kept beside it in the parse cache (load-cached.ts): a cached check does not
// run the destructive rules again (6–9 ms of cold CPU, a fifth of a cached check).

import type { Runbook, Step } from '../runbook/model';
import { destructiveSpans } from '../runbook/destructive';

/** Where a destructive step is destructive: the file line, the rule, the line of text there. */
export interface DestructiveStatement {
  line: number;
  reason: string;
  text: string;
}

/** The lines that make a step destructive, with their file lines; empty when only annotated so. */
export function destructiveStatements(step: Step): DestructiveStatement[] {
  const kind = step.kind === 'sql' ? 'sql' : step.kind === 'shell' ? 'shell' : null;
  const text = kind === 'sql' ? step.sql : step.command;
  if (!step.destructive || kind === null || !text) return [];
  const lines = text.split('\n');
  // Where its text starts in the file: a sql step's on the line after its fence.
  const first = step.commandLine ?? step.line + 1;
  // From the match to the end of its statement (up to its `;`) or command, on one line: SQL
  // handed to psql -c reads from its UPDATE, not from `docker compose exec`.
  return destructiveSpans(kind, text).map((span) => {
    const whole = lines.slice(span.first, Math.max(span.last, span.statement.last) + 1).map((l) => l.trim()).filter(Boolean).join(' ');
    return { line: first + span.first, reason: span.reason, text: fromReason(whole, span.reason) };
  });
}

/** SQL in a shell command (`psql -c "UPDATE …"`): the text from the SQL's verb, so a cut line still shows it. */
function fromReason(text: string, reason: string): string {
  const verb = /^[A-Z]+/.exec(reason)?.[0];
  const at = verb ? text.search(new RegExp(`\\b${verb}\\b`, 'i')) : -1;
  return at > 20 ? `… ${text.slice(at)}` : text;
}

/** Every step's statements, in `rb.steps` order (empty for most): what the parse cache keeps. */
export function statementsByStep(rb: Runbook): DestructiveStatement[][] {
  return rb.steps.map((step) => destructiveStatements(step));
}
