// Moving through the run with the information pages among the steps: ↑/↓ and ←/→ stop
// on a page ("Summary of Changes") where it stands in the file, between the phases. A
// page is read-only: nothing runs from it. Pure.

import type { Runbook } from '../../runbook/model';
import type { RunState } from '../../run/state';
import { stillToDo } from '../../run/step-status';
import type { ScreenAction } from './screen-state';
import { neighbour, phaseOf, phaseStep, visibleSteps } from './step-order';

export type Place = { kind: 'step'; id: string } | { kind: 'page'; id: string };

/** The order ↑/↓ walk: pages before the first walk step after them; pages past the walk after its last step. */
export function places(state: RunState, runbook: Runbook): Place[] {
  const pages = [...runbook.pages];
  const out: Place[] = [];
  const walkLast = visibleSteps(state).filter((s) => s.plan === null).at(-1)?.id;
  for (const s of visibleSteps(state)) {
    if (s.plan === null) while (pages[0] && pages[0].line < s.line) out.push({ kind: 'page', id: pages.shift()?.id ?? '' });
    out.push({ kind: 'step', id: s.id });
    if (s.id === walkLast) while (pages[0]) out.push({ kind: 'page', id: pages.shift()?.id ?? '' });
  }
  for (const p of pages) out.push({ kind: 'page', id: p.id });
  return out;
}

/** The phases and pages in file order, as the sidebar lists them. */
export function parts(state: RunState, runbook: Runbook): { kind: 'phase' | 'page'; id: string; line: number }[] {
  const phases = state.phases
    .filter((p) => state.summaries.some((s) => s.plan === null && s.phase === p.id))
    .map((p) => ({ kind: 'phase' as const, id: p.id, line: runbook.phases.find((x) => x.id === p.id)?.line ?? 0 }));
  // A page inside a phase is reached with its phase (and ↑/↓), not on its own.
  const pages = runbook.pages.filter((p) => p.phase === null).map((p) => ({ kind: 'page' as const, id: p.id, line: p.line }));
  return [...phases, ...pages].sort((a, b) => a.line - b.line);
}

const toAction = (place: Place | null | undefined): ScreenAction | null => (place ? (place.kind === 'page' ? { type: 'page', page: place.id } : { type: 'select', step: place.id }) : null);

/**
 * ↑/↓ (delta ±1) from the page or step on screen. Without pages this is `neighbour`.
 * A step is given as its id; the caller turns "the run's own step" into a null selection.
 */
export function moveStep(state: RunState, runbook: Runbook, page: string | null, step: string | null, delta: 1 | -1): ScreenAction | null {
  if (runbook.pages.length === 0) return toAction(stepPlace(neighbour(state, step, delta)));
  const all = places(state, runbook);
  const at = all.findIndex((p) => (page !== null ? p.kind === 'page' && p.id === page : p.kind === 'step' && p.id === step));
  if (at < 0) return toAction(delta < 0 ? all.at(-1) : all[0]);
  return toAction(all[Math.max(0, Math.min(all.length - 1, at + delta))]);
}

const stepPlace = (id: string | null): Place | null => (id ? { kind: 'step', id } : null);

/** ←/→: the phase or page before/after the one on screen; a phase opens on its first open step. */
export function movePhase(state: RunState, runbook: Runbook, page: string | null, step: string | null, delta: 1 | -1): ScreenAction | null {
  if (runbook.pages.length === 0) return toAction(stepPlace(phaseStep(state, step, delta)));
  const list = parts(state, runbook);
  const inPhase = page !== null ? (runbook.pages.find((p) => p.id === page)?.phase ?? null) : null;
  const current =
    page !== null && inPhase === null ? list.findIndex((p) => p.kind === 'page' && p.id === page) : list.findIndex((p) => p.kind === 'phase' && p.id === (inPhase ?? phaseOf(state, step)));
  const next = list[current < 0 ? 0 : Math.max(0, Math.min(list.length - 1, current + delta))];
  if (!next) return null;
  if (next.kind === 'page') return { type: 'page', page: next.id };
  const steps = state.summaries.filter((s) => s.plan === null && s.phase === next.id);
  // As phaseStep: the phase's first open step, else its first.
  return toAction(stepPlace((steps.find((s) => stillToDo(state.steps[s.id])) ?? steps[0])?.id ?? null));
}
