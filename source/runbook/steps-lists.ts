// Lists: task items (manual checks), sign-off lists, `Label: ____` items (inputs).

import type { List, ListItem, Nodes, Paragraph } from 'mdast';
import type { Annotations } from './model';
import type { Section } from './sections';
import type { StepDraft } from './drafts';
import { codeSpans, inlineText, startLine } from './markdown';
import { commandInCodeSpan } from './command-like';
import { blanksOn } from './blanks';
import { conditionOf } from './conditions';

export interface ListContext {
  section: Section;
  /** The bold label paragraph right before the list (`**Sign-off:**`, `**Pre-Deploy:**`). */
  label: { text: string; line: number } | null;
  /** Annotations for the first item (a comment on the line before the list). */
  pending: Annotations | null;
  /** Annotations written inside an item (inline or block comments). */
  itemAnnotations: (item: ListItem) => Annotations;
  /** Other blocks inside items (fences, tables) go back to the block reader. */
  readBlock: (node: Nodes, section: Section, condition?: string | null) => void;
  /** "Decide whether …" with its outcomes as sub-items: emits the decision, true when it did. */
  decide: (item: ListItem, text: string, outcomes: List) => boolean;
  /** An item of a numbered list that is no step: a step only if the file has no other (drafts.ts). */
  fallback: (step: StepDraft, ordered: boolean) => void;
  /** A paragraph made only of `$ command` lines: read as commands, not as the item's text. */
  isPromptParagraph: (node: Paragraph) => boolean;
  /** A paragraph right under a block of the item: an `Expected:` line is the step of that block's fence. */
  expectedAfter: (paragraph: Paragraph, previous: Nodes) => void;
  emit: (step: StepDraft) => void;
}

export function isSignoffLabel(text: string): boolean {
  return /^(sign[- ]?offs?|approvals?|signatures?)\b/i.test(text.trim());
}

function itemText(item: ListItem): string {
  const para = item.children.find((c) => c.type === 'paragraph');
  return para ? inlineText(para).replace(/\s*\n\s*/g, ' ').trim() : '';
}

/** `Technical Lead: ____ Date: ____` → `Technical Lead`. */
function roleOf(text: string): string {
  const blanks = blanksOn(text);
  if (blanks[0]) return blanks[0].label;
  return text.replace(/^\[[ xX]\]\s*/, '').replace(/[:\s_]+$/, '').trim();
}

/** A heading such as "8.2 Sign-Off" or "Approvals": its `Role: ____` items are sign-offs. */
function isSignoffHeading(title: string): boolean {
  return /\bsign[- ]?offs?\b|\bapprovals?\b|\bsignatures?\b/i.test(title);
}

export function readList(list: List, ctx: ListContext): void {
  const signoff = ctx.label !== null && isSignoffLabel(ctx.label.text);
  list.children.forEach((item, index) => {
    const annotations = { ...(index === 0 ? (ctx.pending ?? {}) : {}), ...ctx.itemAnnotations(item) };
    readItem(item, ctx, annotations, signoff, null, list.ordered === true);
  });
}

function readItem(item: ListItem, ctx: ListContext, annotations: Annotations, signoff: boolean, parent: string | null, ordered = false, inherited: string | null = null): void {
  const text = itemText(item);
  const line = startLine(item);
  const base = { section: ctx.section, expectation: null, estimate: null, annotations, line };
  const description = parent ?? (ctx.label && !signoff ? ctx.label.text : undefined);
  const blanks = blanksOn(text);
  const signsHere = signoff || (blanks.length > 0 && item.checked !== null && item.checked !== undefined && isSignoffHeading(ctx.section.title));
  if (signsHere && text !== '') {
    const role = roleOf(text);
    const label = ctx.label ?? { text: ctx.section.title, line: ctx.section.line };
    ctx.emit({ ...base, kind: 'signoff', title: role, idText: role, role, signoffLabel: label });
  } else if (blanks.length > 0) {
    for (const b of blanks) {
      const rest = b.rest || description;
      ctx.emit({ ...base, kind: 'input', title: b.label, idText: b.label, inputLabel: b.label, ...(rest ? { description: rest } : {}) });
    }
  } else if (item.checked !== null && item.checked !== undefined && text !== '') {
    const para = item.children.find((c) => c.type === 'paragraph');
    const offered = para ? commandInCodeSpan(text, codeSpans(para)) : null;
    const condition = conditionOf(text) ?? inherited;
    ctx.emit({
      ...base,
      kind: 'manual',
      title: text,
      idText: text,
      ...(description ? { description } : {}),
      ...(offered ? { offeredCommand: offered } : {}),
      ...(condition ? { condition } : {}),
    });
  } else if (text !== '') {
    const para = item.children.find((c) => c.type === 'paragraph');
    const offered = para ? commandInCodeSpan(text, codeSpans(para)) : null;
    ctx.fallback({ ...base, kind: 'manual', title: text, idText: text, ...(description ? { description } : {}), ...(offered ? { offeredCommand: offered } : {}) }, ordered);
  }
  // A fence under "If the replica lags, restart it:" runs under the same condition, and so
  // does what stands under an item "(optional)".
  const condition = conditionOf(text) ?? inherited;
  const outcomes = item.children.find((c): c is List => c.type === 'list');
  if (outcomes && item.checked == null && ctx.decide(item, text, outcomes)) return;
  item.children.forEach((child, i) => {
    const previous = item.children[i - 1];
    if (child.type === 'paragraph' && previous) ctx.expectedAfter(child, previous);
    if (child.type === 'paragraph' && ctx.isPromptParagraph(child)) ctx.readBlock(child, ctx.section, condition);
    if (child.type === 'paragraph' || child.type === 'html') return;
    if (child.type === 'list') {
      child.children.forEach((sub) => readItem(sub, ctx, ctx.itemAnnotations(sub), signoff, text || parent, child.ordered === true, condition));
    } else ctx.readBlock(child, ctx.section, condition);
  });
}
