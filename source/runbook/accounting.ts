// Nothing executable disappears silently: every fence of the file has a record of what it
// became, and every code span in the text that reads as a command is listed where it stands.

import type { Nodes, Root } from 'mdast';
import type { Section } from './sections';
import { warn, type Collected } from './drafts';
import { startLine } from './markdown';
import { readsAsCommandSpan } from './command-like';

/**
 * A fence inside a block read as a whole (a decision list, criteria) was not read on its own:
 * it is shown, never run, and said so — no fence leaves the file unaccounted for.
 */
export function accountForFences(tree: Root, out: Collected): void {
  const seen = new Set(out.fences.map((f) => f.line));
  const visit = (node: Nodes): void => {
    if (node.type === 'code' && !seen.has(startLine(node))) {
      const line = startLine(node);
      out.fences.push({ line, lang: node.lang ?? null, became: 'display', reason: 'inside a list read as a decision' });
      out.displayOnly.push({ line, lang: node.lang ?? null, label: null, text: node.value });
      warn(out, line, 'fence inside a decision list is shown, not run; move it out of the list to make it a step');
    }
    if ('children' in node) (node.children as Nodes[]).forEach(visit);
  };
  visit(tree);
  out.fences.sort((a, b) => a.line - b.line);
}

/** Code spans that read as commands, with the section each stands in (fences are read apart). */
export function findCommandSpans(tree: Root, sections: Section[], out: Collected): void {
  const byLine = [...sections].sort((a, b) => a.line - b.line);
  const sectionAt = (line: number) => byLine.filter((s) => s.line <= line).at(-1) ?? (byLine[0] as Section);
  const visit = (node: Nodes): void => {
    if (node.type === 'inlineCode') {
      const text = node.value.trim();
      if (readsAsCommandSpan(text)) out.spans.push({ line: startLine(node), text, section: sectionAt(startLine(node)) });
      return;
    }
    if ('children' in node) (node.children as Nodes[]).forEach(visit);
  };
  visit(tree);
}

