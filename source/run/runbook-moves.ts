// What an edit to the runbook did to its shape, which step digests do not see: a phase or
// plan renamed (its title, and with it the id made from it), and a step moved to another
// phase or plan. Resume lists these beside the changed steps, so an operator going on knows
// the walk is not the one they left. Pure.

import type { StepSummary } from './events';

/** A phase or plan: where a step stands. */
export interface Place {
  kind: 'phase' | 'plan';
  id: string;
  title: string;
}

export interface Renamed {
  kind: Place['kind'];
  from: string;
  to: string;
}

export interface Moved {
  id: string;
  from: string;
  to: string;
}

type Where = Pick<StepSummary, 'id' | 'phase' | 'plan'>;

const key = (kind: Place['kind'], id: string | null): string | null => (id === null ? null : `${kind}:${id}`);
const placeOf = (step: Where): string | null => key('phase', step.phase) ?? key('plan', step.plan);

/**
 * Each place the run began with, mapped to the one the file has now. The same id is the same
 * place; a place whose id is gone (a heading retitled changes its slug) is the new place
 * most of its steps (by id) stand in now. One whose steps are all gone was removed, not renamed.
 */
function pairPlaces(then: Place[], now: Place[], stepsThen: Where[], stepsNow: Map<string, Where>): Map<string, Place> {
  const nowByKey = new Map(now.map((p) => [`${p.kind}:${p.id}`, p]));
  const taken = new Set(then.map((p) => `${p.kind}:${p.id}`).filter((k) => nowByKey.has(k)));
  const paired = new Map<string, Place>();
  // Grouped once: a file with thousands of retitled headings stays one pass.
  const stepsOf = new Map<string, Where[]>();
  for (const s of stepsThen) {
    const k = placeOf(s);
    if (k === null) continue;
    const list = stepsOf.get(k);
    if (list) list.push(s);
    else stepsOf.set(k, [s]);
  }
  for (const p of then) {
    const k = `${p.kind}:${p.id}`;
    const same = nowByKey.get(k);
    if (same) {
      paired.set(k, same);
      continue;
    }
    const votes = new Map<string, number>();
    for (const s of stepsOf.get(k) ?? []) {
      const there = stepsNow.get(s.id);
      const to = there ? placeOf(there) : null;
      if (to !== null && !taken.has(to) && to.startsWith(`${p.kind}:`)) votes.set(to, (votes.get(to) ?? 0) + 1);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const to = best === undefined ? undefined : nowByKey.get(best);
    if (!to) continue;
    taken.add(`${to.kind}:${to.id}`);
    paired.set(k, to);
  }
  return paired;
}

/**
 * Places retitled, and the steps `open` says are still to do that now stand elsewhere than
 * the place they stood in (or its retitled self).
 */
export function movesAndRenames(args: { placesThen: Place[]; placesNow: Place[]; stepsThen: Where[]; stepsNow: Where[]; open: (id: string) => boolean }): { renamed: Renamed[]; moved: Moved[] } {
  const stepsNow = new Map(args.stepsNow.map((s) => [s.id, s]));
  const paired = pairPlaces(args.placesThen, args.placesNow, args.stepsThen, stepsNow);
  const titles = new Map([...args.placesThen, ...args.placesNow].map((p) => [`${p.kind}:${p.id}`, `${p.kind} "${p.title}"`]));
  const renamed: Renamed[] = [];
  for (const p of args.placesThen) {
    const to = paired.get(`${p.kind}:${p.id}`);
    if (to && to.title !== p.title) renamed.push({ kind: p.kind, from: p.title, to: to.title });
  }
  const named = (k: string | null) => (k === null ? 'no phase or plan' : (titles.get(k) ?? k));
  const moved: Moved[] = [];
  for (const s of args.stepsThen) {
    const there = stepsNow.get(s.id);
    if (!there || !args.open(s.id)) continue;
    const [was, is] = [placeOf(s), placeOf(there)];
    const pairedTo = was === null ? null : paired.get(was);
    const expected = pairedTo ? `${pairedTo.kind}:${pairedTo.id}` : was;
    if (expected !== is) moved.push({ id: s.id, from: named(was), to: named(is) });
  }
  return { renamed, moved };
}
