// Where the run stands: which step the operator works on next. Derived, never stored.

import { parseDuration } from '../runbook/annotations';
import type { RunEvent } from './events';
import { reduce, withLifecycle } from './reducer';
import type { RunState } from './state';
import { isOpen, stillToDo } from './step-status';

export type Position =
  | { kind: 'step'; step: string; plan: string | null }
  /** Every step of the innermost plan is finished: leave it and go back. */
  | { kind: 'plan-finished'; plan: string }
  /** Only scheduled checks remain, none due yet. */
  | { kind: 'waiting'; due: { step: string; dueAt: string }[] }
  | { kind: 'done' };

function isDeferred(state: RunState, step: string, now: Date): boolean {
  const due = state.due.find((d) => d.step === step);
  return due !== undefined && Date.parse(due.dueAt) > now.getTime();
}

/**
 * A rehearsal goes on from where the operator is: the first open walk step after the one
 * they finished last (after `]` to step 11, step 12 — not back to step 1); from the top
 * when nothing is open after it. A real run goes back to the first open step instead.
 */
function onwardFrom(state: RunState, open: RunState['summaries']): RunState['summaries'][number] | undefined {
  if (state.lastFinished === null) return undefined;
  const walk = state.summaries.filter((s) => s.plan === null);
  const from = walk.findIndex((s) => s.id === state.lastFinished);
  if (from < 0) return undefined;
  const later = new Set(walk.slice(from + 1).map((s) => s.id));
  return open.find((s) => later.has(s.id));
}

export function position(state: RunState, now: Date): Position {
  if (state.focus && stillToDo(state.steps[state.focus])) {
    const summary = state.summaries.find((s) => s.id === state.focus);
    return { kind: 'step', step: state.focus, plan: summary?.plan ?? null };
  }
  const plan = state.plans.at(-1);
  if (plan) {
    const next = state.summaries.find((s) => s.plan === plan.plan && stillToDo(state.steps[s.id]));
    return next ? { kind: 'step', step: next.id, plan: plan.plan } : { kind: 'plan-finished', plan: plan.plan };
  }
  const open = state.summaries.filter((s) => s.plan === null && stillToDo(state.steps[s.id]));
  const ready = (state.rehearse ? onwardFrom(state, open) : undefined) ?? open.find((s) => !isDeferred(state, s.id, now));
  if (ready) return { kind: 'step', step: ready.id, plan: null };
  if (open.length > 0) return { kind: 'waiting', due: state.due.filter((d) => open.some((s) => s.id === d.step)) };
  return { kind: 'done' };
}

/** An event the walk itself records on the way to a position (not an operator's answer). */
export type Bookkeeping = { type: 'plan.left'; payload: { plan: string } } | { type: 'check.scheduled'; payload: { step: string; dueAt: string } };

export type SettledPosition = Exclude<Position, { kind: 'plan-finished' }>;

/** A step's schedule offset ("+1h"), as the runbook being driven has it. */
export type OffsetOf = (step: string) => string | undefined;

/**
 * Where the run settles: a finished plan is left, a scheduled check reached for the first
 * time gets its due time, until a position needs neither. Worked out on a provisional
 * state, so the controller commits the bookkeeping in one transaction and the screen shows
 * the settled run in the same frame as the answer that moved it (a frame of the finished
 * step with nothing to press otherwise waits for that commit, seconds on a loaded host).
 */
export function settle(state: RunState, now: Date, offsetOf: OffsetOf): { state: RunState; at: SettledPosition; bookkeeping: Bookkeeping[] } {
  const bookkeeping: Bookkeeping[] = [];
  for (;;) {
    const at = position(state, now);
    const event = bookkeepingAt(state, at, now, offsetOf);
    if (!event) return { state, at: at as SettledPosition, bookkeeping };
    bookkeeping.push(event);
    state = withLifecycle(reduce(state, { ...event, seq: state.lastSeq + 1, at: now.toISOString() } as RunEvent));
  }
}

function bookkeepingAt(state: RunState, at: Position, now: Date, offsetOf: OffsetOf): Bookkeeping | null {
  if (at.kind === 'plan-finished') return { type: 'plan.left', payload: { plan: at.plan } };
  if (at.kind !== 'step') return null;
  const offset = offsetOf(at.step);
  // A rehearsal walks scheduled checks at once: nothing runs, so nothing is to wait for.
  if (!offset || state.rehearse || state.due.some((d) => d.step === at.step)) return null;
  const ms = parseDuration(offset.replace(/^\+/, '')) ?? 0;
  return { type: 'check.scheduled', payload: { step: at.step, dueAt: new Date(now.getTime() + ms).toISOString() } };
}

/** Scheduled checks whose time has come and that are still open. */
export function dueNow(state: RunState, now: Date): { step: string; dueAt: string }[] {
  return state.due.filter((d) => Date.parse(d.dueAt) <= now.getTime() && isOpen(state.steps[d.step]?.status ?? 'pending'));
}

/** Walk steps between the current position and a phase, for "proceed to Phase 7". */
export function stepsBefore(state: RunState, phase: string): string[] {
  const firstOfPhase = state.summaries.findIndex((s) => s.plan === null && s.phase === phase);
  if (firstOfPhase < 0) return [];
  return state.summaries
    .slice(0, firstOfPhase)
    .filter((s) => s.plan === null && isOpen(state.steps[s.id]?.status ?? 'pending'))
    .map((s) => s.id);
}

/** Progress of a phase: finished walk steps out of all (a step awaiting its judgment is not), and whether any failed. */
export function phaseProgress(state: RunState, phase: string): { done: number; total: number; failed: number } {
  let done = 0;
  let total = 0;
  let failed = 0;
  for (const s of state.summaries) {
    if (s.plan !== null || s.phase !== phase) continue;
    total++;
    const st = state.steps[s.id];
    if (!stillToDo(st)) done++;
    if (st?.status === 'failed') failed++;
  }
  return { done, total, failed };
}

/**
 * Every step of the phase done and none of them ran or was answered: only rehearsed (or
 * skipped). Its mark is ○, as a plan's: ✔ would say its steps passed.
 */
export function onlyRehearsed(state: RunState, phase: string): boolean {
  const statuses = state.summaries.filter((s) => s.plan === null && s.phase === phase).map((s) => state.steps[s.id]?.status ?? 'pending');
  return statuses.includes('rehearsed') && statuses.every((status) => status === 'rehearsed' || status === 'skipped');
}

/** 1-based position of a step in the walk, for "step 7/64". */
export function walkIndex(state: RunState, step: string): { index: number; total: number } {
  const walk = state.summaries.filter((s) => s.plan === null);
  return { index: walk.findIndex((s) => s.id === step) + 1, total: walk.length };
}
