// A decision tree must end somewhere: an answer that leads to a plan which opens on a
// question already asked on the way there (its own, or one that leads back to it) makes a
// menu that goes round and never reaches a plan that does anything. Such a file is refused
// at the answer's line. A plan that does something before it asks again is a retry, not a
// loop; an answer leading to a phase goes on with the walk, where an answered question is done.

import { DialectError, type DecisionTree, type Step } from './model';

/** The step each plan opens on: the first of its steps, in runbook order. */
function openingSteps(steps: Step[]): Map<string, Step> {
  const first = new Map<string, Step>();
  for (const s of steps) if (s.plan !== null && !first.has(s.plan)) first.set(s.plan, s);
  return first;
}

export function refuseDecisionLoops(decisions: DecisionTree[], steps: Step[]): void {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const rootOfStep = new Map(decisions.flatMap((d) => (d.step === null ? [] : [[d.step, d] as const])));
  const opening = openingSteps(steps);
  /** The root tree an answer's plan opens on, if it opens on a question. */
  const opensOn = (kind: string, id: string | null): DecisionTree | undefined => {
    const first = id === null || kind !== 'plan' ? undefined : opening.get(id);
    return first?.kind === 'decision' ? rootOfStep.get(first.id) : undefined;
  };
  const done = new Set<string>();
  const onPath: DecisionTree[] = [];
  // Depth-first over root trees; nested questions are walked inside their root.
  const visit = (root: DecisionTree): void => {
    onPath.push(root);
    const questions = [root];
    for (let i = 0; i < questions.length; i++) {
      for (const answer of questions[i]?.answers ?? []) {
        const { kind, id } = answer.leadsTo;
        const nested = kind === 'question' && id !== null ? byId.get(id) : undefined;
        if (nested) {
          questions.push(nested);
          continue;
        }
        const next = opensOn(kind, id);
        if (next === undefined || done.has(next.id)) continue;
        if (onPath.includes(next)) {
          throw new DialectError(answer.line, `decision answer "${answer.label}" leads back to "${next.question}" (line ${next.line}), a question already on its path: the menu would go round and never reach a plan; lead it to a plan that does something, or to a phase`);
        }
        visit(next);
      }
    }
    onPath.pop();
    done.add(root.id);
  };
  for (const d of decisions) if (d.step !== null && !done.has(d.id)) visit(d);
}
