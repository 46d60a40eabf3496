// What the run screen is doing, apart from the run itself: which step is on screen,
// which prompt or overlay is up, what just happened. A reducer, tested as a plain function.

import type { DecisionPath } from '../../run/decision-tree';
import type { Action } from '../key-bindings';
import { statusMark } from '../../run/status-mark';
import type { RunState } from '../../run/state';

export type TextPurpose = 'skip' | 'note' | 'edit' | 'input' | 'signoff' | 'decision-reason' | 'plan-reason' | 'mark-done';

export type Prompt =
  | {
      kind: 'text';
      purpose: TextPurpose;
      step: string | null;
      label: string;
      initial: string;
      /** `initial` is offered, not typed: enter takes it, the first key typed replaces it. */
      suggested?: boolean;
      secret: boolean;
      /** Why the last answer was refused ("Commit SHA must match …"). */
      error: string | null;
      /** What becomes of the answer ("journaled with the step"). */
      hint: string;
      /** decision-reason: the path the reason is for, and the step it was answered at. */
      path?: DecisionPath;
      from?: string | null;
      /** plan-reason: the plan opened on purpose. */
      plan?: string;
      /** edit: opened by enter on the step (to fix a placeholder), so enter here runs it. */
      run?: boolean;
    }
  /** practice: a rehearsal's, asked all the same; nothing runs. */
  | { kind: 'confirm'; step: string; command: string; word: string; reasons: string[]; practice: boolean }
  | { kind: 'failed'; step: string; message: string | null; aside?: string }
  | { kind: 'judge'; step: string; expectation: string; aside?: string };

export type Overlay =
  | { kind: 'help' }
  | { kind: 'baselines' }
  | { kind: 'decision'; tree: string; from: string | null; reason: string | null }
  /** P: every plan, to open one on purpose. */
  | { kind: 'plans' }
  /** resume: interrupted steps and runbook changes, before anything runs; `notices`: what resume said before the screen. */
  | { kind: 'changes'; notices?: string[] };

export interface Message {
  text: string;
  tone: 'ok' | 'bad' | 'info';
  /** What a run-screen key does about it ("enter: next step"): said only while the run screen has the keys. */
  keys?: string;
}

/**
 * What the step panel shows now, as the screen measured it: whether something of the step
 * is cut (so `x` has more to show) and, expanded, how many rows there are to scroll.
 */
export interface Panel {
  step: string | null;
  cut: boolean;
  total: number;
  page: number;
}

export interface ScreenState {
  /** The step on screen; null follows the run's position. */
  selected: string | null;
  /** An information page on screen instead of a step (its id); read-only, nothing runs from it. */
  page: string | null;
  running: { step: string; follow: boolean } | null;
  prompt: Prompt | null;
  overlay: Overlay | null;
  message: Message | null;
  /** Commands the operator edited and has not run yet, by step. */
  edited: Record<string, string>;
  /** The "not inside tmux" warning, until the first key. */
  warning: string | null;
  /** The step whose outlived process the operator waits for (w), polled until it is gone. */
  waiting: string | null;
  /** `x`: the step shown whole in the panel, and the first of its rows on screen. */
  expanded: { step: string; top: number } | null;
  panel: Panel;
}

export interface Finished {
  step: string;
  /** done: it ran, but what it returned could not all be shown or recorded; rehearsed: nothing ran. */
  status: 'passed' | 'failed' | 'done' | 'rehearsed';
  /** 'manual': the operator judges the expectation now. */
  expectation: 'passed' | 'failed' | 'manual' | null;
  expectationText: string | null;
  message: string | null;
  /** False in a rehearsal: nothing ran, so there is no result to stay on. */
  ran: boolean;
}

export type ScreenAction =
  | { type: 'select'; step: string | null }
  /** An information page on screen (moving through the phases and pages). */
  | { type: 'page'; page: string }
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
  | { type: 'message'; message: Message | null }
  /** w on an outlived step: wait for its process; null when it ended (or was settled otherwise). */
  | { type: 'waiting'; step: string | null; message?: Message }
  /** x: the step shown whole, or back to the cut view. */
  | { type: 'expand'; step: string }
  | { type: 'collapse' }
  /** Scrolls the whole step by rows, or by pages of the panel. */
  | { type: 'scroll'; rows?: number; pages?: number }
  /** What the panel shows, as the screen measured it on its last frame. */
  | { type: 'panel'; panel: Panel };

export function initialScreen(options: { warning: string | null; changes: boolean; notices?: string[] }): ScreenState {
  const notices = options.notices ?? [];
  return {
    selected: null,
    page: null,
    running: null,
    prompt: null,
    overlay: options.changes || notices.length > 0 ? { kind: 'changes', ...(notices.length > 0 ? { notices } : {}) } : null,
    message: null,
    edited: {},
    warning: options.warning,
    waiting: null,
    expanded: null,
    panel: { step: null, cut: false, total: 0, page: 0 },
  };
}

/**
 * The question of a step's expectation, on the step: right after it ran, and when a resumed
 * run stands on a step left at that question.
 */
export function askJudgment(screen: ScreenState, step: string, expectation: string): ScreenState {
  return { ...screen, selected: step, prompt: { kind: 'judge', step, expectation }, message: { text: '✔ ran · you judge the expectation', tone: 'info' } };
}

/** The scroll kept within the rows there are. */
function scrolled(state: ScreenState, top: number): ScreenState {
  if (!state.expanded) return state;
  const at = Math.max(0, Math.min(top, state.panel.total - state.panel.page));
  return at === state.expanded.top ? state : { ...state, expanded: { ...state.expanded, top: at } };
}

const samePanel = (a: Panel, b: Panel) => a.step === b.step && a.cut === b.cut && a.total === b.total && a.page === b.page;

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
  if (r.expectation === 'manual') return askJudgment(base, r.step, r.expectationText ?? '');
  // A rehearsal goes straight on (nothing ran, no result to stay on), and says what it did.
  if (r.status === 'rehearsed') return { ...base, selected: null, prompt: null, message: { text: `${statusMark('rehearsed')} rehearsed${detail}`, tone: 'ok' } };
  // The step stays on screen with its output, tables and verdict until enter moves on.
  const text = `✔ ${r.status}${r.expectation === 'passed' ? ' · expectation met' : ''}${detail}`;
  return { ...base, selected: r.ran ? r.step : null, prompt: null, message: { text, tone: 'ok', ...(r.ran ? { keys: 'enter: next step' } : {}) } };
}

/** The panel's key for `expanded` and `panel`: a step's id, or an information page's. */
export const pageKey = (page: string) => `page:${page}`;

/** What the panel shows: the page on screen, else the step. */
export function panelKey(state: ScreenState, step: string | null): string | null {
  return state.page !== null ? pageKey(state.page) : step;
}

/** Keys that only change what the step panel shows (x and its scrolling): the same in run and watch. */
export function panelAction(action: Extract<Action, 'expand' | 'collapse' | 'scroll-up' | 'scroll-down' | 'page-up' | 'page-down'>, step: string | null): ScreenAction | null {
  switch (action) {
    case 'expand':
      return step ? { type: 'expand', step } : null;
    case 'collapse':
      return { type: 'collapse' };
    case 'scroll-up':
      return { type: 'scroll', rows: -1 };
    case 'scroll-down':
      return { type: 'scroll', rows: 1 };
    case 'page-up':
      return { type: 'scroll', pages: -1 };
    case 'page-down':
      return { type: 'scroll', pages: 1 };
    default: {
      const never: never = action;
      return never;
    }
  }
}

export function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
  switch (action.type) {
    case 'select':
      return { ...state, selected: action.step, page: null, message: null, expanded: null };
    case 'page':
      return { ...state, page: action.page, message: null, expanded: null };
    case 'key':
      return state.warning === null ? state : { ...state, warning: null };
    case 'prompt':
      // Before a typed confirmation the cut view is back: it always shows the destructive lines.
      return { ...state, prompt: action.prompt, message: null, expanded: action.prompt.kind === 'confirm' ? null : state.expanded, page: null };
    case 'refuse':
      return state.prompt?.kind === 'text' ? { ...state, prompt: { ...state.prompt, error: action.error } } : state;
    case 'close-prompt':
      return { ...state, prompt: null, message: action.message ?? null };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'close-overlay':
      return { ...state, overlay: null, message: action.message ?? state.message };
    case 'edited':
      return { ...state, edited: { ...state.edited, [action.step]: action.command }, prompt: null, message: { text: 'edited', keys: 'enter runs the edited command', tone: 'info' } };
    case 'unedited': {
      const { [action.step]: _dropped, ...edited } = state.edited;
      return { ...state, edited, prompt: null, message: { text: 'unchanged: nothing edited', tone: 'info' } };
    }
    case 'started':
      return { ...state, running: { step: action.step, follow: action.follow }, selected: action.step, page: null, prompt: null, message: null, expanded: null };
    case 'finished':
      return afterRun({ ...state, page: null }, action.result);
    case 'message':
      return { ...state, message: action.message };
    case 'waiting':
      return { ...state, waiting: action.step, message: action.message ?? state.message };
    case 'expand':
      return { ...state, expanded: state.expanded?.step === action.step ? null : { step: action.step, top: 0 } };
    case 'collapse':
      return state.expanded ? { ...state, expanded: null } : state;
    case 'scroll':
      return scrolled(state, (state.expanded?.top ?? 0) + (action.rows ?? 0) + (action.pages ?? 0) * Math.max(1, state.panel.page));
    case 'panel':
      return samePanel(state.panel, action.panel) ? state : scrolled({ ...state, panel: action.panel }, state.expanded?.top ?? 0);
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** b: the captures and comparisons, or a line saying there are none yet. */
export function openBaselines(state: Pick<RunState, 'captures' | 'comparisons'>): ScreenAction {
  if (Object.keys(state.captures).length > 0 || state.comparisons.length > 0) return { type: 'overlay', overlay: { kind: 'baselines' } };
  return { type: 'message', message: { text: 'No baselines yet: a step with capture=NAME keeps one.', tone: 'info' } };
}
