// Walks the Markdown blocks in document order: builds the heading tree and hands each block
// to its reader, keeping what a block says about the next one (a label, an annotation).

import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import type { Annotations, FrontMatter } from './model';
import { isReferenceTitle, isRollbackCriteriaTitle, type Section } from './sections';
import { newCollected, warn, type Collected, type StepDraft } from './drafts';
import { parseCommentAnnotations } from './annotations';
import { slugify } from './slug';
import { cleanTitle, githubAnchor } from './headings';
import { anchorLinks, htmlNodes, inlineText, plainText, startLine } from './markdown';
import { emptyFrontMatter, parseFrontMatter } from './front-matter';
import { readFence, decisionStep } from './fences';
import { invitesCommand, isDisplayLabel } from './fence-kinds';
import { readList } from './steps-lists';
import { readTable } from './steps-table';
import { accountForFences, findCommandSpans } from './accounting';
import { paragraphSteps, promptLines, spanAlone } from './paragraphs';
import { isCriteriaLead, listCriteria, listTrees, criteriaTree, decideTree, isDecideLead } from './decisions';
import { conditionOf } from './conditions';
import { expectAfterFence } from './expected-after';

export interface Walked {
  title: string | null;
  root: Section;
  sections: Section[];
  frontMatter: FrontMatter;
  steps: StepDraft[];
  collected: Collected;
}

interface Carry {
  label: { text: string; line: number } | null;
  prose: string | null;
  criteriaLead: { line: number } | null;
  pending: Annotations | null;
  /** "If the replica is still lagging, run:" before a fence, or the list item it stands in. */
  condition: string | null;
  /** "Decide whether to fail over:" right before a list of outcomes. */
  decideLead: { text: string; line: number } | null;
  /** The block before was plain-text commands: a short command-shaped line goes on with them. */
  commands: boolean;
  /** The steps the fence right above made: an `Expected:` line under it is theirs (expected-after.ts). */
  fence: StepDraft[] | null;
}

const NOTHING: Carry = { label: null, prose: null, criteriaLead: null, pending: null, condition: null, decideLead: null, commands: false, fence: null };

export function walkDocument(tree: Root, lines: string[]): Walked {
  const out = newCollected();
  const root: Section = { title: '', depth: 0, line: 1, id: '', slug: '', anchor: '', parent: null, children: [], annotations: {}, reference: false };
  const sections: Section[] = [root];
  const ids = new Map<string, number>();
  const anchors = new Map<string, number>();
  const steps: StepDraft[] = [];
  let frontMatter = emptyFrontMatter();
  let title: string | null = null;
  let current = root;
  let carry: Carry = NOTHING;

  // Which sections hold a step so far, asked per list: a search of every step each time was
  // quadratic in a file of thousands of sections.
  const holding = new Set<Section>();
  const emit = (step: StepDraft) => {
    steps.push(step);
    holding.add(step.section);
  };
  /** The steps each fence made, for the `Expected:` line a list item holds under its fence. */
  const madeBy = new Map<Nodes, StepDraft[]>();
  const readFenceSteps = (node: Nodes, read: () => void): StepDraft[] => {
    const before = steps.length;
    read();
    const made = steps.slice(before);
    madeBy.set(node, made);
    return made;
  };
  /** An `Expected:` paragraph under a fence: the fence's step takes it, or a warning says why not. */
  const expectedAfter = (paragraph: Paragraph, made: StepDraft[] | null | undefined): boolean => {
    const after = made ? expectAfterFence(paragraph, made) : null;
    if (after) warn(out, startLine(paragraph), after.warning);
    return after !== null;
  };

  const openSection = (node: Heading, pending: Annotations | null) => {
    const raw = plainText(node).replace(/\s+/g, ' ').trim();
    const text = cleanTitle(raw);
    const depth = node.depth;
    if (depth === 1 && title === null) title = text;
    let parent: Section = current;
    while (parent.depth >= depth && parent.parent) parent = parent.parent;
    const slug = slugify(text);
    const seen = ids.get(slug || 'section') ?? 0;
    ids.set(slug || 'section', seen + 1);
    const anchorBase = githubAnchor(raw);
    const anchorSeen = anchors.get(anchorBase) ?? 0;
    anchors.set(anchorBase, anchorSeen + 1);
    const annotations = { ...(pending ?? {}), ...commentAnnotations(node) };
    const section: Section = {
      title: text,
      depth,
      line: startLine(node),
      id: annotations.id ?? (seen === 0 ? slug || 'section' : `${slug || 'section'}-${seen + 1}`),
      slug,
      anchor: anchorSeen === 0 ? anchorBase : `${anchorBase}-${anchorSeen}`,
      parent,
      children: [],
      annotations,
      reference: parent.reference || isReferenceTitle(text),
    };
    parent.children.push(section);
    sections.push(section);
    current = section;
  };

  const itemAnnotations = (item: ListItem): Annotations => {
    let found: Annotations = {};
    for (const child of item.children) {
      if (child.type === 'html') found = { ...found, ...(parseCommentAnnotations(child.value, startLine(child)) ?? {}) };
      if (child.type === 'paragraph') found = { ...found, ...commentAnnotations(child) };
    }
    return found;
  };

  const readBlock = (node: Nodes, section: Section, c: Carry): Carry => {
    for (const html of htmlNodes(node)) for (const m of html.html.matchAll(/\b(?:name|id)=["']([^"']+)["']/g)) out.htmlAnchors.push(m[1] ?? '');
    switch (node.type) {
      case 'yaml':
        if (startLine(node) === 1) frontMatter = parseFrontMatter(node.value, 1);
        return NOTHING;
      case 'heading':
        openSection(node, c.pending);
        return NOTHING;
      case 'paragraph':
        return readParagraph(node, section, c);
      case 'list':
        readListBlock(node, section, c);
        return NOTHING;
      case 'code':
        return { ...NOTHING, fence: readFenceSteps(node, () => readFence(node, { section, label: c.label, prose: c.prose, pending: c.pending, lines, condition: c.condition }, out, emit)) };
      case 'table':
        readTableBlock(node, section, c);
        return NOTHING;
      case 'html': {
        const annotations = parseCommentAnnotations(node.value, startLine(node));
        if (annotations) return { ...c, pending: { ...(c.pending ?? {}), ...annotations } };
        if (/^\s*<pre\b/i.test(node.value)) {
          out.displayOnly.push({ line: startLine(node), lang: null, label: c.label?.text ?? null, text: node.value, section });
          warn(out, startLine(node), 'HTML <pre> block shown, not run; use a ``` fence to make it exact');
        }
        return c;
      }
      case 'blockquote': {
        let inner: Carry = c;
        for (const child of node.children) inner = readBlock(child, section, inner);
        return NOTHING;
      }
      default:
        return NOTHING;
    }
  };

  const readParagraph = (node: Paragraph, section: Section, c: Carry): Carry => {
    for (const link of anchorLinks(node)) out.links.push({ anchor: link.anchor, line: startLine(node) });
    if (expectedAfter(node, c.fence)) return NOTHING;
    const alone = spanAlone(node);
    if (alone) {
      return { ...NOTHING, fence: readFenceSteps(node, () => readFence(alone, { section, label: c.label, prose: c.prose, pending: c.pending, lines, origin: 'span' }, out, emit)) };
    }
    const prompts = promptLines(node, lines, c.commands || (c.prose !== null && invitesCommand(c.prose)));
    if (prompts) {
      // `$ command` lines a list item's indentation kept from being a code block, or commands
      // written as plain text: commands all the same.
      const made = readFenceSteps(node, () => readFence(prompts.code, { section, label: c.label, prose: c.prose, pending: c.pending, lines, origin: prompts.origin }, out, emit));
      return { ...NOTHING, commands: prompts.origin === 'bare', fence: made };
    }
    const made = paragraphSteps(node, section, lines, c.pending);
    made.forEach(emit);
    const text = plainText(node).replace(/\s+/g, ' ').trim();
    // `**Expected Migration:**` alone (a stray `:` or space around it aside) is a label.
    const said = node.children.filter((n) => !(n.type === 'text' && /^\s*:?\s*$/.test(n.value)));
    const bold = said.length === 1 && said[0]?.type === 'strong';
    const next: Carry = { ...NOTHING };
    if (made.length > 0) return next;
    if (bold || (text.endsWith(':') && text.length <= 60 && isDisplayLabel(text))) next.label = { text: text.replace(/\s*:\s*$/, ''), line: startLine(node) };
    else {
      next.prose = text;
      next.condition = conditionOf(text);
    }
    if (isCriteriaLead(text)) next.criteriaLead = { line: startLine(node) };
    if (isDecideLead(text)) next.decideLead = { text, line: startLine(node) };
    return next;
  };

  const readListBlock = (list: List, section: Section, c: Carry) => {
    for (const item of list.children) for (const link of anchorLinks(item)) out.links.push({ anchor: link.anchor, line: startLine(item) });
    // Criteria are conditions, not checks: a task list after "Rollback if…" stays a task list.
    const tasks = list.children.some((i) => i.checked !== null && i.checked !== undefined);
    const firstInSection = !holding.has(section) && isRollbackCriteriaTitle(section.title);
    if (!tasks && (c.criteriaLead || firstInSection)) {
      const leadLine = c.criteriaLead?.line ?? startLine(list);
      if (!c.criteriaLead) warn(out, startLine(list), `list under "${section.title}" read as rollback criteria (a decision)`);
      const tree = criteriaTree(leadLine, startLine(list));
      emit(decisionStep(tree, { section, line: leadLine, firstLine: leadLine, annotations: c.pending ?? {} }, listCriteria(list)));
      return;
    }
    // "Decide whether …" (a paragraph, or the heading the list opens) and its outcomes.
    const headingLead = !holding.has(section) && isDecideLead(section.title) ? { text: section.title, line: section.line } : null;
    const lead = c.decideLead ?? headingLead;
    const decided = !tasks && lead ? decideTree(lead.text, lead.line, list) : null;
    if (decided && lead) {
      emit(decisionStep(decided, { section, line: lead.line, firstLine: lead.line, annotations: c.pending ?? {} }));
      return;
    }
    const trees = listTrees(list);
    if (trees) {
      trees.forEach((t, i) => emit(decisionStep(t, { section, line: t.line, firstLine: t.line, annotations: i === 0 ? (c.pending ?? {}) : {} })));
      return;
    }
    readList(list, {
      section,
      label: c.label,
      pending: c.pending,
      itemAnnotations,
      readBlock: (node, s, condition) => void readBlock(node, s, { ...NOTHING, condition: condition ?? null }),
      isPromptParagraph: (node) => promptLines(node, lines) !== null,
      expectedAfter: (paragraph, previous) => expectedAfter(paragraph, madeBy.get(previous)),
      fallback: (step, ordered) => (ordered ? out.fallback : out.fallbackBullets).push(step),
      decide: (item, text, sub) => {
        const tree = isDecideLead(text) ? decideTree(text, startLine(item), sub) : null;
        if (tree) emit(decisionStep(tree, { section, line: startLine(item), firstLine: startLine(item), annotations: {} }));
        return tree !== null;
      },
      emit,
    });
  };

  const readTableBlock = (node: Table, section: Section, c: Carry) => {
    const [head, ...body] = node.children;
    if (!head) return;
    const cells = (row: typeof head) => row.children.map((cell) => inlineText(cell).trim());
    const rows = readTable(cells(head), body.map((r) => ({ cells: cells(r), line: startLine(r) })), section);
    const signoffLabel = c.label ?? { text: 'Sign-off', line: startLine(node) };
    for (const step of rows ?? []) emit({ ...step, annotations: { ...(c.pending ?? {}), ...step.annotations }, ...(step.kind === 'signoff' ? { signoffLabel } : {}) });
  };

  for (const node of tree.children as RootContent[]) {
    carry = readBlock(node, current, carry);
  }
  accountForFences(tree, out);
  findCommandSpans(tree, sections, out);
  return { title, root, sections, frontMatter, steps, collected: out };
}

function commentAnnotations(node: Nodes): Annotations {
  let found: Annotations = {};
  for (const c of htmlNodes(node)) found = { ...found, ...(parseCommentAnnotations(c.html, c.line) ?? {}) };
  return found;
}

