// The evidence report as Markdown: the runbook as a filled checklist, for the change
// ticket. Renders on any code host and passes markdownlint's default rules (MD013 aside,
// see .markdownlint-cli2.jsonc: commands and hashes do not wrap).

import type { RunOutcome } from '../run/ending';
import type { Report, ReportPlan, ReportPlanEntry, ReportSession, ReportSignOff } from './model';
import { baselinesSection } from './markdown-baselines';
import { groupSteps, stepRefs, type StepRef } from './markdown-steps';
import { code, Headings, headingText, table, text, time } from './md';
import { describeUnreadable } from '../run/event-shapes';
import { awaitsJudgment, stillToDo } from '../run/step-status';
import { UNJUDGED } from '../run/status-mark';

const STATE_LABEL: Record<RunOutcome, string> = {
  completed: '✔ COMPLETED',
  completed_with_failures: '✘ COMPLETED WITH FAILURES',
  in_progress: 'IN PROGRESS',
  monitoring: 'MONITORING',
  aborted: '✘ ABORTED',
};

function failureCount(report: Report): string {
  const steps = report.run.failures.filter((f) => f.kind === 'step').length;
  const comparisons = report.run.failures.length - steps;
  const part = (n: number, what: string) => (n === 0 ? [] : [`${n} ${what}${n === 1 ? '' : 's'}`]);
  return [...part(steps, 'step'), ...part(comparisons, 'comparison')].join(' and ');
}

function banner(report: Report, storage: string | undefined): string[] {
  const r = report.run;
  const lines: string[] = [];
  switch (r.state) {
    case 'completed':
      break;
    case 'completed_with_failures':
      lines.push(`> **COMPLETED WITH FAILURES**: every step was walked, but ${failureCount(report)} failed (see Failed, below).`);
      break;
    case 'in_progress': {
      const paused = r.paused ? ` Paused ${time(r.paused.at)}: ${text(r.paused.reason)}.` : '';
      lines.push(`> **IN PROGRESS**: this run is not finished; ${r.open} walk ${r.open === 1 ? 'step is' : 'steps are'} still open.${paused}`);
      break;
    }
    case 'monitoring':
      lines.push(`> **MONITORING**: every step is done but scheduled checks are still ahead (${r.open} open).`);
      break;
    case 'aborted':
      lines.push(`> **ABORTED** ${time(r.endedAt)}${r.endReason ? `: ${text(r.endReason)}` : ''}.`);
      break;
    default: {
      const never: never = r.state;
      return [String(never)];
    }
  }
  if (r.rehearsal) lines.push(`> **REHEARSAL**: nothing was run; every step was walked only.`);
  if (!report.chain.valid) lines.push(`> **JOURNAL TAMPERED OR DAMAGED**: its hash chain does not verify (see Journal chain).`);
  if (storage !== undefined) lines.push(`> **JOURNAL FILE DAMAGED**: SQLite's integrity check fails (${text(storage)}); output and events read through it may be missing from this report (see Journal chain).`);
  if (!report.chain.anchor.holds) lines.push(`> **JOURNAL CUT SHORT OR REWRITTEN**: it does not match its anchor (see Journal chain).`);
  const unreadable = report.unreadableEvents.length;
  if (unreadable > 0) lines.push(`> **UNREADABLE EVENTS**: ${unreadable} ${unreadable === 1 ? 'event' : 'events'} of the journal could not be read and ${unreadable === 1 ? 'is' : 'are'} left out (see Journal chain).`);
  return lines.flatMap((l, i) => (i === 0 ? [l] : ['>', l])).concat(lines.length > 0 ? [''] : []);
}

function countsText(report: Report): string {
  const order = ['passed', 'done', 'failed', 'skipped', 'rehearsed', 'interrupted', 'running', 'pending'] as const;
  // Ran, and left at the question of its expectation: its status says passed (or done), but
  // it is neither until judged, so it is counted apart, never as a pass.
  const unjudged = [...report.phases, ...report.plans].flatMap((g) => g.steps).filter(awaitsJudgment);
  const parts = order.flatMap((s) => {
    const n = (report.run.counts[s] ?? 0) - unjudged.filter((u) => u.status === s).length;
    return n > 0 ? [`${n} ${s === 'pending' ? 'not done' : s}`] : [];
  });
  const n = unjudged.length;
  if (n > 0) parts.push(`${n} ${UNJUDGED} (ran; ${n === 1 ? 'awaits' : 'await'} the operator's judgment of ${n === 1 ? 'its' : 'their'} expectation)`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function chainText(report: Report): string {
  const c = report.chain;
  if (c.valid) return `✔ verifies: ${c.events} events, head ${code(c.head)}`;
  return `✘ BROKEN at event ${c.problem?.seq ?? '?'}: ${text(c.problem?.reason ?? 'unknown')} (${c.events} events, last hash ${code(c.head)})`;
}

function anchorText(report: Report): string {
  const a = report.chain.anchor;
  return `${a.holds ? (a.status === 'none' ? '' : '✔ ') : '✘ '}${text(a.message)}`;
}

/** "step 2 (Disk check): exit 3": each failure, pointing at its step. */
function failureItems(report: Report, ref: StepRef): string[] {
  return report.run.failures.map((f) => (f.kind === 'step' ? `${ref(f.step)}: ${text(f.why)}` : `comparison ${code(f.title)} at ${ref(f.step)}: ${text(f.why)}`));
}

function header(report: Report, headings: Headings, ref: StepRef, storage: string | undefined): string[] {
  const r = report.run;
  const rb = report.runbook;
  const failed = failureItems(report, ref);
  const items = [
    `State: ${STATE_LABEL[r.state]}`,
    ...(failed.length > 0 ? [`Failed: ${failed.join('; ')}`] : []),
    ...(r.skipped.length > 0 ? [`Skipped: ${r.skipped.map((s) => `${ref(s.step)}: ${text(s.why)}`).join('; ')}`] : []),
    `Runbook: ${code(rb.file)} · sha256 ${code(rb.sha256)}`,
    `Journal: ${code(report.journal)}`,
    ...(report.runId === null ? [] : [`Run id: ${code(report.runId)}`]),
    `Started: ${time(r.startedAt)} · Ended: ${r.endedAt === null ? 'not ended' : time(r.endedAt)}`,
    r.operators.length > 1 ? `Operators: ${r.operators.map(text).join(', then ')} (driving now: ${text(r.operator)})` : `Operator: ${text(r.operator)}`,
    `Steps: ${countsText(report)}`,
  ];
  if (report.targets.length > 0) items.push(`Targets: ${report.targets.map((t) => `${code(t.name)} (${t.kind}) ${code(t.location)}`).join(', ')}`);
  items.push(`Journal chain: ${chainText(report)}`);
  items.push(`Journal anchor: ${anchorText(report)}`);
  if (storage !== undefined) items.push(storageText(storage));
  for (const change of rb.changes) {
    const ids = [...change.changed, ...change.added];
    const accepted = change.accepted
      ? `; the operator accepted the new version${change.keptStrict?.length ? ` (typed confirmation kept for ${change.keptStrict.map((id) => code(id)).join(', ')})` : ''}${change.relaxed?.length ? ` (typed confirmation dropped, as accepted, for ${change.relaxed.map((id) => code(id)).join(', ')})` : ''}`
      : '';
    items.push(`⚠ The runbook file changed during the run (${time(change.at)}, sha256 ${code(change.sha256)}): ${ids.length} changed or added steps, ${change.removed.length} removed${accepted}`);
  }
  if (rb.problem) items.push(`⚠ The runbook text could not be read again (${text(rb.problem)}): commands, SQL and sections are not shown`);
  return [
    headings.line(1, headingText(rb.title)),
    '',
    ...banner(report, storage),
    `Evidence of a recorded run of this runbook, made from its journal at ${time(report.generatedAt)}.`,
    '',
    ...items.map((i) => `- ${i}`),
    '',
  ];
}

function sessionsSection(sessions: ReportSession[], headings: Headings): string[] {
  const what = (s: ReportSession) => {
    switch (s.kind) {
      case 'started':
        return 'started the run';
      case 'resumed':
        return 'resumed';
      case 'handover':
        return `took the run over from ${s.from ?? '?'}`;
      case 'lock-takeover':
        return `took the lock from ${s.from ?? '?'}, whose process was gone`;
      case 'lease-takeover':
        return `took the run over from another host: ${s.from ?? '?'}`;
      default: {
        const never: never = s.kind;
        return String(never);
      }
    }
  };
  const or = (v: string | null) => (v === null ? '—' : text(v));
  const rows = sessions.map((s) => [
    time(s.at),
    text(what(s)),
    text(s.operator),
    or(s.sudoUser ? `${s.user ?? '?'} (sudo from ${s.sudoUser})` : s.user),
    or(s.host === null ? null : `${s.host}${s.pid === null ? '' : ` (pid ${s.pid})`}`),
    or(s.sshClient),
    or(s.tmux ?? (s.screen === null ? null : `screen ${s.screen}`)),
  ]);
  return [headings.line(2, 'Operators and sessions'), '', ...table(['When', 'What', 'Operator', 'User', 'Host', 'SSH client', 'tmux or screen'], rows), ''];
}

function entryText(e: ReportPlanEntry, ref: StepRef): string {
  const when = `${time(e.at)} by ${text(e.by)}`;
  const why = e.reason === null ? 'no reason recorded' : text(e.reason);
  if (e.how === 'on purpose') return `Opened on purpose ${when}. Why: ${why}`;
  const path = e.path.map((p) => `${text(p.question) || '(question)'} → ${text(p.answer) || '(answer)'}`).join('; ');
  const tree = e.tree === null ? 'the decision tree' : `decision tree ${code(e.tree)}`;
  const at = e.from ? `, answered at ${ref(e.from, e.fromTitle)}` : '';
  return `Entered ${when} through ${tree}${at}: ${path || 'path not recorded'}. Why: ${why}`;
}

function planIntro(plan: ReportPlan, ref: StepRef): string[] {
  const lines = plan.entered.map((e) => `- ${entryText(e, ref)}`);
  if (plan.entered.length === 0) lines.push('- Reached without an entry in the journal');
  lines.push(plan.leftAt ? `- Finished ${time(plan.leftAt)}` : '- Not finished');
  return [...lines, ''];
}

function inputsSection(report: Report, headings: Headings): string[] {
  if (report.inputs.length === 0) return [];
  const rows = report.inputs.map((i) => [code(i.name, true), i.secret ? '\\[REDACTED\\]' : i.value === null || i.value === '' ? '(empty)' : code(i.value, true), i.by === null ? '—' : text(i.by), time(i.at)]);
  return [headings.line(2, 'Inputs'), '', ...table(['Name', 'Value', 'Given by', 'At'], rows), ''];
}

function decisionsSection(report: Report, headings: Headings, ref: StepRef): string[] {
  if (report.decisions.length === 0) return [];
  const out = [headings.line(2, 'Decisions'), ''];
  report.decisions.forEach((d, i) => {
    out.push(headings.line(3, `Decision ${i + 1}`), '');
    out.push(`Taken ${time(d.at)} by ${text(d.by)}${d.step ? ` at ${ref(d.step, d.stepTitle)}` : ''}:`, '');
    if (d.path.length > 0) out.push(...d.path.map((p, n) => `${n + 1}. ${text(p.question) || '(question)'} → ${text(p.answer) || '(answer)'}`), '');
    out.push(`Leads to ${text(d.leadsTo.kind)}: ${text(d.leadsTo.title)}.`, '');
    out.push(`Why: ${d.reason.trim() === '' ? 'no reason given' : text(d.reason)}`, '');
  });
  return out;
}

function signatureText(so: ReportSignOff): string {
  if (so.refused) return 'refused to sign';
  if (!so.signature) return `chain head only${so.note ? ` (${text(so.note.replace(/^not SSH-signed: /, ''))})` : ''}`;
  const verdict = so.signature.valid ? '✔ valid' : `✘ INVALID${so.signature.problem ? ` (${text(so.signature.problem)})` : ''}`;
  return `key ${code(so.signature.keyFingerprint, true)} ${verdict}`;
}

function signoffsSection(report: Report, headings: Headings): string[] {
  const hasSteps = [...report.phases, ...report.plans].some((g) => g.steps.some((s) => s.kind === 'signoff'));
  if (report.signoffs.length === 0 && !hasSteps) return [];
  const out = [headings.line(2, 'Sign-offs'), ''];
  if (report.signoffs.length === 0) return [...out, 'No sign-off recorded yet.', ''];
  const rows = report.signoffs.map((so) => [
    text(so.role),
    // Signed under another's name at this operator's keyboard: say whose keyboard it was.
    so.name === so.enteredBy ? text(so.name) : `${text(so.name)} (entered by ${text(so.enteredBy)})`,
    time(so.at),
    so.refused ? '—' : `${code(so.chainHead, true)}${so.chainHeadInJournal ? '' : ' ✘ not in this journal'}`,
    signatureText(so),
  ]);
  out.push(...table(['Role', 'Name', 'At', 'Chain head signed', 'Signature'], rows), '');
  const statements = report.signoffs.filter((so) => !so.refused && so.statement !== '');
  if (statements.length > 0) out.push('What each signed:', '', ...statements.map((so) => `- ${text(so.role)}: ${text(so.statement)}`), '');
  const flagged = new Set<string>();
  for (const so of report.signoffs) {
    if (!so.signature || so.sameKeyAs.length === 0 || flagged.has(so.signature.keyFingerprint)) continue;
    flagged.add(so.signature.keyFingerprint);
    const roles = [so.role, ...so.sameKeyAs].map(text).join(', ');
    out.push(`⚠ One key signed for more than one role (${roles}): ${code(so.signature.keyFingerprint)}. Separate sign-offs should come from separate people.`, '');
  }
  return out;
}

function scheduledSection(report: Report, headings: Headings): string[] {
  if (report.scheduled.length === 0) return [];
  const state = (s: Report['scheduled'][number]) => (s.overdue ? '⚠ due now, not done' : s.status === 'pending' ? 'not yet due' : s.status);
  const rows = report.scheduled.map((s) => [text(s.title), time(s.dueAt), text(state(s))]);
  return [headings.line(2, 'Scheduled checks'), '', ...table(['Check', 'Due', 'Status'], rows), ''];
}

/** The journal file's own damage: the chain covers what rows hold, not the b-trees they are read through. */
const storageText = (storage: string) => `Journal file: ✘ DAMAGED: ${text(storage)} (SQLite integrity check)`;

function chainSection(report: Report, headings: Headings, storage: string | undefined): string[] {
  const out = [headings.line(2, 'Journal chain'), '', `${chainText(report)}.`, '', `Anchor: ${anchorText(report)}.`, ''];
  if (storage !== undefined) out.push(`${storageText(storage)}.`, '');
  if (report.unreadableEvents.length > 0) {
    out.push('Left out of this report, unreadable:', '', ...report.unreadableEvents.map((u) => `- ${text(describeUnreadable(u))}`), '');
  }
  out.push('Every event and output chunk of the journal is hash-chained; `runbook verify JOURNAL` checks the chain and every SSH signature again.', '');
  return out;
}

/** `storage`: what SQLite's integrity check finds wrong with the journal file (not in the Report: its JSON shape has no field for it). */
export function renderMarkdown(report: Report, storage?: string): string {
  const headings = new Headings();
  const ref = stepRefs(report);
  const out: string[] = [...header(report, headings, ref, storage)];
  if (report.sessions.length > 0) out.push(...sessionsSection(report.sessions, headings));
  for (const phase of report.phases) {
    const done = phase.steps.filter((s) => !stillToDo(s)).length;
    const failed = phase.steps.filter((s) => s.status === 'failed').length;
    out.push(headings.line(2, headingText(phase.title)), '', `${done} of ${phase.steps.length} steps finished${failed > 0 ? `, ${failed} failed` : ''}.`, '');
    out.push(...groupSteps(phase, 2, headings, report.runbook.title));
  }
  for (const plan of report.plans) {
    out.push(headings.line(2, headingText(`Plan: ${plan.title}`)), '', ...planIntro(plan, ref));
    out.push(...groupSteps(plan, 2, headings, report.runbook.title));
  }
  out.push(...inputsSection(report, headings));
  out.push(...baselinesSection(report, headings, ref));
  out.push(...decisionsSection(report, headings, ref));
  out.push(...signoffsSection(report, headings));
  out.push(...scheduledSection(report, headings));
  out.push(...chainSection(report, headings, storage));
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
