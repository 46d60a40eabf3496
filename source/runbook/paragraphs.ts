// Paragraphs that hold steps: commands written outside fences (`$ ` lines, plain-text
// commands, a code span alone on its line), `**Result:** [ ] …` checks and `Label: ____` blanks.

import type { Code, Paragraph } from 'mdast';
import type { Annotations } from './model';
import type { Section } from './sections';
import type { StepDraft } from './drafts';
import { endLine, startLine } from './markdown';
import { commandInCodeSpan, lineReadsAsCommand, readsAsCommandSpan } from './command-like';
import { commandShape } from './command-grammar';
import { blanksOn } from './blanks';
import { conditionOf } from './conditions';

/** A paragraph that is one code span holding a command (`# systemctl stop postgresql`, prompt and all). */
export function spanAlone(node: Paragraph): Code | null {
  const said = node.children.filter((n) => !(n.type === 'text' && n.value.trim() === ''));
  const only = said.length === 1 ? said[0] : undefined;
  if (only?.type !== 'inlineCode') return null;
  const command = only.value.trim().replace(/^[$#]\s+(?=\S)/, '');
  if (!readsAsCommandSpan(command)) return null;
  return { type: 'code', lang: null, meta: null, value: command, position: node.position };
}

/**
 * A paragraph made only of `$ command` lines, or of plain-text lines that each read as a
 * command (`kubectl drain node-1`, `apt-mark unhold kubeadm && \`), as a code node of them.
 */
export function promptLines(node: Paragraph, lines: string[], invited = false): { code: Code; origin: 'paragraph' | 'bare' } | null {
  const own = lines.slice(startLine(node) - 1, endLine(node));
  const code = (): Code => ({ type: 'code', lang: null, meta: null, value: own.map((l) => l.trim()).join('\n'), position: node.position });
  if (own.length === 0) return null;
  if (own.every((l) => /^\s*\$\s+\S/.test(l))) return { code: code(), origin: 'paragraph' };
  // Plain text only: a link, emphasis or a code span says the author wrote prose.
  if (!node.children.every((n) => n.type === 'text' || n.type === 'break')) return null;
  const logical = own.join('\n').replace(/\s*\\\n\s*/g, ' ').split('\n');
  // Every line must read as a command: prose stops at its first line.
  let strong = false;
  for (const l of logical) {
    const shape = lineReadsAsCommand(l.trim()) ? 'strong' : commandShape(l.trim());
    if (shape === 'none') return null;
    if (shape === 'strong') strong = true;
  }
  // A bare `kubeadm upgrade plan` is a command among others, or where the text asks to run it.
  return strong || invited ? { code: code(), origin: 'bare' } : null;
}

const CHECK_IN_PARAGRAPH = /^\s*(?:\*\*([^*]+?)\*\*\s*:?\s*)?\[[ xX]\]\s+(.+)$/;

/** `**Deploy Date:** ____` lines (inputs) and `**Result:** [ ] 3 triggers confirmed` (checks). */
export function paragraphSteps(node: Paragraph, section: Section, lines: string[], pending: Annotations | null): StepDraft[] {
  const steps: StepDraft[] = [];
  const base = { section, expectation: null, estimate: null, annotations: { ...(pending ?? {}) } };
  for (let line = startLine(node); line <= endLine(node); line++) {
    const raw = lines[line - 1] ?? '';
    const check = CHECK_IN_PARAGRAPH.exec(raw);
    if (check) {
      const title = (check[2] ?? '').trim();
      const label = check[1]?.replace(/:\s*$/, '').trim();
      const offered = commandInCodeSpan(title, [...title.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
      const condition = conditionOf(title);
      steps.push({ ...base, kind: 'manual', title, idText: title, line, ...(label ? { description: label } : {}), ...(offered ? { offeredCommand: offered } : {}), ...(condition ? { condition } : {}) });
      continue;
    }
    for (const b of blanksOn(raw)) {
      steps.push({ ...base, kind: 'input', title: b.label, idText: b.label, inputLabel: b.label, line, ...(b.rest ? { description: b.rest } : {}) });
    }
  }
  return steps;
}
