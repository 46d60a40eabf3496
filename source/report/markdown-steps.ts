// One step of the filled checklist: status, who and when, the command or SQL, an output
// excerpt, the expectation and its result, notes and skip reasons.

import type { StepStatus } from '../run/state';
import type { OutputExcerpt, Report, ReportAttempt, ReportGroup, ReportStep } from './model';
import { code, duration, fence, headingText, type Headings, paragraph, text, time } from './md';
import { UNJUDGED } from '../run/status-mark';
import { awaitsJudgment } from '../run/step-status';

function statusWord(status: StepStatus): string {
  switch (status) {
    case 'passed':
      return 'passed';
    case 'failed':
      return 'FAILED';
    case 'skipped':
      return 'skipped';
    case 'interrupted':
      return 'INTERRUPTED (its process went away while it ran)';
    case 'done':
      return 'done';
    case 'running':
      return 'running';
    case 'pending':
      return 'not done';
    case 'rehearsed':
      return 'rehearsed (nothing ran)';
    default: {
      const never: never = status;
      return String(never);
    }
  }
}

function expectationResult(result: NonNullable<ReportStep['expectation']>['result']): string {
  switch (result) {
    case 'passed':
      return '✔ passed';
    case 'failed':
      return '✘ failed';
    case 'manual':
      return "awaits the operator's judgment";
    case 'not checked':
      return 'not checked';
    default: {
      const never: never = result;
      return String(never);
    }
  }
}

function when(step: { startedAt: string | null; endedAt: string | null }): string | null {
  if (step.startedAt && step.endedAt) {
    const sameDay = step.startedAt.slice(0, 10) === step.endedAt.slice(0, 10);
    return `${time(step.startedAt)} → ${sameDay ? time(step.endedAt).slice(11) : time(step.endedAt)}`;
  }
  if (step.startedAt) return `started ${time(step.startedAt)}`;
  if (step.endedAt) return time(step.endedAt);
  return null;
}

function statusLine(step: ReportStep): string {
  const word = awaitsJudgment(step) ? `${UNJUDGED}: ran, awaits the operator's judgment of its expectation` : statusWord(step.status);
  const parts = [`${step.mark} ${word}`, step.kind, `line ${step.line}`];
  if (step.by) parts.push(`by ${text(step.by)}`);
  const at = when(step);
  if (at) parts.push(at);
  if (step.durationMs !== null) parts.push(duration(step.durationMs));
  if (step.exitCode !== null) parts.push(`exit ${step.exitCode}`);
  if (step.attempts > 1) parts.push(`attempt ${step.attempts}`);
  if (step.estimate) parts.push(`estimate ${text(step.estimate)}`);
  return parts.join(' · ');
}

function outputLines(out: OutputExcerpt): { label: string; shown: string[] } {
  const shown = out.omitted > 0 ? [...out.head, `… ${out.omitted} lines omitted …`, ...out.tail] : [...out.head];
  // SQL output ends with a blank separator line; it says nothing in a fence.
  while (shown.length > 1 && shown.at(-1)?.trim() === '') shown.pop();
  const label = out.omitted > 0 ? `${out.lines} lines (first ${out.head.length} and last ${out.tail.length})` : `${out.lines} ${out.lines === 1 ? 'line' : 'lines'}`;
  return { label, shown };
}

function outputBlock(step: ReportStep): string[] {
  const out = step.output;
  // Several attempts: each one's output is under it (attemptsBlock).
  if (!out || out.lines === 0 || step.history.length > 1) return [];
  const { label, shown } = outputLines(out);
  return [`Output, ${label}:`, '', ...fence(shown, 'text'), ''];
}

function attemptLine(a: ReportAttempt, of: number): string {
  const parts = [`Attempt ${a.number} of ${of}: ${a.mark} ${statusWord(a.state)}`];
  // An interrupted attempt's end is not known: only when the run found it so (at resume).
  const at = a.state === 'interrupted' ? `started ${time(a.startedAt)}${a.endedAt ? ` · found interrupted ${time(a.endedAt)}` : ''}` : when(a);
  if (at) parts.push(at);
  if (a.durationMs !== null) parts.push(duration(a.durationMs));
  if (a.exitCode !== null) parts.push(`exit ${a.exitCode}`);
  if (a.signal !== null) parts.push(text(a.signal));
  if (a.error !== null) parts.push(text(a.error));
  for (const n of a.notes) parts.push(text(n));
  return parts.join(' · ');
}

/** A step run more than once: every attempt, the interrupted ones too, each with its output. */
function attemptsBlock(step: ReportStep): string[] {
  if (step.history.length <= 1) return [];
  const out: string[] = [];
  const latest = step.command?.ran ?? null;
  for (const a of step.history) {
    const o = a.output;
    const lines = o === null || o.lines === 0 ? null : outputLines(o);
    out.push(`${attemptLine(a, step.history.length)}${lines ? `, output ${lines.label}:` : ', no output.'}`, '');
    if (a.command !== null && latest !== null && a.command !== latest) out.push(`It ran: ${code(a.command)}`, '');
    if (lines) out.push(...fence(lines.shown, 'text'), '');
  }
  return out;
}

function commandBlock(step: ReportStep): string[] {
  const c = step.command;
  if (!c || (c.text === '' && c.edited === null && c.ran === null)) return [];
  // What ran, as the journal recorded it; a journal from before every step's text was
  // recorded has only the operator's edit.
  const ran = c.ran ?? c.edited;
  const differs = ran !== null && ran !== c.text;
  const edit = differs && ran === c.edited;
  const out: string[] = [];
  if (c.text !== '') {
    if (differs && !edit) out.push('As the runbook had it when the run began (not what ran):', '');
    out.push(...fence(c.text.split('\n'), c.language), '');
  }
  if (differs) {
    const why = edit ? 'Edited by the operator before it ran; this is what ran:' : c.text === '' ? 'What ran:' : 'The runbook file changed it after the run began; this is what ran:';
    out.push(why, '', ...fence(ran.split('\n'), c.language), '');
  }
  return out;
}

function details(step: ReportStep): string[] {
  const items: string[] = [];
  if (step.expectation) items.push(`Expected: ${code(step.expectation.text)} → ${expectationResult(step.expectation.result)}`);
  if (step.error) items.push(`Error: ${text(step.error)}`);
  if (step.input) {
    const value = step.input.secret ? '\\[REDACTED\\] (secret: never journaled)' : step.input.value === null ? 'not given' : code(step.input.value);
    items.push(`Value of ${code(step.input.name)}: ${value}`);
  }
  if (step.role) items.push(`Role: ${text(step.role)} (see Sign-offs)`);
  if (step.decision) {
    const path = step.decision.path.map((p) => `${text(p.question) || '(question)'} → ${text(p.answer) || '(answer)'}`).join('; ');
    items.push(`Decided: ${path}; leads to ${text(step.decision.leadsTo.kind)} ${text(step.decision.leadsTo.title)} (see Decisions)`);
  }
  if (step.skipReason) items.push(`Skipped: ${text(step.skipReason)}`);
  if (step.practised !== null) items.push(`Rehearsed: the typed confirmation practised (${code(step.practised)} typed); nothing ran`);
  for (const note of step.notes) if (note.trim() !== '') items.push(`Note: ${text(note)}`);
  if (step.dueAt) items.push(`Scheduled check, due ${time(step.dueAt)}`);
  if (step.changedDuringRun) items.push('⚠ The runbook file changed this step while the run was under way');
  const done = step.status === 'passed' || step.status === 'done';
  const checks = step.subChecks.filter((c) => c.trim() !== '').map((c) => `- [${done ? 'x' : ' '}] ${text(c)}`);
  const list = items.map((i) => `- ${i}`);
  return [...list, ...checks].length > 0 ? [...list, ...checks, ''] : [];
}

/** "step 13 (Is the system functional?)": how the report points at a step elsewhere. */
export type StepRef = (id: string, title?: string | null) => string;

export function stepRefs(report: Report): StepRef {
  const steps = new Map([...report.phases, ...report.plans].flatMap((g) => g.steps.map((s) => [s.id, s] as const)));
  return (id, title) => {
    const step = steps.get(id);
    const name = text(step?.title ?? title ?? id);
    return step ? `step ${step.number} (${name})` : `step ${name}`;
  };
}

export function stepBlock(step: ReportStep, level: number, headings: Headings): string[] {
  const title = step.title.length > 120 ? `${[...step.title].slice(0, 119).join('')}…` : step.title;
  return [
    headings.line(level, `${step.number}. ${step.mark} ${headingText(title)}`),
    '',
    statusLine(step),
    '',
    ...(step.description ? [paragraph(step.description), ''] : []),
    ...commandBlock(step),
    ...outputBlock(step),
    ...attemptsBlock(step),
    ...details(step),
  ];
}

/** The steps of a phase or plan, under their section headings when the runbook has them. */
export function groupSteps(group: ReportGroup, level: number, headings: Headings, documentTitle: string): string[] {
  const out: string[] = [];
  let section: string | null = null;
  // The group's own heading, or the document's title, would only repeat itself.
  const repeats = new Set([group.title.trim(), documentTitle.trim()]);
  for (const step of group.steps) {
    const own = step.section !== null && !repeats.has(step.section.trim()) ? step.section : null;
    if (own !== null && own !== section) out.push(headings.line(level + 1, headingText(own)), '');
    section = own;
    out.push(...stepBlock(step, own === null ? level + 1 : level + 2, headings));
  }
  return out;
}
