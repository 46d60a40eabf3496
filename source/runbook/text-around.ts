// The author's text that stands with a step or on an information page, chosen from a
// parsed runbook for the run screen. Apart from author-text.ts (which reads it from the
// Markdown at parse time) so the screen never loads the Markdown parser. Pure.

import type { Runbook, TextBlock } from './model';

/** Trailing headings say nothing of their own: the step (or the next part) shows its section. */
function trimHeadings(blocks: TextBlock[]): TextBlock[] {
  const out = [...blocks];
  while (out.at(-1)?.kind === 'heading') out.pop();
  // A heading followed only by another heading at its level or above has no text under it.
  return out.filter((b, i) => b.kind !== 'heading' || (out[i + 1] !== undefined && !(out[i + 1]?.kind === 'heading' && (out[i + 1] as { depth: number }).depth <= b.depth)));
}

/** Lines where a phase, a plan or a page starts: text never reaches across them. */
function starts(runbook: Runbook): number[] {
  return [...runbook.phases.map((p) => p.line), ...runbook.plans.map((p) => p.line), ...runbook.pages.map((p) => p.line)];
}

export interface TextAround {
  /** What stands between the step before and this one. */
  before: TextBlock[];
  /** After the last step of a phase or plan: what stands after it, up to the next part. */
  after: TextBlock[];
}

/** The author's text that stands with a step, in file order. */
export function textAround(runbook: Runbook, stepId: string): TextAround {
  const step = runbook.steps.find((s) => s.id === stepId);
  if (!step) return { before: [], after: [] };
  const lines = runbook.steps.map((s) => s.line);
  const bounds = starts(runbook);
  const from = Math.max(0, ...[...lines, ...bounds].filter((l) => l < step.line));
  // A page's text is on its page, not with a step.
  const free = (b: TextBlock) => !runbook.pages.some((p) => b.line >= p.line && b.line <= p.end);
  const before = runbook.text.filter((b) => b.line > from && b.line < step.line && free(b));
  const nextStep = Math.min(Infinity, ...lines.filter((l) => l > step.line));
  const nextStart = Math.min(Infinity, ...bounds.filter((l) => l > step.line));
  const after = nextStart < nextStep || nextStep === Infinity ? runbook.text.filter((b) => b.line > step.line && b.line < nextStart && free(b)) : [];
  // The step's own heading is its title row.
  const own = (b: TextBlock) => !(b.kind === 'heading' && b.text === step.section);
  return { before: trimHeadings(before.filter(own)), after: trimHeadings(after) };
}

/** An information page's text, its own heading left to the title row. */
export function pageText(runbook: Runbook, pageId: string): TextBlock[] {
  const page = runbook.pages.find((p) => p.id === pageId);
  return page ? runbook.text.filter((b) => b.line > page.line && b.line <= page.end) : [];
}
