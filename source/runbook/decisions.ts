// The three ways checklists write a decision tree, read into one shape:
// the ASCII form in a fence, the nested-list form, and criteria lists ("Rollback IF ANY of:").

import type { List, ListItem } from 'mdast';
import { parseAsciiTree, type TreeQuestion } from './decision-text';
import { anchorLinks, inlineText, plainText, startLine } from './markdown';
import { CRITERIA_QUESTION } from './criteria-question';

export interface QuestionDraft {
  question: string;
  line: number;
  answers: AnswerDraft[];
}

export interface AnswerDraft {
  label: string;
  line: number;
  next: QuestionDraft | LeafDraft;
}

export interface LeafDraft {
  text: string;
  line: number;
  /** `[text](#anchor)`: must name a heading. */
  anchor?: string;
  /** Criteria YES: the rollback plan of the tree's section, or the next one. */
  rollback?: boolean;
  /** Criteria NO: go on with the walk. */
  proceed?: boolean;
  /**
   * An outcome of "Decide whether …": a section it names is entered on purpose (a plan),
   * unless it is the phase that comes next anyway.
   */
  onPurpose?: boolean;
}

export function isQuestion(next: QuestionDraft | LeafDraft): next is QuestionDraft {
  return 'answers' in next;
}

/** A leaf written as a Markdown link inside a fence: `--> [Plan A](#plan-a)`. */
function leafOf(text: string, line: number): LeafDraft {
  const link = /\[([^\]]+)\]\(#([^)\s]+)\)/.exec(text);
  return link ? { text: link[1] ?? text, line, anchor: link[2] ?? '' } : { text, line };
}

function fromText(q: TreeQuestion): QuestionDraft {
  return {
    question: q.question,
    line: q.line,
    answers: q.answers.map((a) => ({
      label: a.label,
      line: a.line,
      next: 'answers' in a.next ? fromText(a.next) : leafOf(a.next.text, a.next.line),
    })),
  };
}

export function asciiTree(text: string, firstLine: number): QuestionDraft | null {
  const tree = parseAsciiTree(text, firstLine);
  return tree && tree.answers.length > 0 ? fromText(tree) : null;
}

/** "Rollback IF ANY of:", "Roll back if one of the following:" */
export function isCriteriaLead(text: string): boolean {
  return /\broll[- ]?back\b.*\bif\b.*\b(any|one|either)\b/i.test(text) || /^roll[- ]?back\s+(when|if)\b.*:\s*$/i.test(text.trim());
}

export function criteriaTree(line: number, criteriaLine: number): QuestionDraft {
  return {
    question: CRITERIA_QUESTION,
    line,
    answers: [
      { label: 'YES', line: criteriaLine, next: { text: 'Roll back', line: criteriaLine, rollback: true } },
      { label: 'NO', line: criteriaLine, next: { text: 'Continue', line: criteriaLine, proceed: true } },
    ],
  };
}

/** Criteria written in a plain fence: the lead line, then `- ` items. */
export function criteriaInFence(text: string, firstLine: number): { tree: QuestionDraft; criteria: string[] } | null {
  const lines = text.split('\n');
  const lead = lines.findIndex((l) => l.trim() !== '');
  if (lead < 0 || !isCriteriaLead(lines[lead] ?? '')) return null;
  const criteria = lines
    .slice(lead + 1)
    .filter((l) => /^\s*(?:[-*+•]|\d+[.)])\s+\S/.test(l))
    .map((l) => l.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '').trim());
  if (criteria.length === 0) return null;
  return { tree: criteriaTree(firstLine + lead, firstLine + lead + 1), criteria };
}

const ARROW = /\s*(?:→|⟶|-->|->|=>|⇒)\s*/;

function itemParagraph(item: ListItem) {
  return item.children.find((c) => c.type === 'paragraph');
}

function subList(item: ListItem): List | undefined {
  return item.children.find((c): c is List => c.type === 'list');
}

function answersOf(list: List): AnswerDraft[] | null {
  const answers: AnswerDraft[] = [];
  for (const item of list.children) {
    const answer = answerOf(item);
    if (!answer) return null;
    answers.push(answer);
  }
  return answers.length > 0 ? answers : null;
}

function answerOf(item: ListItem): AnswerDraft | null {
  const para = itemParagraph(item);
  if (!para) return null;
  const text = inlineText(para).replace(/\s*\n\s*/g, ' ').trim();
  const line = startLine(item);
  const split = ARROW.exec(text);
  const sub = subList(item);
  if (!split) {
    // `- No` with the next question as its only sub-item.
    const only = sub?.children.length === 1 ? sub.children[0] : undefined;
    const nested = only ? questionOf(only) : null;
    return nested ? { label: text.replace(/[:,]\s*$/, ''), line, next: nested } : null;
  }
  const label = text.slice(0, split.index).trim();
  const target = text.slice(split.index + split[0].length).trim();
  if (label === '' || target === '') return null;
  if (sub && target.endsWith('?')) {
    const answers = answersOf(sub);
    if (answers) return { label, line, next: { question: target, line, answers } };
  }
  const link = anchorLinks(para)[0];
  const leafText = link ? link.text || target : plainTarget(para, target);
  return { label, line, next: { text: leafText, line, ...(link ? { anchor: link.anchor } : {}) } };
}

/** The leaf without markup: `**Rollback Plan A**` → `Rollback Plan A`. */
function plainTarget(para: Parameters<typeof plainText>[0], fallback: string): string {
  const plain = plainText(para).replace(/\s*\n\s*/g, ' ');
  const split = ARROW.exec(plain);
  return split ? plain.slice(split.index + split[0].length).trim() : fallback;
}

/** `- Question?` whose sub-items are `Answer → target`. */
export function questionOf(item: ListItem): QuestionDraft | null {
  const para = itemParagraph(item);
  const sub = subList(item);
  if (!para || !sub) return null;
  const question = plainText(para).replace(/\s*\n\s*/g, ' ').trim();
  if (!question.endsWith('?')) return null;
  const answers = answersOf(sub);
  return answers ? { question, line: startLine(item), answers } : null;
}

/** Every top-level `- Question?` item of a list that is a tree; null when the list is not one. */
export function listTrees(list: List): QuestionDraft[] | null {
  const trees = list.children.map(questionOf);
  return trees.length > 0 && trees.every((t) => t !== null) ? (trees as QuestionDraft[]) : null;
}

/** Items of a criteria list, as text. */
export function listCriteria(list: List): string[] {
  return list.children.map((item) => {
    const para = itemParagraph(item);
    return para ? inlineText(para).replace(/\s*\n\s*/g, ' ').trim() : '';
  });
}

/** "Decide whether to fail over:", "Step 3 – Decide which region to use": a decision's lead. */
export function isDecideLead(text: string): boolean {
  return /^(?:\d+[.)]\s+)?(?:step\s+\d+\s*[-–—:.]\s*)?decide\b/i.test(text.trim());
}

/**
 * The outcomes of a "Decide whether …" written as a list: `- If the replica is healthy,
 * continue with Step 4.` / `- Otherwise → [Rebuild the replica](#rebuild)`. Two or more make
 * a decision; null otherwise.
 */
export function decideTree(lead: string, line: number, list: List): QuestionDraft | null {
  if (list.children.length < 2) return null;
  const answers: AnswerDraft[] = [];
  for (const item of list.children) {
    const para = itemParagraph(item);
    if (!para) return null;
    const text = plainText(para).replace(/\s*\n\s*/g, ' ').trim();
    const at = startLine(item);
    const link = anchorLinks(para)[0];
    const arrow = ARROW.exec(text);
    const comma = /^((?:if|when|unless|otherwise|else|in case)\b[^,:]*)[,:]\s*(.+)$/i.exec(text);
    const label = arrow ? text.slice(0, arrow.index).trim() : comma ? (comma[1] ?? '').trim() : text.replace(/[.:]\s*$/, '');
    const action = arrow ? text.slice(arrow.index + arrow[0].length).trim() : comma ? (comma[2] ?? '').trim() : text;
    const leafText = (link?.text || action).replace(/[.]\s*$/, '');
    const proceed = !link && /^(?:continue|proceed|go on|carry on)(?:\s+(?:as normal|with the (?:next step|procedure)))?\.?$/i.test(action);
    answers.push({ label: label || leafText, line: at, next: { text: leafText, line: at, onPurpose: true, ...(link ? { anchor: link.anchor } : {}), ...(proceed ? { proceed } : {}) } });
  }
  return { question: lead.trim().replace(/[:.]\s*$/, ''), line, answers };
}
