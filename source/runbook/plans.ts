// Which sections are plans — entered on purpose, never walked — and where each decision
// leaf leads. A section a leaf names becomes a plan, unless it is a phase of the walk.

import { DialectError, type LeadsTo } from './model';
import { ancestors, descendants, isProceduresTitle, isQuestionTitle, isRollbackPlanTitle, isUndoTitle, type Section } from './sections';
import type { StepDraft } from './drafts';
import { isQuestion, type LeafDraft, type QuestionDraft } from './decisions';
import { matchLeaf, type HeadingRef } from './decision-text';

export interface Layout {
  /** Sections whose steps form a plan (the nearest one above a step is its plan). */
  plans: Set<Section>;
  /** Depth of the headings that are phases: 2, or 1 when the file has several `#` headings. */
  phaseDepth: number;
}

export function planOf(section: Section, plans: Set<Section>): Section | null {
  return ancestors(section).find((s) => plans.has(s)) ?? null;
}

export function phaseSectionOf(section: Section, phaseDepth: number): Section | null {
  return ancestors(section).find((s) => s.depth === phaseDepth) ?? null;
}

/** Plans named by their headings or annotations, before any leaf is resolved. */
export function namedPlans(sections: Section[], steps: StepDraft[]): Set<Section> {
  const plans = new Set<Section>();
  // Which sections hold (themselves or below) any step, a decision, a step that is no decision:
  // found once, from each step up, rather than by filtering every step for every section.
  const holdsStep = new Set<Section>();
  const holdsDecision = new Set<Section>();
  const holdsWork = new Set<Section>();
  for (const st of steps) {
    for (const a of ancestors(st.section)) {
      holdsStep.add(a);
      (st.kind === 'decision' ? holdsDecision : holdsWork).add(a);
    }
  }
  const handled = new Set<Section>();
  for (const section of sections) {
    if (section.annotations.plan) plans.add(section);
    // `<!-- runbook: plan=false -->`: walked, whatever its heading says.
    if (section.annotations.plan === false) handled.add(section);
    if (handled.has(section)) continue;
    if (isUndoTitle(section.title) && !isProceduresTitle(section.title) && !holdsDecision.has(section)) {
      // A section named for undoing the change is one plan, subsections and all.
      for (const d of descendants(section)) handled.add(d);
      if (holdsStep.has(section)) plans.add(section);
      continue;
    }
    if (!isRollbackPlanTitle(section.title) && !isProceduresTitle(section.title)) continue;
    for (const d of descendants(section)) handled.add(d);
    const direct = steps.some((st) => st.section === section && st.kind !== 'decision');
    const parts = section.children.filter((c) => holdsWork.has(c));
    if (!holdsDecision.has(section) && parts.length === 0 && !isProceduresTitle(section.title)) {
      plans.add(section);
      continue;
    }
    // Its parts are the plans; a decision tree in it stays in the walk.
    if (direct) plans.add(section);
    for (const part of parts) plans.add(part);
  }
  for (const part of questionParts(sections, holdsWork)) if (part.annotations.plan !== false) plans.add(part);
  return plans;
}

/**
 * A document (or section) whose parts answer questions — "How do I restore a table?",
 * "What if the replica lags?" — is a set of independent procedures: each part is a plan.
 * `holdsWork`: the sections with a step that is no decision in them or below.
 */
function questionParts(sections: Section[], holdsWork: Set<Section>): Section[] {
  const found: Section[] = [];
  for (const parent of sections) {
    const parts = parent.children.filter((c) => holdsWork.has(c));
    const questions = parts.filter((c) => isQuestionTitle(c.title));
    if (questions.length >= 2 && questions.length * 3 >= parts.length * 2) found.push(...parts);
  }
  return found;
}

export interface ResolveContext {
  sections: Section[];
  steps: StepDraft[];
  plans: Set<Section>;
  phaseDepth: number;
  warnings: { line: number; message: string }[];
}

// Both below are asked once per decision leaf; plans only grow while leaves resolve, so
// what they say holds until the next plan is added (a rescan per leaf made big files crawl).
interface WalkInfo {
  plans: number;
  /** Sections holding at least one step of the walk. */
  sections: Set<Section>;
  refs?: HeadingRef[];
}
const walkCache = new WeakMap<ResolveContext, WalkInfo>();

function walkInfo(ctx: ResolveContext): WalkInfo {
  const known = walkCache.get(ctx);
  if (known && known.plans === ctx.plans.size) return known;
  const sections = new Set<Section>();
  for (const s of ctx.steps) if (planOf(s.section, ctx.plans) === null) for (const a of ancestors(s.section)) sections.add(a);
  const info: WalkInfo = { plans: ctx.plans.size, sections };
  walkCache.set(ctx, info);
  return info;
}

function hasWalkSteps(section: Section, ctx: ResolveContext): boolean {
  return walkInfo(ctx).sections.has(section);
}

function headingRefs(ctx: ResolveContext): HeadingRef[] {
  const info = walkInfo(ctx);
  info.refs ??= ctx.sections
    .filter((s) => s.depth >= ctx.phaseDepth)
    .map((s) => ({
      id: s.id,
      title: s.title,
      kind: ctx.plans.has(s) ? 'plan' : s.depth === ctx.phaseDepth && hasWalkSteps(s, ctx) ? 'phase' : 'section',
    }));
  return info.refs;
}

/** The heading a `#anchor` names: its code-host anchor, or its slug or id. */
export function byAnchor(anchor: string, sections: Section[]): Section | undefined {
  let a = anchor;
  try {
    a = decodeURIComponent(anchor);
  } catch {
    // a stray % stays as written
  }
  a = a.toLowerCase();
  return sections.find((s) => s.depth > 0 && (s.anchor === a || s.id === a || s.slug === a));
}

/** Where one leaf leads; may turn the section it names into a plan. */
function resolveLeaf(leaf: LeafDraft, tree: StepDraft, ctx: ResolveContext): LeadsTo {
  if (leaf.proceed) return { kind: 'text', id: null, title: 'Continue' };
  if (leaf.rollback) return rollbackPlan(leaf, tree, ctx);
  let target: Section | undefined;
  if (leaf.anchor !== undefined) {
    target = byAnchor(leaf.anchor, ctx.sections);
    if (!target) throw new DialectError(leaf.line, `link #${leaf.anchor} names no heading in this file`);
  } else {
    const ref = matchLeaf(leaf.text, headingRefs(ctx));
    target = ref ? ctx.sections.find((s) => s.id === ref.id) : undefined;
    if (!target) {
      ctx.warnings.push({ line: leaf.line, message: `decision leaf "${leaf.text}" names no heading; it stays text` });
      return { kind: 'text', id: null, title: leaf.text };
    }
  }
  return leadTo(target, leaf, ctx, tree);
}

/** The phase of the walk that follows the one a step stands in. */
function nextPhase(step: StepDraft, ctx: ResolveContext): Section | null {
  const home = phaseSectionOf(step.section, ctx.phaseDepth);
  return ctx.sections.find((s) => s.depth === ctx.phaseDepth && s.line > (home?.line ?? step.line) && hasWalkSteps(s, ctx)) ?? null;
}

function leadTo(target: Section, leaf: LeafDraft, ctx: ResolveContext, tree: StepDraft): LeadsTo {
  if (ctx.plans.has(target)) return { kind: 'plan', id: target.id, title: target.title };
  const isPhase = target.depth === ctx.phaseDepth && hasWalkSteps(target, ctx);
  if (isPhase && !(leaf.onPurpose && nextPhase(tree, ctx) !== target)) return { kind: 'phase', id: target.id, title: target.title };
  const within = new Set(descendants(target));
  if (ctx.steps.some((s) => within.has(s.section))) {
    ctx.plans.add(target);
    return { kind: 'plan', id: target.id, title: target.title };
  }
  if (!target.reference) ctx.warnings.push({ line: leaf.line, message: `decision leaf leads to "${target.title}", which holds no steps` });
  return { kind: 'text', id: null, title: target.title };
}

/** Criteria YES: the rollback plans of the tree's phase, else the next plan in the file. */
function rollbackPlan(leaf: LeafDraft, tree: StepDraft, ctx: ResolveContext): LeadsTo {
  const home = phaseSectionOf(tree.section, ctx.phaseDepth) ?? tree.section;
  const planList = ctx.sections.filter((s) => ctx.plans.has(s));
  const within = new Set(descendants(home));
  let found = planList.filter((p) => within.has(p));
  if (found.length === 0) found = planList.filter((p) => p.line > tree.line).slice(0, 1);
  if (found.length === 0) {
    ctx.warnings.push({ line: leaf.line, message: 'no rollback plan found for these criteria; name one with <!-- runbook: plan --> on its heading' });
    return { kind: 'text', id: null, title: 'Roll back' };
  }
  const only = found.length === 1 ? found[0] : undefined;
  if (only) return { kind: 'plan', id: only.id, title: only.title };
  // Several plans in the section: which one is a question of its own.
  return { kind: 'question', id: null, title: 'Which rollback plan?' };
}

/** Plans a criteria YES may lead to, when there are several: the nested question's answers. */
export function rollbackChoices(tree: StepDraft, ctx: ResolveContext): Section[] {
  const home = phaseSectionOf(tree.section, ctx.phaseDepth) ?? tree.section;
  const within = new Set(descendants(home));
  return ctx.sections.filter((s) => ctx.plans.has(s) && within.has(s));
}

export interface ResolvedQuestion {
  question: string;
  line: number;
  answers: { label: string; line: number; leadsTo: LeadsTo; next?: ResolvedQuestion }[];
}

/** Resolves every leaf of a tree (in answer order). */
export function resolveTree(q: QuestionDraft, step: StepDraft, ctx: ResolveContext): ResolvedQuestion {
  return {
    question: q.question,
    line: q.line,
    answers: q.answers.map((a) => {
      if (isQuestion(a.next)) {
        const next = resolveTree(a.next, step, ctx);
        return { label: a.label, line: a.line, leadsTo: { kind: 'question', id: null, title: a.next.question }, next };
      }
      const leadsTo = resolveLeaf(a.next, step, ctx);
      if (leadsTo.kind !== 'question') return { label: a.label, line: a.line, leadsTo };
      const choices = rollbackChoices(step, ctx);
      const next: ResolvedQuestion = {
        question: leadsTo.title,
        line: a.line,
        answers: choices.map((p) => ({ label: p.title, line: p.line, leadsTo: { kind: 'plan', id: p.id, title: p.title } })),
      };
      return { label: a.label, line: a.line, leadsTo, next };
    }),
  };
}
