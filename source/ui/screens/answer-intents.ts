// What the operator's answers mean: enter in a text input or a typed confirmation, a
// decision tree leaf taken, esc. Each answer goes to the controller, as in --plain.

import type { DecisionPath } from '../../run/decision-tree';
import type { Prompt } from './screen-state';
import { cannotEnter, planName, plansOverview } from '../../run/plans';
import { done, execute, focusOn, startRun, suggesting, textPrompt } from './run-intents';
import type { IntentDeps } from './intent-deps';
import { skipReason } from '../../run/step-status';

/** Enter in a text input or a typed confirmation. */
export async function submit(d: IntentDeps, prompt: Prompt, value: string): Promise<void> {
  const { ctl } = d;
  if (prompt.kind === 'confirm') {
    const step = ctl.step(prompt.step);
    if (value === prompt.word && step) void execute(d, step, prompt.command, value);
    else d.dispatch({ type: 'close-prompt', message: { text: `Not confirmed ("${prompt.word}" was not typed): nothing ran${prompt.practice ? ' · in the real run it would not run either' : ''}`, tone: 'info' } });
    return;
  }
  if (prompt.kind !== 'text') return;
  const id = prompt.step;
  const text = value.trim();
  switch (prompt.purpose) {
    case 'skip': {
      if (!id) return;
      // The skip's reason is the record of why a step was not done: never empty (a
      // conditional step's own, its condition not holding, when none is typed).
      const reason = skipReason(ctl.step(id) ?? {}, text);
      if (reason === null) return d.dispatch({ type: 'refuse', error: 'a reason is needed for the record (esc: do not skip)' });
      focusOn(d, id);
      ctl.skip(id, reason);
      return done(d, `↷ skipped: ${reason}`, 'info');
    }
    case 'note':
      if (id && text) ctl.note(id, text);
      d.dispatch({ type: 'close-prompt', message: { text: text ? 'noted' : 'no note added', tone: 'info' } });
      return;
    case 'edit': {
      const step = id ? ctl.step(id) : undefined;
      if (!step || !value.trim()) return d.dispatch({ type: 'close-prompt' });
      const original = step.command ?? step.sql ?? '';
      // The command as the runbook has it is no edit: no marker, nothing journaled as edited.
      const unchanged = value.trimEnd() === original.trimEnd();
      d.dispatch(unchanged ? { type: 'unedited', step: step.id } : { type: 'edited', step: step.id, command: value });
      if (prompt.run) startRun(d, step, unchanged ? original : value, true);
      return;
    }
    case 'input': {
      if (!id) return;
      const spec = ctl.step(id)?.input;
      const answer = value === '' ? (spec?.default ?? '') : value;
      if (answer === '') return d.dispatch({ type: 'refuse', error: 'an answer is needed (esc, then s skips the step)' });
      focusOn(d, id);
      const problem = ctl.giveInput(id, answer);
      if (problem) return d.dispatch({ type: 'refuse', error: problem });
      // The value met the condition the author wrote beside the blank: the step failed.
      const st = ctl.state.steps[id];
      if (st?.status === 'failed') return stopped(d, id, st.error ?? 'the value meets its STOP condition');
      return done(d, `✔ ${spec?.prompt ?? 'answer'} recorded${spec?.secret ? ' (secret: never journaled)' : ''}`);
    }
    case 'signoff': {
      if (!id) return;
      focusOn(d, id);
      const note = await ctl.signOff(id, text || ctl.state.operator);
      return done(d, note ? `✔ signed (${note})` : '✔ signed with SSH key');
    }
    case 'decision-reason': {
      if (!prompt.path) return;
      if (!text) return d.dispatch({ type: 'refuse', error: 'a reason is needed for the record' });
      takePath(d, prompt.path, text, prompt.from ?? null);
      return;
    }
    case 'plan-reason': {
      if (!prompt.plan) return;
      if (!text) return d.dispatch({ type: 'refuse', error: 'a reason is needed for the record (esc: back to the plans)' });
      const title = ctl.runbook.plans.find((p) => p.id === prompt.plan)?.title ?? prompt.plan;
      ctl.enterPlan(prompt.plan, text);
      d.dispatch({ type: 'close-overlay' });
      return done(d, `→ entering ${title} (opened on purpose)`, 'info');
    }
    case 'mark-done':
      if (!id) return;
      if (ctl.state.steps[id]?.outlived) {
        ctl.markOutlivedDone(id, text || undefined);
        d.dispatch({ type: 'waiting', step: null });
        return done(d, '✔ marked done (its process was left running)');
      }
      ctl.mark(id, 'done', text || 'marked done after an interruption');
      return done(d, '✔ marked done');
    default: {
      const never: never = prompt.purpose;
      throw new Error(`unknown prompt ${String(never)}`);
    }
  }
}

/** A failed input: the failure and the decision tree offered, as after a failed step. */
function stopped(d: IntentDeps, id: string, message: string): void {
  d.dispatch({ type: 'close-prompt' });
  d.dispatch({ type: 'select', step: id });
  d.dispatch({ type: 'prompt', prompt: { kind: 'failed', step: id, message } });
  d.dispatch({ type: 'message', message: { text: `✘ failed · ${message}`, tone: 'bad' } });
}

function takePath(d: IntentDeps, path: DecisionPath, reason: string, from: string | null): void {
  d.ctl.decide(path, reason, from);
  d.dispatch({ type: 'close-overlay' });
  const leaf = path.leadsTo;
  done(d, leaf.kind === 'plan' ? `→ entering ${leaf.title}` : `→ ${leaf.title}`, 'info');
}

/** A leaf taken in the menu: ask the reason, offering why the tree was opened (typing replaces it). */
export function take(d: IntentDeps, path: DecisionPath): void {
  const overlay = d.screen().overlay;
  const from = overlay?.kind === 'decision' ? overlay.from : null;
  const reason = overlay?.kind === 'decision' ? (overlay.reason ?? '') : '';
  d.dispatch({ type: 'prompt', prompt: { ...suggesting(textPrompt('decision-reason', from, 'Why this path?'), reason), path, from } });
}

/** A plan chosen in the plans menu (P): ask why it is opened, unless it cannot be now. */
export function openPlan(d: IntentDeps, plan: string): void {
  const progress = plansOverview(d.ctl.state, d.ctl.runbook).find((p) => p.plan === plan);
  if (!progress) return;
  const refused = cannotEnter(progress);
  if (refused) {
    d.dispatch({ type: 'close-overlay', message: { text: refused, tone: 'info' } });
    return;
  }
  d.dispatch({ type: 'prompt', prompt: { ...(textPrompt('plan-reason', null, `Why open ${planName(progress.title)}?`) as Extract<Prompt, { kind: 'text' }>), plan } });
}

/** Esc in a prompt (or Ctrl-C): nothing is recorded. */
export function cancel(d: IntentDeps): void {
  d.dispatch({ type: 'close-prompt' });
}
