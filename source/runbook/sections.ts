// The heading tree, and what a heading's words say about its section:
// reference (shown, never run), a rollback plan (entered on purpose), or a plain section.

import type { Annotations } from './model';

export interface Section {
  /** Heading text, emoji and mojibake stripped. */
  title: string;
  /** 0 for the text before any heading. */
  depth: number;
  line: number;
  /** Unique among sections (-2, -3 for repeats): phase and plan ids. */
  id: string;
  /** slugify(title) as is: the stable first half of step ids. */
  slug: string;
  /** The anchor a code host gives the heading (`#62-rollback-plan-a-database-migration`). */
  anchor: string;
  parent: Section | null;
  children: Section[];
  annotations: Annotations;
  /** Under a reference heading (Appendix, Useful Commands, …): shown, never run. */
  reference: boolean;
}

// Headings of sections that are shown, never run.
const REFERENCE = [
  /\bappendix\b/i,
  /\bquick reference\b/i,
  /^(\d+(\.\d+)*\.?\s+)?references?\b/i,
  /\breference (commands|guide|material|section)\b/i,
  /\buseful commands\b/i,
  /\bcheat ?sheet\b/i,
  /\bemergency contacts?\b/i,
  /\bcontacts?\b/i,
  /\bdocumentation links\b/i,
  /^(\d+(\.\d+)*\.?\s+)?(links|see also|further reading|glossary)\b/i,
  /\bescalation\b/i,
];

export function isReferenceTitle(title: string): boolean {
  return REFERENCE.some((re) => re.test(title));
}

// "Rollback Plan A: …", "Rollback Procedure", "Rollback Steps", "Full Rollback (Nuclear Option)".
const ROLLBACK_PLAN = [
  /\broll-?\s?back\s+(plans?|procedures?|steps|runbook|playbook)\b/i,
  /\bfull\s+roll-?\s?back\b/i,
  /\bnuclear option\b/i,
  /\brevert\s+(plans?|procedures?|steps)\b/i,
];

// The words teams use for undoing a change: "## Rollback", "### Roll-back", "## Backout",
// "Reverting the upgrade", "Undo". A heading that names one is a plan — unless it is about the
// plan rather than the plan itself (criteria, a decision, an analysis, a test of it).
const UNDO_WORD = /\b(?:roll(?:ing)?[- ]?back|rolled[- ]back|back(?:ing)?[- ]?out|revert(?:ing)?|undo(?:ing)?)\b/i;
const ABOUT_THE_PLAN = /\b(?:criteria|triggers?|decision|decide|when to|whether|analysis|post-|pre-|test(?:ing)?|verify|readiness|rehearsal|review|documented|window)\b/i;

export function isRollbackPlanTitle(title: string): boolean {
  return ROLLBACK_PLAN.some((re) => re.test(title)) || isUndoTitle(title);
}

/** "## Rollback", "### Roll-back", "## Backout", "## Revert the config": one plan, its subsections its steps. */
export function isUndoTitle(title: string): boolean {
  return !ROLLBACK_PLAN.some((re) => re.test(title)) && UNDO_WORD.test(title) && !ABOUT_THE_PLAN.test(title);
}

// Collections of on-demand procedures ("Operational Runbooks", "Troubleshooting"): each
// of their subsections is a plan, opened when its situation arises, never walked.
const PROCEDURES = [
  /\b(operational\s+)?run-?books\b/i,
  /\btroubleshooting\b/i,
  /\bplaybooks\b/i,
  /\bincident (response|procedures)\b/i,
  /\bfaqs?\b|\bfrequently asked\b/i,
  /\bhow-?tos\b|\bcommon (tasks|operations|procedures|problems|issues)\b|\brecipes\b|\bcookbook\b/i,
];

export function isProceduresTitle(title: string): boolean {
  return PROCEDURES.some((re) => re.test(title));
}

/** "How do I restore a single table?", "What if the replica lags?": a question a procedure answers. */
export function isQuestionTitle(title: string): boolean {
  return /\?\s*$/.test(title) || /^(?:\d+(?:\.\d+)*\.?\s+)?(?:how (?:do|can|to|should) |what (?:if|to do)\b|why |can i |i (?:want|need) to )/i.test(title);
}

/** "When to Rollback", "Rollback Criteria": a list under it is a criteria decision. */
export function isRollbackCriteriaTitle(title: string): boolean {
  return /\bwhen to roll-?\s?back\b/i.test(title) || /\broll-?\s?back\s+(criteria|triggers)\b/i.test(title);
}

export function ancestors(section: Section): Section[] {
  const out: Section[] = [];
  for (let s: Section | null = section; s; s = s.parent) out.push(s);
  return out;
}

export function descendants(section: Section): Section[] {
  return [section, ...section.children.flatMap(descendants)];
}

export function isWithin(section: Section, outer: Section): boolean {
  return ancestors(section).includes(outer);
}
