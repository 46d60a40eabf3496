// Each step of the run as the filled checklist shows it: the runbook's text (command, SQL,
// expectation) beside what the journal says happened to it.

import type { Step } from '../runbook/model';
import type { StepSummary } from '../run/events';
import type { RunState, StepState } from '../run/state';
import { outcomeMark } from '../run/status-mark';
import type { ExpectationOutcome, OutputExcerpt, ReportAttempt, ReportStep } from './model';

export interface StepSources {
  state: RunState;
  /** The runbook's steps by id, when its text could be re-read. */
  steps: Map<string, Step>;
  excerpts: Record<string, OutputExcerpt>;
  /** Every attempt of each step that ran, oldest first. */
  history: Map<string, ReportAttempt[]>;
  /** Steps the runbook file changed while the run was under way. */
  changed: Set<string>;
}

function commandOf(step: Step | undefined, state: StepState | undefined): ReportStep['command'] {
  const text = step?.sql ?? step?.command ?? step?.offeredCommand;
  const language = step?.kind === 'sql' ? 'sql' : 'bash';
  const edited = state?.command ?? null;
  const ran = state?.ran ?? null;
  if (text === undefined && edited === null && ran === null) return null;
  return { language, text: text ?? edited ?? ran ?? '', edited: edited !== null && edited !== text ? edited : null, ran };
}

function runbookExpectation(step: Step | undefined): string | null {
  if (!step) return null;
  const texts = step.statements?.flatMap((s) => (s.expectation ? [s.expectation.text] : [])) ?? [];
  if (texts.length > 0) return texts.join(' · ');
  return step.expectation?.text ?? null;
}

function expectationOf(step: Step | undefined, state: StepState | undefined): ReportStep['expectation'] {
  if (state?.expectation) return { text: state.expectation.text, result: state.expectation.result };
  const text = runbookExpectation(step);
  return text === null ? null : { text, result: 'not checked' satisfies ExpectationOutcome };
}

function decisionAt(state: RunState, step: string): ReportStep['decision'] {
  const d = state.decisions.filter((x) => x.step === step).at(-1);
  return d ? { path: d.path, leadsTo: d.leadsTo, reason: d.reason } : null;
}

export function reportStep(summary: StepSummary, number: number, sources: StepSources): ReportStep {
  const { state } = sources;
  const st = state.steps[summary.id];
  const step = sources.steps.get(summary.id);
  const status = st?.status ?? 'pending';
  const given = Object.values(state.inputs).find((i) => i.step === summary.id);
  const inputName = given?.name ?? step?.input?.name ?? null;
  const signoff = state.signoffs.filter((s) => s.step === summary.id).at(-1);
  return {
    id: summary.id,
    number,
    kind: summary.kind,
    title: summary.title,
    section: step?.section ? step.section : null,
    description: step?.description?.trim() ? step.description.trim() : null,
    line: summary.line,
    status,
    // A judgment not made is never a ✔ (the Steps line counts such steps apart).
    mark: outcomeMark({ status, expectation: st?.expectation ?? null }),
    by: st?.by ?? null,
    startedAt: st?.startedAt ?? null,
    endedAt: st?.endedAt ?? null,
    durationMs: st?.durationMs ?? null,
    attempts: st?.attempts ?? 0,
    history: sources.history.get(summary.id) ?? [],
    exitCode: st?.exitCode ?? null,
    error: st?.error ?? null,
    command: summary.kind === 'shell' || summary.kind === 'sql' || step?.offeredCommand ? commandOf(step, st) : null,
    output: sources.excerpts[summary.id] ?? null,
    expectation: expectationOf(step, st),
    notes: st?.notes ?? [],
    skipReason: st?.skipReason ?? null,
    practised: st?.practised ?? null,
    subChecks: step?.subChecks ?? [],
    estimate: step?.estimate ?? null,
    input:
      inputName === null
        ? null
        : { name: inputName, value: given && !given.secret ? given.value : null, secret: given?.secret ?? step?.input?.secret ?? false },
    role: signoff?.role ?? step?.role ?? null,
    decision: decisionAt(state, summary.id),
    dueAt: state.due.find((d) => d.step === summary.id)?.dueAt ?? null,
    changedDuringRun: sources.changed.has(summary.id),
  };
}
