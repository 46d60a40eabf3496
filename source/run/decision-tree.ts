// Walking a decision tree: question by question to a leaf. Pure; the menu and the
// plain runner both use it, and the path taken is what the journal records.

import type { DecisionTree, LeadsTo, Runbook } from '../runbook/model';

export interface DecisionPath {
  /** The root tree the walk started from. */
  tree: string;
  answers: { question: string; answer: string }[];
  leadsTo: LeadsTo;
}

export interface TreeCursor {
  root: string;
  /** The question now asked. */
  at: string;
  answers: { question: string; answer: string; tree: string }[];
}

export function findTree(runbook: Runbook, id: string): DecisionTree | undefined {
  return runbook.decisions.find((d) => d.id === id);
}

export function startTree(root: string): TreeCursor {
  return { root, at: root, answers: [] };
}

/** Answers the current question: either a further question, or a leaf that ends the walk. */
export function choose(runbook: Runbook, cursor: TreeCursor, index: number): { cursor: TreeCursor } | { path: DecisionPath } | null {
  const tree = findTree(runbook, cursor.at);
  const answer = tree?.answers[index];
  if (!tree || !answer) return null;
  const answers = [...cursor.answers, { question: tree.question, answer: answer.label, tree: tree.id }];
  if (answer.leadsTo.kind === 'question' && answer.leadsTo.id && findTree(runbook, answer.leadsTo.id)) {
    return { cursor: { root: cursor.root, at: answer.leadsTo.id, answers } };
  }
  return { path: { tree: cursor.root, answers: answers.map(({ question, answer: a }) => ({ question, answer: a })), leadsTo: answer.leadsTo } };
}

/** One question back; at the root it stays. */
export function back(cursor: TreeCursor): TreeCursor {
  const last = cursor.answers.at(-1);
  if (!last) return cursor;
  return { root: cursor.root, at: last.tree, answers: cursor.answers.slice(0, -1) };
}

/** The root tree to offer when a step fails: the tree of the step's phase, else the first. */
export function treeFor(runbook: Runbook, phase: string | null): DecisionTree | undefined {
  const roots = runbook.decisions.filter((d) => d.step !== null);
  const stepPhase = (id: string | null) => runbook.steps.find((s) => s.id === id)?.phase ?? null;
  return roots.find((d) => phase !== null && stepPhase(d.step) === phase) ?? roots[0];
}
