// Every shortcut of the run screen, in ONE table: the key handler, the footer and the
// `?` help overlay (key-hints.ts) are all generated from it, so they can never disagree.

import type { Key } from 'ink';
import type { StepKind } from '../runbook/model';
import type { StepStatus } from '../run/state';
import { awaitsOperator } from '../run/step-status';

export type Action =
  | 'primary'
  | 'skip'
  | 'pass'
  | 'fail'
  | 'note'
  | 'edit'
  | 'rerun'
  | 'decision'
  | 'plans'
  | 'baselines'
  | 'pager'
  | 'expand'
  | 'collapse'
  | 'scroll-up'
  | 'scroll-down'
  | 'page-up'
  | 'page-down'
  | 'prev-step'
  | 'next-step'
  | 'prev-phase'
  | 'next-phase'
  | 'help'
  | 'quit'
  | 'interrupt'
  | 'wait'
  | 'stop-outlived';

/** What the screen shows now: decides which keys apply and what they are called. */
export interface KeyContext {
  readOnly: boolean;
  /** A rehearsal: enter walks a command step ("rehearse"), nothing runs. */
  rehearsal: boolean;
  /** A step started by this screen is running. */
  running: boolean;
  /** The running step is a follow step (tail -f): enter stops it, and that is success. */
  follow: boolean;
  /** An information page is on screen (read-only): enter goes back to the run. */
  page: boolean;
  /** The step on screen, if any. */
  step: {
    kind: StepKind;
    status: StepStatus;
    /** A manual check whose text holds a command it offers to run. */
    offersCommand: boolean;
    /** Ran, and its expectation is prose: the operator says pass or fail. */
    awaitsJudgment: boolean;
    hasOutput: boolean;
    /** Its process outlived the runner that started it and still runs: only wait, stop it or mark it done. */
    outlived: boolean;
  } | null;
  /** The screen waits for the step's outlived process to end. */
  waiting: boolean;
  /** A step just failed: "d: decision tree · enter: next". */
  afterFailure: boolean;
  /** The screen shows a finished step (just run, or moved to): enter goes on to the run's next step. */
  reviewing: boolean;
  hasDecisionTree: boolean;
  /** The runbook has plans (rollback procedures): P lists them, to open one on purpose. */
  hasPlans: boolean;
  hasBaselines: boolean;
  /**
   * The step panel: the whole step fits, something of it is cut (lines of a long command,
   * text at the edge), or it is expanded (x) and scrolls.
   */
  panel: 'whole' | 'cut' | 'expanded';
}

export interface KeyBinding {
  action: Action;
  /** The keys as the footer and help show them. */
  keys: string;
  /** Short label for the footer; it may depend on the step ("run", "answer", "sign"). */
  label: (c: KeyContext) => string;
  help: string;
  /** Whether the key applies now. */
  when: (c: KeyContext) => boolean;
  /** Whether the footer offers it now, when that is narrower than `when` (a key that only explains). */
  offered?: (c: KeyContext) => boolean;
  match: (input: string, key: Key) => boolean;
  /**
   * Footer priority when the line is too narrow for every key (lower stays longer);
   * null: help only (navigation).
   */
  footer: number | null;
}

const runnable = (kind: StepKind) => kind === 'shell' || kind === 'sql';
const idle = (c: KeyContext) => !c.running && !c.readOnly;
// A step whose process still runs from before: nothing may start it, skip or fail it.
const openStep = (c: KeyContext) => c.step !== null && awaitsOperator(c.step.status) && !c.step.outlived;
const outlived = (c: KeyContext) => idle(c) && c.step?.outlived === true;

function primaryLabel(c: KeyContext): string {
  // After a step ran (failed or not): on to the run's next step.
  if (c.afterFailure || c.reviewing) return 'next';
  if (c.running) return 'stop';
  if (c.page) return 'back to the run';
  const step = c.step;
  if (!step || step.outlived) return '';
  if (step.status === 'interrupted' && runnable(step.kind)) return c.rehearsal ? 'rehearse' : 're-run';
  switch (step.kind) {
    case 'shell':
    case 'sql':
      return c.rehearsal ? 'rehearse' : 'run';
    case 'manual':
      return 'confirm';
    case 'input':
      return 'answer';
    case 'signoff':
      return 'sign';
    case 'decision':
      return 'choose';
    default: {
      const never: never = step.kind;
      return String(never);
    }
  }
}

const judgeable = (c: KeyContext) =>
  idle(c) && c.step !== null && ((c.step.kind === 'manual' && awaitsOperator(c.step.status)) || c.step.awaitsJudgment || c.step.status === 'interrupted');

export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    action: 'primary',
    keys: 'enter',
    label: primaryLabel,
    help: 'run, confirm, answer, sign or choose; after a run: the next step',
    // On a step still running from before, enter only says which keys apply (nothing starts).
    when: (c) => !c.readOnly && (c.afterFailure || (c.running ? c.follow : c.reviewing || c.page || openStep(c) || outlived(c))),
    match: (_input, key) => key.return,
    footer: 0,
  },
  {
    action: 'interrupt',
    keys: 'ctrl-c',
    label: (c) => (c.running ? 'stop step' : c.readOnly ? 'leave' : 'how to leave'),
    // Never leaves the run: a second Ctrl-C a moment after the first must not end it.
    help: 'stop the running step (never the run); idle: says q leaves',
    when: () => true,
    match: (input, key) => key.ctrl && input === 'c',
    footer: null,
  },
  {
    action: 'wait',
    keys: 'w',
    label: () => 'wait for it',
    help: 'still running from a gone runner: wait',
    when: (c) => outlived(c) && !c.waiting,
    match: (input) => input === 'w',
    footer: 2,
  },
  {
    action: 'stop-outlived',
    keys: 't',
    label: () => 'stop it',
    help: 'stop it (TERM, then KILL)',
    when: outlived,
    match: (input) => input === 't',
    footer: 2,
  },
  {
    action: 'skip',
    keys: 's',
    label: () => 'skip',
    help: 'skip the step (asks why; the reason is journaled)',
    when: (c) => idle(c) && !c.afterFailure && openStep(c),
    match: (input) => input === 's',
    footer: 2,
  },
  {
    action: 'pass',
    keys: 'p',
    label: (c) => (c.step?.status === 'interrupted' ? 'done' : 'pass'),
    help: 'pass a manual check or a prose expectation; interrupted: mark done',
    when: judgeable,
    match: (input) => input === 'p',
    footer: 3,
  },
  {
    action: 'fail',
    keys: 'f',
    label: (c) => (c.step?.kind === 'signoff' ? 'refuse' : 'fail'),
    help: 'fail a check, prose expectation or interrupted step; refuse to sign',
    when: (c) => (judgeable(c) && !c.step?.outlived) || (idle(c) && c.step?.kind === 'signoff' && awaitsOperator(c.step.status)),
    match: (input) => input === 'f',
    footer: 4,
  },
  {
    action: 'edit',
    keys: 'e',
    label: () => 'edit',
    help: 'edit the command before it runs; several lines: in $EDITOR',
    when: (c) => idle(c) && !c.afterFailure && openStep(c) && c.step !== null && runnable(c.step.kind),
    match: (input) => input === 'e',
    footer: 5,
  },
  {
    action: 'rerun',
    keys: 'r',
    label: (c) => (c.step?.kind === 'manual' ? 'run cmd' : 're-run'),
    help: "re-run a finished step; run a manual check's offered command",
    when: (c) =>
      idle(c) && c.step !== null && ((runnable(c.step.kind) && !awaitsOperator(c.step.status)) || (c.step.kind === 'manual' && c.step.offersCommand && awaitsOperator(c.step.status))),
    match: (input) => input === 'r',
    footer: 6,
  },
  {
    action: 'note',
    keys: 'n',
    label: () => 'note',
    help: 'add a note to the step (journaled, in the report)',
    when: (c) => idle(c) && c.step !== null,
    match: (input) => input === 'n',
    footer: 8,
  },
  {
    action: 'decision',
    keys: 'd',
    label: () => 'decision tree',
    help: 'open the rollback decision tree',
    // Pressed where there is none, it says so (help lists it): a key that does nothing
    // leaves an operator wondering whether it was heard.
    when: idle,
    offered: (c) => c.hasDecisionTree,
    match: (input) => input === 'd',
    footer: 7,
  },
  // Capital P: p passes a check, and a plan is opened with a reason asked first.
  {
    action: 'plans',
    keys: 'P',
    label: () => 'plans',
    help: 'the plans: open one on purpose',
    when: idle,
    offered: (c) => c.hasPlans,
    match: (input) => input === 'P',
    footer: 11,
  },
  {
    action: 'baselines',
    keys: 'b',
    label: () => 'baselines',
    help: 'captures and comparisons; enter shows one as a table',
    when: () => true,
    offered: (c) => c.hasBaselines,
    match: (input) => input === 'b',
    footer: 9,
  },
  {
    action: 'pager',
    keys: 'o',
    label: (c) => (c.step?.hasOutput ? 'output' : 'full text'),
    help: "its whole output in less (a split in tmux); before it ran, its text",
    when: (c) => c.step !== null || c.page,
    match: (input) => input === 'o',
    footer: 10,
  },
  {
    action: 'expand',
    keys: 'x',
    // An information page has no step: x shows the page.
    label: (c) => (c.panel === 'expanded' ? 'collapse' : c.page ? 'whole page' : 'whole step'),
    help: 'the whole step or page, every line, scrolled',
    when: (c) => !c.running && (c.step !== null || c.page) && c.panel !== 'whole',
    match: (input) => input === 'x',
    footer: 2,
  },
  // Esc closes the whole step as it closes every other overlay.
  {
    action: 'collapse',
    keys: 'esc',
    label: () => 'collapse',
    help: 'back (x again too)',
    when: (c) => c.panel === 'expanded',
    match: (_input, key) => key.escape,
    footer: null,
  },
  // Expanded, the moving keys scroll the panel (as in a list or a pager); x gives them back.
  {
    action: 'scroll-up',
    keys: '↑ k',
    label: () => 'scroll',
    help: 'x: scroll',
    when: (c) => c.panel === 'expanded',
    match: (input, key) => key.upArrow || input === 'k',
    footer: null,
  },
  {
    action: 'scroll-down',
    keys: '↓ j',
    label: () => 'scroll',
    help: 'x: scroll down',
    when: (c) => c.panel === 'expanded',
    match: (input, key) => key.downArrow || input === 'j',
    footer: null,
  },
  {
    action: 'page-up',
    keys: 'pgup',
    label: () => 'page',
    help: 'x: scroll the whole step a page up',
    when: (c) => c.panel === 'expanded',
    match: (_input, key) => key.pageUp,
    footer: null,
  },
  {
    action: 'page-down',
    keys: 'pgdn',
    label: () => 'page',
    help: 'down',
    when: (c) => c.panel === 'expanded',
    match: (_input, key) => key.pageDown,
    footer: null,
  },
  {
    action: 'prev-step',
    keys: '↑ k',
    label: () => 'step',
    help: 'move to the previous step',
    when: () => true,
    match: (input, key) => key.upArrow || input === 'k',
    footer: null,
  },
  {
    action: 'next-step',
    keys: '↓ j',
    label: () => 'step',
    help: 'move to the next step',
    when: () => true,
    match: (input, key) => key.downArrow || input === 'j',
    footer: null,
  },
  {
    action: 'prev-phase',
    keys: '← [',
    label: () => 'phase',
    help: 'move to the previous phase',
    when: () => true,
    match: (input, key) => key.leftArrow || input === '[',
    footer: null,
  },
  {
    action: 'next-phase',
    keys: '→ ]',
    label: () => 'phase',
    help: 'move to the next phase',
    when: () => true,
    match: (input, key) => key.rightArrow || input === ']',
    footer: null,
  },
  {
    action: 'help',
    keys: '?',
    label: () => 'help',
    help: 'this help',
    when: () => true,
    match: (input) => input === '?',
    footer: 0,
  },
  {
    action: 'quit',
    keys: 'q',
    label: (c) => (c.readOnly ? 'leave' : 'quit'),
    help: 'leave, resumable; every step done: finish; running: Ctrl-C first',
    // While a step runs q leaves nothing, but it says why (Ctrl-C stops the step first).
    when: () => true,
    offered: (c) => !c.running,
    match: (input) => input === 'q',
    footer: 1,
  },
];

/** The action a key press means now, if any applies. */
export function actionFor(input: string, key: Key, c: KeyContext): Action | null {
  for (const binding of KEY_BINDINGS) {
    if (binding.match(input, key) && binding.when(c)) return binding.action;
  }
  return null;
}
