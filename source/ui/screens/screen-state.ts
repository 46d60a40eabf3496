// What the run screen is doing, apart from the run itself: which step is on screen,
// which prompt or overlay is up, what just happened. A reducer, tested as a plain function.

import type { DecisionPath } from '../../run/decision-tree';

export type TextPurpose = 'skip' | 'note' | 'edit' | 'input' | 'signoff' | 'decision-reason' | 'mark-done';

export type Prompt =
  | {
      kind: 'text';
      purpose: TextPurpose;
      step: string | null;
      label: string;
      initial: string;
      secret: boolean;
      /** Why the last answer was refused ("Commit SHA must match …"). */
      error: string | null;
      /** What becomes of the answer ("journaled with the step"). */
      hint: string;
      /** decision-reason: the path the reason is for, and the step it was answered at. */
      path?: DecisionPath;
      from?: string | null;
      /** edit: opened by enter on the step (to fix a placeholder), so enter here runs it. */
      run?: boolean;
    }
  | { kind: 'confirm'; step: string; command: string; word: string; reasons: string[] }
  | { kind: 'failed'; step: string; message: string | null }
  | { kind: 'judge'; step: string; expectation: string };

export type Overlay =
  | { kind: 'help' }
  | { kind: 'baselines' }
  | { kind: 'decision'; tree: string; from: string | null; reason: string | null }
  /** resume: interrupted steps and runbook changes, before anything runs. */
  | { kind: 'changes' };

export interface Message {
  text: string;
  tone: 'ok' | 'bad' | 'info';
}

export interface ScreenState {
  /** The step on screen; null follows the run's position. */
  selected: string | null;
  running: { step: string; follow: boolean } | null;
  prompt: Prompt | null;
  overlay: Overlay | null;
  message: Message | null;
  /** Commands the operator edited and has not run yet, by step. */
  edited: Record<string, string>;
  /** The "not inside tmux" warning, until the first key. */
  warning: string | null;
}

export interface Finished {
  step: string;
  /** done: it ran, but what it returned could not all be shown or recorded. */
  status: 'passed' | 'failed' | 'done';
  /** 'manual': the operator judges the expectation now. */
  expectation: 'passed' | 'failed' | 'manual' | null;
  expectationText: string | null;
  message: string | null;
  /** False in a rehearsal: nothing ran, so there is no result to stay on. */
  ran: boolean;
}

export type ScreenAction =
  | { type: 'select'; step: string | null }
  | { type: 'key' }
  | { type: 'prompt'; prompt: Prompt }
  | { type: 'refuse'; error: string }
  | { type: 'close-prompt'; message?: Message }
  | { type: 'overlay'; overlay: Overlay }
  | { type: 'close-overlay'; message?: Message }
  | { type: 'edited'; step: string; command: string }
  /** The edit prompt was submitted with the command as the runbook has it: no edit. */
  | { type: 'unedited'; step: string }
  | { type: 'started'; step: string; follow: boolean }
  | { type: 'finished'; result: Finished }
  | { type: 'message'; message: Message | null };

export function initialScreen(options: { warning: string | null; changes: boolean }): ScreenState {
  return {
    selected: null,
    running: null,
    prompt: null,
    overlay: options.changes ? { kind: 'changes' } : null,
    message: null,
    edited: {},
    warning: options.warning,
  };
}

function afterRun(state: ScreenState, r: Finished): ScreenState {
  const { [r.step]: _ran, ...edited } = state.edited;
  const base = { ...state, running: null, edited };
  const detail = r.message ? ` · ${r.message}` : '';
  if (r.status === 'failed') {
    return {
      ...base,
      selected: r.step,
      prompt: { kind: 'failed', step: r.step, message: r.message },
      message: { text: `✘ failed${detail}`, tone: 'bad' },
    };
  }
  if (r.expectation === 'manual') {
    return {
      ...base,
      selected: r.step,
      prompt: { kind: 'judge', step: r.step, expectation: r.expectationText ?? '' },
      message: { text: '✔ ran · you judge the expectation', tone: 'info' },
    };
  }
  // The step stays on screen with its output, tables and verdict until enter moves on.
  return { ...base, selected: r.ran ? r.step : null, prompt: null, message: { text: `✔ ${r.status}${r.expectation === 'passed' ? ' · expectation met' : ''}${detail}${r.ran ? ' · enter: next step' : ''}`, tone: 'ok' } };
}

export function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
  switch (action.type) {
    case 'select':
      return { ...state, selected: action.step, message: null };
    case 'key':
      return state.warning === null ? state : { ...state, warning: null };
    case 'prompt':
      return { ...state, prompt: action.prompt, message: null };
    case 'refuse':
      return state.prompt?.kind === 'text' ? { ...state, prompt: { ...state.prompt, error: action.error } } : state;
    case 'close-prompt':
      return { ...state, prompt: null, message: action.message ?? null };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'close-overlay':
      return { ...state, overlay: null, message: action.message ?? state.message };
    case 'edited':
      return { ...state, edited: { ...state.edited, [action.step]: action.command }, prompt: null, message: { text: 'edited · enter runs the edited command', tone: 'info' } };
    case 'unedited': {
      const { [action.step]: _dropped, ...edited } = state.edited;
      return { ...state, edited, prompt: null, message: { text: 'unchanged: nothing edited', tone: 'info' } };
    }
    case 'started':
      return { ...state, running: { step: action.step, follow: action.follow }, selected: action.step, prompt: null, message: null };
    case 'finished':
      return afterRun(state, action.result);
    case 'message':
      return { ...state, message: action.message };
    default: {
      const never: never = action;
      return never;
    }
  }
}
