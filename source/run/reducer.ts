// Replays run events into RunState. Pure: the same events always give the same state.

import type { RunEvent } from './events';
import type { CaptureRecord, RunState, StepState } from './state';
import { stillToDo } from './step-status';
import { visible } from './terminal-text';
import { openTransactionsAfter, stopped } from './transactions';

function blankStep(id: string): StepState {
  return {
    id,
    status: 'pending',
    attempts: 0,
    lastAttempt: null,
    startedAt: null,
    endedAt: null,
    exitCode: null,
    durationMs: null,
    outputLines: 0,
    expectation: null,
    command: null,
    ran: null,
    notes: [],
    skipReason: null,
    practised: null,
    error: null,
    resultSets: null,
    by: null,
    process: null,
    outlived: false,
  };
}

/** The baseline as first captured, once a capture of the same name holds other rows. */
function firstBaseline(earlier: CaptureRecord | undefined, digest: string): Omit<CaptureRecord, 'first'> | undefined {
  if (earlier === undefined) return undefined;
  const { first, ...previous } = earlier;
  return first ?? (previous.digest === digest ? undefined : previous);
}

export function initialState(event: Extract<RunEvent, { type: 'run.started' }>): RunState {
  const p = event.payload;
  const steps: Record<string, StepState> = {};
  for (const s of p.steps) steps[s.id] = blankStep(s.id);
  return {
    runbook: p.runbook,
    source: p.source,
    summaries: p.steps,
    phases: p.phases,
    rehearse: p.rehearse,
    targets: p.targets,
    operator: p.operator,
    identities: [p.identity],
    startedAt: event.at,
    endedAt: null,
    lifecycle: 'in_progress',
    paused: null,
    steps,
    focus: null,
    lastFinished: null,
    plans: [],
    enteredPlans: [],
    inputs: {},
    captures: {},
    comparisons: [],
    decisions: [],
    signoffs: [],
    due: [],
    context: { cwd: p.cwd, exported: {}, unset: [] },
    changedSteps: [],
    openTransactions: {},
    rolledBack: {},
    lastSeq: event.seq,
  };
}

function updateStep(state: RunState, id: string, change: (s: StepState) => StepState): RunState {
  const current = state.steps[id] ?? blankStep(id);
  return { ...state, steps: { ...state.steps, [id]: change(current) } };
}

/** A step finished: no longer the focus, and the last the operator finished. */
function finishFocus(state: RunState, step: string): RunState {
  return { ...state, focus: state.focus === step ? null : state.focus, lastFinished: step };
}

/** Applies one event. Unknown event types are ignored so newer journals still replay. */
export function reduce(state: RunState, event: RunEvent): RunState {
  return { ...applyEvent(state, event), lastSeq: event.seq };
}

function applyEvent(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run.started':
      return state;
    case 'session.started':
      // A new process, new database sessions: what was open in the old ones is rolled back.
      return { ...state, paused: null, identities: [...state.identities, event.payload.identity], openTransactions: {}, rolledBack: {} };
    case 'operator.changed':
      return { ...state, operator: event.payload.to, identities: [...state.identities, event.payload.identity] };
    case 'lock.takeover':
    case 'lease.takeover':
      return state;
    case 'runbook.changed':
      return { ...state, changedSteps: [...event.payload.changed, ...event.payload.added] };
    case 'step.started': {
      const { step, attempt, command, original } = event.payload;
      // `command` is always there in newer journals; an operator's edit has `original` beside it.
      const edited = original !== undefined;
      return updateStep(state, step, (s) => ({
        ...s,
        status: 'running',
        attempts: attempt,
        lastAttempt: null,
        startedAt: event.at,
        endedAt: null,
        exitCode: null,
        durationMs: null,
        outputLines: 0,
        expectation: null,
        command: edited && command !== undefined ? command : s.command,
        ran: command ?? null,
        error: null,
        resultSets: null,
        skipReason: null,
        by: state.operator,
        process: null,
        outlived: false,
      }));
    }
    case 'step.process': {
      const { step, ...process } = event.payload;
      return updateStep(state, step, (s) => ({ ...s, process }));
    }
    case 'step.outlived':
      return updateStep(state, event.payload.step, (s) => ({ ...s, status: 'interrupted', endedAt: event.at, outlived: true }));
    case 'process.ended':
      return updateStep(state, event.payload.step, (s) => ({ ...s, outlived: false }));
    case 'output':
      return updateStep(state, event.payload.step, (s) => ({ ...s, outputLines: s.outputLines + event.payload.lines }));
    case 'step.finished': {
      const p = event.payload;
      let next = updateStep(state, p.step, (s) => ({
        ...s,
        status: p.status,
        lastAttempt: p.status,
        endedAt: event.at,
        exitCode: p.exitCode,
        durationMs: p.durationMs,
        expectation: p.expectation,
        error: p.error ?? null,
        resultSets: p.resultSets ?? null,
        notes: p.note ? [...s.notes, p.note] : s.notes,
      }));
      if (p.context) next = { ...next, context: { cwd: p.context.cwd, exported: p.context.exported, unset: p.context.unset } };
      if (p.transaction) next = { ...next, openTransactions: openTransactionsAfter(next.openTransactions, p.transaction, p.step) };
      return finishFocus(next, p.step);
    }
    case 'step.interrupted':
      return updateStep(state, event.payload.step, (s) => ({ ...s, status: 'interrupted', lastAttempt: 'interrupted', endedAt: event.at }));
    case 'step.marked': {
      const { step, status, note } = event.payload;
      const next = updateStep(state, step, (s) => ({
        ...s,
        status,
        // Marked by the operator: an outlived process is theirs to mind from here.
        outlived: false,
        endedAt: event.at,
        by: state.operator,
        notes: note ? [...s.notes, note] : s.notes,
        expectation: s.expectation && s.expectation.result === 'manual' ? { ...s.expectation, result: status === 'failed' ? 'failed' : 'passed' } : s.expectation,
      }));
      return finishFocus(next, step);
    }
    case 'step.skipped': {
      const next = updateStep(state, event.payload.step, (s) => ({ ...s, status: 'skipped', outlived: false, endedAt: event.at, skipReason: event.payload.reason, by: state.operator }));
      return finishFocus(next, event.payload.step);
    }
    case 'step.rehearsed': {
      // Nothing ran: no exit code, no output, no `ran`; the journal keeps what would have run.
      const { step, confirmed } = event.payload;
      const next = updateStep(state, step, (s) => ({ ...s, status: 'rehearsed', outlived: false, endedAt: event.at, by: state.operator, skipReason: null, practised: confirmed ?? null, error: null }));
      return finishFocus(next, step);
    }
    case 'step.focused':
      return { ...state, focus: event.payload.step };
    case 'note.added':
      return updateStep(state, event.payload.step, (s) => ({ ...s, notes: [...s.notes, event.payload.text] }));
    case 'input.given': {
      const p = event.payload;
      // A value that met the condition written beside the blank fails the step, quoting it.
      const stopped = p.stop !== undefined;
      const next = updateStep(state, p.step, (s) => ({
        ...s,
        status: stopped ? 'failed' : 'done',
        // An answer is an attempt: one that meets the condition failed the step, not the operator.
        lastAttempt: stopped ? 'failed' : 'done',
        endedAt: event.at,
        by: state.operator,
        expectation: stopped ? { text: p.stop ?? '', result: 'failed' } : null,
        // Spelled out: what the operator typed is shown, never obeyed by a terminal.
        error: stopped ? `${p.secret ? 'the value' : visible(p.value)} meets "${visible(p.stop ?? '')}"` : null,
      }));
      return finishFocus({ ...next, inputs: { ...next.inputs, [p.name]: { name: p.name, step: p.step, value: p.secret ? '' : p.value, secret: p.secret } } }, p.step);
    }
    case 'signoff.recorded':
    case 'signoff.refused': {
      const p = event.payload;
      const refused = event.type === 'signoff.refused';
      const record = {
        step: p.step,
        role: p.role,
        name: p.name,
        at: event.at,
        chainHead: event.type === 'signoff.recorded' ? event.payload.chainHead : '',
        chainEvents: event.type === 'signoff.recorded' ? (event.payload.chainEvents ?? null) : null,
        statement: event.type === 'signoff.recorded' ? event.payload.statement : '',
        refused,
        signature: event.type === 'signoff.recorded' ? event.payload.signature : null,
        signatureNote: event.type === 'signoff.recorded' ? (event.payload.signatureNote ?? null) : null,
        enteredBy: state.operator,
      };
      // A name typed at another's keyboard says whose it was, wherever the step's `by` is shown.
      const by = p.name === state.operator ? p.name : `${p.name} (entered by ${state.operator})`;
      const next = updateStep(state, p.step, (s) => ({ ...s, status: refused ? 'failed' : 'done', endedAt: event.at, by }));
      return finishFocus({ ...next, signoffs: [...next.signoffs, record] }, p.step);
    }
    case 'decision.taken': {
      const p = event.payload;
      let next: RunState = { ...state, decisions: [...state.decisions, { ...p, at: event.at }] };
      if (p.step) next = finishFocus(updateStep(next, p.step, (s) => ({ ...s, status: 'done', endedAt: event.at, by: state.operator })), p.step);
      return next;
    }
    case 'plan.entered': {
      const { plan, from, reason } = event.payload;
      const visit = { plan, from, reason: reason ?? null, at: event.at, left: null };
      return { ...state, plans: [...state.plans, { plan, from }], enteredPlans: [...state.enteredPlans, visit] };
    }
    case 'plan.left': {
      const { plan } = event.payload;
      const enteredPlans = state.enteredPlans.map((v) => (v.plan === plan && v.left === null ? { ...v, left: event.at } : v));
      return { ...state, plans: state.plans.filter((p) => p.plan !== plan), enteredPlans };
    }
    case 'capture.stored': {
      const p = event.payload;
      // The first baseline stays beside a later one that differs from it (never replaced).
      const first = firstBaseline(state.captures[p.name], p.digest);
      return { ...state, captures: { ...state.captures, [p.name]: { ...p, at: event.at, ...(first ? { first } : {}) } } };
    }
    case 'comparison.made':
      return { ...state, comparisons: [...state.comparisons, { ...event.payload, at: event.at }] };
    case 'check.scheduled': {
      const others = state.due.filter((d) => d.step !== event.payload.step);
      return { ...state, due: [...others, { step: event.payload.step, dueAt: event.payload.dueAt }] };
    }
    case 'run.paused':
      return { ...stopped(state), paused: { reason: event.payload.reason, at: event.at } };
    case 'run.ended':
      return { ...stopped(state), lifecycle: event.payload.state, endedAt: event.at };
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/**
 * Rebuilds a run from its events. A step still `running` at the end of the events belongs
 * to a process that went away: it is shown as interrupted, never as done.
 */
export function replay(events: RunEvent[], options: { live?: boolean } = {}): RunState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'run.started') throw new Error('the journal does not begin with run.started');
  let state = initialState(first);
  for (const e of rest) state = reduce(state, e);
  return withLifecycle(options.live ? state : interruptRunning(state));
}

/** A step still `running` whose driver is gone: interrupted, never done (replay, and a watcher that saw the driver die). */
export function interruptRunning(state: RunState): RunState {
  let next = state;
  for (const s of Object.values(state.steps)) {
    if (s.status === 'running') next = updateStep(next, s.id, (x) => ({ ...x, status: 'interrupted', lastAttempt: 'interrupted' }));
  }
  return next;
}

/** monitoring: every step done but scheduled checks still ahead. */
export function withLifecycle(state: RunState): RunState {
  if (state.lifecycle === 'completed' || state.lifecycle === 'aborted') return state;
  const open = state.summaries.filter((s) => s.plan === null && stillToDo(state.steps[s.id]));
  const dueOpen = open.filter((s) => state.due.some((d) => d.step === s.id));
  const lifecycle = open.length > 0 && open.length === dueOpen.length ? 'monitoring' : 'in_progress';
  return lifecycle === state.lifecycle ? state : { ...state, lifecycle };
}
