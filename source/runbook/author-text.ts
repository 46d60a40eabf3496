// The author's own text — prose, lists, tables, fences that are shown and never run — and
// the information pages (top-level sections without steps), read from the Markdown blocks
// that hold no step; then placed where they stand: before the step they lead to, after the
// last step of a phase, or on their page. The run screen shows them read-only. Pure.

import type { List, ListItem, Nodes, Root, RootContent } from 'mdast';
import type { FenceRecord, InfoPage, Runbook, TextBlock } from './model';
import { endLine, inlineText, plainText, startLine } from './markdown';
import { cleanTitle } from './headings';
import type { Section } from './sections';

/** Every line a step, a statement, an expectation or a decision answer stands on. */
function stepLines(runbook: Runbook): Set<number> {
  const lines = new Set<number>();
  for (const s of runbook.steps) {
    for (const n of [s.line, s.fenceLine, s.commandLine, s.expectation?.line, ...(s.statements ?? []).map((st) => st.line)]) if (n !== undefined) lines.add(n);
  }
  for (const d of runbook.decisions) {
    lines.add(d.line);
    for (const a of d.answers) lines.add(a.line);
  }
  return lines;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

function itemLines(item: ListItem, marker: string, depth: number, holdsStep: (n: Nodes) => boolean): string[] {
  if (holdsStep(item)) return [];
  const pad = '  '.repeat(depth);
  const own = item.children.filter((c) => c.type !== 'list' && c.type !== 'code').map((c) => oneLine(inlineText(c)));
  const lines = [`${pad}${marker} ${own.join(' ')}`.trimEnd()];
  for (const child of item.children) {
    if (child.type === 'list') lines.push(...listLines(child, depth + 1, holdsStep));
    else if (child.type === 'code') lines.push(...child.value.split('\n').map((l) => `${pad}    ${l}`));
  }
  return lines;
}

function listLines(list: List, depth: number, holdsStep: (n: Nodes) => boolean): string[] {
  return list.children.flatMap((item, i) => itemLines(item, marker(list, i), depth, holdsStep));
}

const marker = (list: List, i: number) => (list.ordered ? `${(list.start ?? 1) + i}.` : '•');

/** Which lines hold a step, and the fences the parse recorded: what a list is read against. */
interface Reading {
  holdsStep: (n: Nodes) => boolean;
  stepOn: (line: number) => boolean;
  fences: FenceRecord[];
}

/**
 * A list read item by item. A check is a step: its words are the step's. An item whose
 * fence (or nested list) holds steps keeps its own words where they stand, so "2. As root,
 * run the upgrade:" leads to the step of its ```bash; the other items run together as text.
 */
function listBlocks(list: List, depth: number, r: Reading): TextBlock[] {
  const blocks: TextBlock[] = [];
  // Items holding no step, one after another: one block, where the first of them stands.
  let together: TextBlock & { kind: 'list' } | null = null;
  list.children.forEach((item, i) => {
    if (!r.holdsStep(item)) {
      together ??= { kind: 'list', line: startLine(item), items: [] };
      together.items.push(...itemLines(item, marker(list, i), depth, r.holdsStep));
      return;
    }
    if (together) blocks.push(together);
    together = null;
    if (!r.stepOn(startLine(item))) blocks.push(...itemBlocks(item, marker(list, i), depth, r));
  });
  if (together) blocks.push(together);
  return blocks;
}

/** An item holding steps: each of its parts that is not one, where it stands; its first words under its marker. */
function itemBlocks(item: ListItem, mark: string, depth: number, r: Reading): TextBlock[] {
  const blocks: TextBlock[] = [];
  let first = true;
  for (const child of item.children) {
    if (child.type === 'list') blocks.push(...listBlocks(child, depth + 1, r));
    else if (!r.holdsStep(child)) {
      const text = child.type === 'paragraph' ? oneLine(inlineText(child)) : '';
      if (first && text) blocks.push({ kind: 'list', line: startLine(child), items: [`${'  '.repeat(depth)}${mark} ${text}`] });
      else blocks.push(...block(child, r));
    }
    first = false;
  }
  return blocks;
}

function block(node: RootContent, r: Reading, title: string | null = null): TextBlock[] {
  const line = startLine(node);
  switch (node.type) {
    case 'heading': {
      const text = oneLine(inlineText(node));
      // The document's title is the header's, not text of a step.
      return node.depth === 1 && cleanTitle(plainText(node).replace(/\s+/g, ' ').trim()) === title ? [] : [{ kind: 'heading', line, depth: node.depth, text }];
    }
    case 'paragraph': {
      // Its lines flowed: the source's line ends are the author's editor, not breaks; a hard break stays one.
      const text = inlineText(node, ' ').trim();
      return text ? [{ kind: 'prose', line, text }] : [];
    }
    case 'blockquote': {
      // Each paragraph of the quote flowed into one line (the front ends wrap it under '> ').
      const text = node.children
        .map((child) => inlineText(child, ' ').trim())
        .filter((t) => t !== '')
        .join('\n');
      return text ? [{ kind: 'prose', line, text: text.replace(/^/gm, '> ') }] : [];
    }
    case 'list':
      return listBlocks(node, 0, r);
    case 'table': {
      const [head, ...body] = node.children.map((row) => row.children.map((cell) => oneLine(inlineText(cell))));
      return head ? [{ kind: 'table', line, header: head, rows: body }] : [];
    }
    case 'code':
      return [{ kind: 'code', line, lang: node.lang ?? null, text: node.value, became: r.fences.find((f) => f.line === line)?.became ?? 'display' }];
    default:
      // Front matter, HTML, rules: nothing an operator reads as text.
      return [];
  }
}

function ancestorsOf(s: Section): Section[] {
  const out: Section[] = [];
  for (let p = s.parent; p; p = p.parent) out.push(p);
  return out;
}

/** The section's last line: the line before the next heading at its depth or above. */
function sectionEnd(section: Section, sections: Section[], lastLine: number): number {
  const next = sections.find((s) => s.line > section.line && s.depth > 0 && s.depth <= section.depth);
  return next ? next.line - 1 : lastLine;
}

/** What a paragraph, or an item standing alone (an item's words before its steps), says; '' for the rest. */
function saying(b: TextBlock): string {
  if (b.kind === 'prose') return b.text;
  return b.kind === 'list' && b.items.length === 1 ? (b.items[0] ?? '').replace(/^\s*(?:\d+\.|•)\s+/, '') : '';
}

/** The author's text of the file and its information pages. */
export function authorText(tree: Root, sections: Section[], runbook: Runbook, lastLine: number, title: string | null): { text: TextBlock[]; pages: InfoPage[] } {
  const taken = stepLines(runbook);
  const holdsStep = (n: Nodes) => {
    for (let l = startLine(n); l <= endLine(n); l++) if (taken.has(l)) return true;
    return false;
  };
  const reading: Reading = { holdsStep, stepOn: (line) => taken.has(line), fences: runbook.fences };
  // A paragraph a step already shows as its description is not said twice.
  const plain = (t: string) => t.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
  const described = new Set(runbook.steps.flatMap((s) => (s.description ? [plain(s.description)] : [])));
  // A list a step shows as its description (a rollback decision's criteria) is not said again.
  const item = (t: string) => plain(t.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, ''));
  const describedItems = new Set(runbook.steps.flatMap((s) => (s.kind === 'decision' && s.description ? s.description.split('\n').map(item) : [])));
  const listDescribed = (b: TextBlock) => b.kind === 'list' && b.items.length > 0 && b.items.every((i) => describedItems.has(item(i)));
  const text: TextBlock[] = [];
  for (const node of tree.children) {
    // A list is read item by item: its checks are steps, its other items text.
    if (node.type !== 'list' && holdsStep(node)) continue;
    for (const b of block(node, reading, title)) {
      const said = plain(saying(b));
      if ((said === '' || !described.has(said)) && !listDescribed(b)) text.push(b);
    }
  }
  const depth = sections.filter((s) => s.depth === 1).length > 1 ? 1 : 2;
  const lines = [...taken];
  const planIds = new Set(runbook.plans.map((p) => p.id));
  const pages: InfoPage[] = [];
  const paged = new Set<Section>();
  for (const s of sections) {
    if (s.depth < depth || (s.parent && paged.has(s.parent))) continue;
    const end = sectionEnd(s, sections, lastLine);
    if (lines.some((l) => l >= s.line && l <= end) || !text.some((b) => b.line > s.line && b.line <= end)) continue;
    // Inside a phase: a page of that phase; inside a plan or a page: text of its steps, or of the page.
    let home: Section | null = s;
    while (home && home.depth > depth) home = home.parent;
    if (s.depth > depth && (!home || planIds.has(home.id) || !runbook.phases.some((p) => p.id === home?.id) || ancestorsOf(s).some((a) => planIds.has(a.id)))) continue;
    paged.add(s);
    pages.push({ id: s.id, title: s.title, line: s.line, phase: s.depth > depth ? (home?.id ?? null) : null, end, reference: s.reference });
  }
  return { text, pages };
}
