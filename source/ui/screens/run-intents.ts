// What the operator's keys mean for the run: each intent goes to the controller, and the
// screen state says what to show next. The same choices as the --plain runner, by key.

import { cannotRecord, type StepResult } from '../../controller';
import type { Step } from '../../runbook/model';
import { findTree, treeFor } from '../../run/decision-tree';
import { HANGUP } from '../../run/ending';
import { awaitsOperator, conditionalSkip } from '../../run/step-status';
import { guarded, stopIfUnrecorded } from './unrecorded';
import type { Action } from '../key-bindings';
import { openBaselines, panelAction, panelKey, type Finished, type Prompt } from './screen-state';
import type { IntentDeps } from './intent-deps';
import { phaseOf } from './step-order';
import { movePhase, moveStep } from './places';
import { textToPage } from './full-text';
import { STOP_GRACE_MS } from '../../run/outlived';
import { heldSecret } from '../../run/held-secret';
import { runsInTerminal } from '../../runbook/interactive';

export function stepOf(d: IntentDeps): string | null {
  const s = d.screen();
  const at = d.position();
  return s.selected ?? (at.kind === 'step' ? at.step : null);
}

export function finishedFrom(step: Step, result: StepResult, rehearsal: boolean): Finished {
  const exit = result.exitCode !== null && result.exitCode !== 0 ? `exit ${result.exitCode}` : null;
  const message = result.message ?? (result.status === 'failed' ? (exit ?? (result.expectation === 'failed' ? 'expectation not met' : null)) : null);
  return { step: step.id, status: result.status, expectation: result.expectation, expectationText: step.expectation?.text ?? null, message, ran: !rehearsal };
}

/** Ctrl-C with no step running: it stops steps, never the run (a second Ctrl-C lands here). */
export const IDLE_CTRL_C = '^C no step is running · q leaves; the run stays resumable';
/** Every step done: q there finishes the run, it is not left resumable. */
export const DONE_CTRL_C = '^C no step is running · q finishes the run';

/** q (or a hangup): the run stays resumable unless every step is done. */
export function quit(d: IntentDeps, reason = 'quit'): void {
  guarded(d, () => leaveRun(d, reason));
}

function leaveRun(d: IntentDeps, reason: string): void {
  const { exitCode, lines } = d.ctl.leave(reason);
  d.leave({ kind: 'quit', code: exitCode, lines });
}

/** Acting on a step other than the run's next one is journaled as moving there. */
export function focusOn(d: IntentDeps, id: string): void {
  const at = d.position();
  if ((at.kind !== 'step' || at.step !== id) && awaitsOperator(d.ctl.state.steps[id]?.status)) d.ctl.focus(id);
}

/** An answer recorded: the prompt closes and the screen follows the run again. */
export function done(d: IntentDeps, text: string, tone: 'ok' | 'bad' | 'info' = 'ok', keys?: string): void {
  d.dispatch({ type: 'close-prompt' });
  d.dispatch({ type: 'select', step: null });
  d.dispatch({ type: 'message', message: { text, tone, ...(keys === undefined ? {} : { keys }) } });
}

/** Runs the step; `confirmed`: the word typed at its typed confirmation. */
export async function execute(d: IntentDeps, step: Step, command: string, confirmed?: string): Promise<void> {
  const { ctl } = d;
  // Started from a prompt without waiting (void execute): a refused write is told here.
  try {
    focusOn(d, step.id);
  } catch (error) {
    return stopIfUnrecorded(d, error);
  }
  if (runsInTerminal(step) && !ctl.state.rehearse) {
    d.leave({ kind: 'aside', task: { kind: 'tty', step: step.id, command }, screen: d.screen() });
    return;
  }
  d.dispatch({ type: 'started', step: step.id, follow: step.annotations.follow === true });
  let result: StepResult;
  try {
    result = await ctl.run(step.id, { command, ...(confirmed !== undefined ? { confirmed } : {}) });
  } catch (error) {
    // A step that could not be recorded did not run (or, if it did, its end is not recorded).
    if (cannotRecord(error)) return stopIfUnrecorded(d, error);
    result = { status: 'failed', expectation: null, exitCode: null, message: error instanceof Error ? error.message : String(error) };
  }
  d.dispatch({ type: 'finished', result: finishedFrom(step, result, ctl.state.rehearse) });
  if (step.kind === 'manual' && result.status === 'passed') d.dispatch({ type: 'prompt', prompt: { kind: 'judge', step: step.id, expectation: `the output of ${command}` } });
  if (d.hungUp()) quit(d, HANGUP);
}

/**
 * Enter on a runnable step: edit a placeholder first (enter in that prompt runs it), then
 * the typed confirmation, then run. `looked`: the operator has seen or edited the command.
 */
export function startRun(d: IntentDeps, step: Step, command: string, looked: boolean): void {
  const { ctl } = d;
  const placeholders = ctl.placeholders(step);
  if (!looked && placeholders.length > 0 && !ctl.state.rehearse) {
    // Several lines do not fit a one-line prompt: the editor keeps them.
    if (command.includes('\n')) return d.leave({ kind: 'aside', task: { kind: 'edit', step: step.id, text: command, run: true }, screen: d.screen() });
    const prompt = textPrompt('edit', step.id, `Edit it first (${placeholders.join(', ')}):`, command, false, 'enter runs it as shown here; the journal keeps the original too');
    d.dispatch({ type: 'prompt', prompt: { ...(prompt as Extract<Prompt, { kind: 'text' }>), run: true } });
    return;
  }
  const held = ctl.state.rehearse ? null : heldSecret(step, command);
  if (held !== null) {
    d.dispatch({ type: 'close-prompt' });
    d.dispatch({ type: 'message', message: { text: `Not run: ${held}`, tone: 'bad' } });
    return;
  }
  // Asked in a rehearsal too (practice: nothing runs), so the real run's word is no surprise.
  const confirm = ctl.confirmation(step, command);
  if (confirm) {
    d.dispatch({ type: 'prompt', prompt: { kind: 'confirm', step: step.id, command, word: confirm.word, reasons: confirm.reasons, practice: confirm.practice } });
    return;
  }
  void execute(d, step, command);
}

type TextPurpose = Extract<Prompt, { kind: 'text' }>['purpose'];

const HINTS: Record<TextPurpose, string> = {
  skip: 'the reason is journaled with the skip',
  note: 'journaled with the step; it goes into the report',
  edit: 'enter keeps it (enter again runs it); the journal keeps the original too',
  input: 'journaled (a secret never is)',
  signoff: "signs the journal's chain head (with your SSH key when one is at hand)",
  'decision-reason': 'journaled with the path taken through the tree',
  'plan-reason': 'journaled: the plan opened on purpose, and why',
  'mark-done': 'journaled: an interrupted step marked done by you',
};

export function textPrompt(purpose: TextPurpose, step: string | null, label: string, initial = '', secret = false, hint = HINTS[purpose]): Prompt {
  return { kind: 'text', purpose, step, label, initial, secret, error: null, hint };
}

/** A text prompt offering `value`: enter takes it, the first key typed replaces it (never appends). */
export function suggesting(prompt: Prompt, value: string): Extract<Prompt, { kind: 'text' }> {
  const text = prompt as Extract<Prompt, { kind: 'text' }>;
  return value === '' ? text : { ...text, initial: value, suggested: true };
}

function openTree(d: IntentDeps, root: string | undefined, from: string | null, reason: string | null): void {
  if (!root) {
    d.dispatch({ type: 'message', message: { text: 'This runbook has no decision tree.', tone: 'info' } });
    return;
  }
  d.dispatch({ type: 'overlay', overlay: { kind: 'decision', tree: root, from, reason } });
}

function primary(d: IntentDeps): void {
  const { ctl } = d;
  const s = d.screen();
  if (s.prompt?.kind === 'failed') {
    d.dispatch({ type: 'close-prompt' });
    d.dispatch({ type: 'select', step: null });
    return;
  }
  if (s.running || ctl.isRunning()) {
    if (s.running?.follow) ctl.stopRunning();
    return;
  }
  // An information page only reads: enter goes back to where the run stands.
  if (s.page !== null) {
    d.dispatch({ type: 'select', step: null });
    return;
  }
  const id = stepOf(d);
  const step = id ? ctl.step(id) : undefined;
  // A finished step on screen (it just ran): enter goes on to the run's next step.
  if (s.selected !== null && s.selected === id && !awaitsOperator(ctl.state.steps[id]?.status)) {
    if (s.prompt?.kind === 'judge') return;
    d.dispatch({ type: 'select', step: null });
    return;
  }
  if (!step || !awaitsOperator(ctl.state.steps[step.id]?.status)) return;
  // Its process from before the runner went away still runs: nothing starts it again.
  if (ctl.state.steps[step.id]?.outlived) {
    d.dispatch({ type: 'message', message: { text: 'still running from before: w waits for it, t stops it, p marks it done', tone: 'info' } });
    return;
  }
  switch (step.kind) {
    case 'shell':
    case 'sql': {
      const edited = s.edited[step.id];
      startRun(d, step, edited ?? step.command ?? step.sql ?? '', edited !== undefined);
      return;
    }
    case 'manual':
      focusOn(d, step.id);
      ctl.mark(step.id, 'passed');
      done(d, '✔ confirmed');
      return;
    case 'input': {
      const spec = step.input;
      const rule = spec?.pattern ? `must match ${spec.pattern} · ` : '';
      const hint = spec?.secret ? `${rule}secret: shown as •, never journaled` : `${rule}journaled; later steps use it as \${${spec?.name ?? 'name'}}`;
      d.dispatch({ type: 'prompt', prompt: suggesting(textPrompt('input', step.id, `${spec?.prompt ?? step.title}:`, '', spec?.secret ?? false, hint), spec?.default ?? '') });
      return;
    }
    case 'signoff':
      d.dispatch({ type: 'prompt', prompt: suggesting(textPrompt('signoff', step.id, `Sign off as ${step.role ?? step.title}, name:`), ctl.state.operator) });
      return;
    case 'decision':
      openTree(d, step.decision && findTree(ctl.runbook, step.decision) ? step.decision : treeFor(ctl.runbook, step.phase)?.id, step.id, null);
      return;
    default: {
      const never: never = step.kind;
      throw new Error(`unknown step kind ${String(never)}`);
    }
  }
}

/** t on a step still running from before: TERM to its process group, then KILL; journaled. */
async function stopStillRunning(d: IntentDeps, id: string): Promise<void> {
  const pid = d.ctl.state.steps[id]?.process?.pid ?? '?';
  d.dispatch({ type: 'message', message: { text: `stopping pid ${pid}: TERM, then KILL after ${STOP_GRACE_MS / 1000} s…`, tone: 'info' } });
  try {
    const how = await d.ctl.stopOutlived(id);
    const what = how === 'killed' ? 'killed (it outlasted TERM)' : how === 'terminated' ? 'stopped (TERM)' : 'it had ended';
    d.dispatch({ type: 'waiting', step: null });
    done(d, `■ ${what}: interrupted, not done`, 'info', 'enter re-runs it, p marks it done, f failed');
  } catch (error) {
    stopIfUnrecorded(d, error);
  }
}

export function perform(d: IntentDeps, action: Action): void {
  const { ctl } = d;
  const s = d.screen();
  const id = stepOf(d);
  const step = id ? ctl.step(id) : undefined;
  const st = id ? ctl.state.steps[id] : undefined;
  switch (action) {
    case 'primary':
      return primary(d);
    case 'interrupt':
      if (s.running) {
        if (ctl.stopRunning()) d.dispatch({ type: 'message', message: { text: '^C stopping the step (the run goes on)', tone: 'info' } });
      } else if (s.prompt?.kind === 'failed' || s.prompt?.kind === 'judge') {
        // The prompt's own lines stand where a message would: the hint takes its second line.
        d.dispatch({ type: 'prompt', prompt: { ...s.prompt, aside: IDLE_CTRL_C } });
      } else d.dispatch({ type: 'message', message: { text: d.position().kind === 'done' ? DONE_CTRL_C : IDLE_CTRL_C, tone: 'info' } });
      return;
    case 'skip':
      if (!id) return;
      // A conditional step needs no reason: its condition not holding is one.
      d.dispatch({ type: 'prompt', prompt: step?.condition ? textPrompt('skip', id, 'Why skip it?', '', false, `enter alone: ${conditionalSkip(step) ?? ''}`) : textPrompt('skip', id, 'Why skip it?') });
      return;
    case 'note':
      if (id) d.dispatch({ type: 'prompt', prompt: textPrompt('note', id, 'Note:') });
      return;
    case 'edit': {
      if (!step) return;
      const current = s.edited[step.id] ?? step.command ?? step.sql ?? '';
      // A one-line prompt would squash its lines into one: several lines go to the editor.
      if (current.includes('\n')) return d.leave({ kind: 'aside', task: { kind: 'edit', step: step.id, text: current, run: false }, screen: s });
      const prompt = textPrompt('edit', step.id, 'Command:', s.edited[step.id] ?? step.command ?? step.sql ?? '') as Extract<Prompt, { kind: 'text' }>;
      // e, change it, enter: it runs (after the typed confirmation, if it asks one). A step
      // already done keeps the edit for a re-run instead.
      const runs = awaitsOperator(ctl.state.steps[step.id]?.status);
      d.dispatch({ type: 'prompt', prompt: runs ? { ...prompt, run: true, hint: 'enter runs it as edited · esc cancels; the journal keeps the original too' } : prompt });
      return;
    }
    case 'rerun':
      if (!step) return;
      if (step.kind === 'manual' && step.offeredCommand) void execute(d, step, step.offeredCommand);
      else startRun(d, step, st?.command ?? step.command ?? step.sql ?? '', true);
      return;
    case 'pass':
      if (!id) return;
      if (st?.outlived) d.dispatch({ type: 'prompt', prompt: textPrompt('mark-done', id, 'Done how? (a note for the record):', '', false, 'journaled as your decision; its process is left running') });
      else if (st?.status === 'interrupted') d.dispatch({ type: 'prompt', prompt: textPrompt('mark-done', id, 'Done how? (a note for the record):') });
      else {
        focusOn(d, id);
        ctl.mark(id, 'passed');
        done(d, '✔ passed');
      }
      return;
    case 'fail':
      if (!id) return;
      if (step?.kind === 'signoff' && awaitsOperator(st?.status)) {
        ctl.refuseSignOff(id, ctl.state.operator);
        done(d, `✘ sign-off refused by ${ctl.state.operator}`, 'bad');
        return;
      }
      focusOn(d, id);
      ctl.mark(id, 'failed', st?.status === 'interrupted' ? 'interrupted; marked failed by the operator' : undefined);
      d.dispatch({ type: 'prompt', prompt: { kind: 'failed', step: id, message: 'marked failed' } });
      return;
    case 'decision': {
      const failed = s.prompt?.kind === 'failed' ? s.prompt : null;
      const reason = failed ? `${ctl.step(failed.step)?.title ?? failed.step} failed${failed.message ? `: ${failed.message}` : ''}` : null;
      if (failed) d.dispatch({ type: 'close-prompt' });
      openTree(d, treeFor(ctl.runbook, phaseOf(ctl.state, id))?.id, null, reason);
      return;
    }
    case 'plans':
      if (ctl.runbook.plans.length === 0) {
        d.dispatch({ type: 'message', message: { text: 'This runbook has no plans.', tone: 'info' } });
        return;
      }
      if (s.prompt?.kind === 'failed') d.dispatch({ type: 'close-prompt' });
      d.dispatch({ type: 'overlay', overlay: { kind: 'plans' } });
      return;
    case 'baselines':
      d.dispatch(openBaselines(ctl.state));
      return;
    case 'pager': {
      const key = panelKey(s, id);
      if (!key) return;
      const lines = textToPage(ctl.runbook, ctl.state, s, id);
      if (d.splitPager(key, lines)) return;
      // Outside tmux the pager needs the terminal: not while a step streams into the screen.
      if (s.running) d.dispatch({ type: 'message', message: { text: 'o opens the output when the step has finished (or in a tmux split, inside tmux)', tone: 'info' } });
      else d.leave({ kind: 'aside', task: { kind: 'pager', step: key, ...(lines ? { lines } : {}) }, screen: s });
      return;
    }
    case 'prev-step':
    case 'next-step':
    case 'prev-phase':
    case 'next-phase': {
      const delta = action.startsWith('prev') ? -1 : 1;
      const change = (action.endsWith('step') ? moveStep : movePhase)(ctl.state, ctl.runbook, s.page, id, delta);
      if (change?.type !== 'select') {
        if (change) d.dispatch(change);
        return;
      }
      const at = d.position();
      d.dispatch({ type: 'select', step: at.kind === 'step' && at.step === change.step && !s.running ? null : change.step });
      return;
    }
    case 'wait':
      if (!id) return;
      d.dispatch({ type: 'waiting', step: id, message: { text: `waiting for pid ${st?.process?.pid ?? '?'} to end · its output after the runner went away is not recorded`, tone: 'info' } });
      return;
    case 'stop-outlived':
      if (id) void stopStillRunning(d, id);
      return;
    case 'expand':
    case 'collapse':
    case 'scroll-up':
    case 'scroll-down':
    case 'page-up':
    case 'page-down': {
      const change = panelAction(action, panelKey(s, id));
      if (change) d.dispatch(change);
      return;
    }
    case 'help':
      d.dispatch({ type: 'overlay', overlay: { kind: 'help' } });
      return;
    case 'quit':
      if (s.running || ctl.isRunning()) d.dispatch({ type: 'message', message: { text: 'a step is running — Ctrl-C stops it first (then q leaves)', tone: 'info' } });
      else quit(d);
      return;
    default: {
      const never: never = action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}
