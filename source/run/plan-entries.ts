// How each plan was entered, from the journal's events: through a decision tree (which
// tree, which answers, why) or opened on purpose (why). One reading for `show` and the
// report, old journals included.

import type { RunEvent } from './events';

export interface PlanEntry {
  /** The plan.entered event's. */
  seq: number;
  at: string;
  how: 'tree' | 'on purpose';
  /** The step to come back to (the decision step the tree was answered at), if any. */
  from: string | null;
  /** Through a tree: its id; the step it was answered at (null: opened after a failure). */
  tree: string | null;
  decidedAt: string | null;
  path: { question: string; answer: string }[];
  /** The operator's reason, as journaled; null when none was. */
  reason: string | null;
}

export interface PlanVisit {
  plan: string;
  /** The plan's title as the decision tree named it; null when no decision names it. */
  title: string | null;
  entries: PlanEntry[];
  /** When it was last left (finished); null while it is open or was never finished. */
  leftAt: string | null;
}

type Decision = Extract<RunEvent, { type: 'decision.taken' }>;
type Entered = Extract<RunEvent, { type: 'plan.entered' }>;

/**
 * The decision that led into `entered`: the controller journals it just before. A journal
 * that names the tree on the entry finds it by tree; an older one only by standing right
 * before it (output chunks aside).
 */
function leadingDecision(entered: Entered, before: RunEvent[]): Decision | null {
  const { plan, tree } = entered.payload;
  for (let i = before.length - 1; i >= 0; i--) {
    const e = before[i];
    if (e === undefined || e.type === 'output') continue;
    if (e.type === 'plan.entered') return null;
    if (e.type === 'decision.taken' && e.payload.leadsTo.id === plan && (tree === undefined || e.payload.tree === tree)) return e;
    if (tree === undefined) return null;
  }
  return null;
}

function entry(entered: Entered, decision: Decision | null): PlanEntry {
  const p = entered.payload;
  // A decision with no answers is no path through a tree: the plan was opened on purpose.
  const throughTree = decision !== null && decision.payload.path.length > 0;
  const reason = p.reason ?? decision?.payload.reason ?? null;
  const how = throughTree || (decision === null && p.tree !== undefined) ? 'tree' : 'on purpose';
  return {
    seq: entered.seq,
    at: entered.at,
    how,
    from: p.from,
    tree: how === 'on purpose' ? null : (p.tree ?? decision?.payload.tree ?? null),
    decidedAt: decision?.payload.step ?? null,
    path: throughTree ? decision.payload.path : [],
    reason: reason === null || reason.trim() === '' ? null : reason,
  };
}

/** Every plan entered, in the order first entered, with each entry and when it was left. */
export function planVisits(events: RunEvent[]): PlanVisit[] {
  const visits = new Map<string, PlanVisit>();
  events.forEach((e, i) => {
    if (e.type === 'plan.entered') {
      const decision = leadingDecision(e, events.slice(Math.max(0, i - 50), i));
      const visit = visits.get(e.payload.plan) ?? { plan: e.payload.plan, title: null, entries: [], leftAt: null };
      visit.title = decision?.payload.leadsTo.title ?? visit.title;
      visit.entries.push(entry(e, decision));
      visit.leftAt = null;
      visits.set(e.payload.plan, visit);
    }
    if (e.type === 'plan.left') {
      const visit = visits.get(e.payload.plan);
      if (visit) visit.leftAt = e.at;
    }
  });
  return [...visits.values()];
}
