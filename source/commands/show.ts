// `runbook show JOURNAL [--json] [--store]`: what a run did, from its journal alone (or
// the team store's copy of it).

import type { CommandContext } from './context';
import { openRecordedRun, type RecordedRun } from '../controller';
import { anchorHolds, describeAnchor, type AnchorVerdict } from '../journal/verify';
import { describeUnreadable } from '../run/event-shapes';
import { failuresText } from '../run/ending';
import { runView, type RunView, type ShownPlan } from './run-view';
import { recordedSource } from './store-read';
import { mark } from '../plain/format';
import { outcomeMark, outcomeWord } from '../run/status-mark';
import { awaitsJudgment } from '../run/step-status';
import { describeHolder } from '../journal/lock';
import { terminalJson, visible } from '../run/terminal-text';
import { whole, wrapHanging, wrapParagraph } from '../wrap';
import { damageWarning } from './journal-damage';

type ShownStep = RunView['steps'][number];

/** Lines of output shown under each attempt of a step run more than once. */
const ATTEMPT_TAIL = 3;

/** A line of ours holding the run's text: spelled out, then flowed at spaces under its own indent. */
const fitted = (line: string, columns: number) => wrapParagraph(visible(line), columns);

/** A step's row: its title (and what it printed, what it expected) flowing under the title's column. */
function stepLines(step: ShownStep, columns: number): string[] {
  const judged = awaitsJudgment(step) ? "awaits the operator's judgment" : step.expectation?.result;
  const exp = step.expectation ? ` · expected ${step.expectation.text} → ${judged}` : '';
  const lines = step.outputLines > 0 ? ` · ${step.outputLines} lines` : '';
  const out = wrapHanging(`  ${outcomeMark(step)} ${outcomeWord(step).padEnd(11)} `, visible(`${step.title}${lines}${exp}`), columns);
  // One attempt is the step's own line; more (an interrupted one, a re-run) are each listed.
  if (step.history.length <= 1) return out;
  for (const a of step.history) {
    const times = a.state === 'interrupted' ? `started ${a.startedAt}${a.endedAt ? ` · found interrupted ${a.endedAt}` : ''}` : `${a.startedAt} → ${a.endedAt ?? 'running'}`;
    const exit = a.exitCode !== null ? ` · exit ${a.exitCode}` : '';
    out.push(...wrapHanging(`      attempt ${a.number} `, `${mark(a.state)} ${a.state} · ${times}${exit} · ${a.outputLines} ${a.outputLines === 1 ? 'line' : 'lines'}`, columns));
    const o = a.output;
    const tail = o === null ? [] : [...o.head, ...o.tail].slice(-ATTEMPT_TAIL);
    if (o !== null && o.lines > tail.length) out.push(`        | … ${o.lines - tail.length} lines before`);
    for (const line of tail) out.push(`        | ${line}`);
  }
  return out;
}

function planHeader(plan: ShownPlan, columns: number): string[] {
  const out = fitted(`Plan: ${plan.title}`, columns);
  for (const e of plan.entered) {
    const why = e.reason === null ? 'no reason recorded' : e.reason;
    if (e.how === 'on purpose') out.push(...fitted(`  opened on purpose ${e.at} · why: ${why}`, columns));
    else out.push(...fitted(`  entered ${e.at} through the decision tree: ${e.path.map((p) => `${p.question} → ${p.answer}`).join(' / ') || 'path not recorded'} · why: ${why}`, columns));
  }
  if (plan.entered.length === 0) out.push('  reached without an entry in the journal');
  out.push(plan.leftAt ? `  finished ${plan.leftAt}` : '  not finished');
  return out;
}

/** `columns`: the terminal's width; a journal's path too long for it goes on a line of its own, whole. */
function humanView(view: RunView, run: RecordedRun, anchor: AnchorVerdict, storage: string | undefined, columns: number): string[] {
  const s = run.state;
  const out: string[] = [
    ...fitted(view.runbook.title, columns),
    ...wrapParagraph(['journal', whole(view.journal)], columns),
    ...fitted(`state ${view.state}${view.rehearsal ? ' · REHEARSAL: nothing was run' : ''} · operator ${view.operator} · started ${view.startedAt}${view.endedAt ? ` · ended ${view.endedAt}` : ''}`, columns),
    ...(view.failures.length > 0 ? fitted(`failed: ${failuresText(view.failures)}`, columns) : []),
    ...(run.driver ? fitted(`driven now by ${describeHolder(run.driver)}`, columns) : []),
    `chain ${view.chain.valid ? 'valid' : 'BROKEN'} · ${view.chain.events} events · head ${view.chain.head.slice(0, 16)}…`,
    ...(storage === undefined ? [] : fitted(`journal file DAMAGED: ${storage} (SQLite integrity check): output and events read through it may be missing`, columns)),
    ...(anchorHolds(anchor) && anchor.status !== 'none' ? [] : [describeAnchor(anchor)]),
    ...run.unreadable.map(describeUnreadable),
    '',
  ];
  let phase: string | null | undefined;
  for (const step of view.steps) {
    const summary = s.summaries.find((x) => x.id === step.id);
    if (step.plan !== null) continue;
    if (summary?.phase !== phase) {
      phase = summary?.phase;
      out.push(...fitted(s.phases.find((p) => p.id === phase)?.title ?? 'Steps', columns));
    }
    out.push(...stepLines(step, columns));
  }
  // Plans under their own heading, each with how it was entered: never under the last phase.
  for (const plan of view.plans) {
    out.push('', ...planHeader(plan, columns));
    for (const step of view.steps) if (step.plan === plan.id && step.status !== 'pending') out.push(...stepLines(step, columns));
  }
  for (const d of view.decisions) out.push('', ...fitted(`decision: ${d.path.map((p) => `${p.question} → ${p.answer}`).join(' / ')} (${d.reason})`, columns));
  for (const c of view.comparisons) out.push(...fitted(`comparison ${c.name}: ${c.passed ? 'passed' : 'FAILED'} — ${c.summary}`, columns));
  for (const so of view.signoffs) out.push(...fitted(`signed ${so.role}: ${so.name} at ${so.at}${so.signature ? ` · key ${so.signature.keyFingerprint} · ${so.signature.valid ? 'valid' : 'INVALID'}` : ' · chain head only'}`, columns));
  for (const d of view.due) out.push(...fitted(`due ${d.dueAt}: ${d.step}`, columns));
  return out;
}

export async function showCommand(ctx: CommandContext, args: { journal: string; json: boolean; store?: string | undefined }): Promise<number> {
  const source = await recordedSource(ctx, args, 'show');
  const run = openRecordedRun(source.path, ctx.cwd, source.driver);
  try {
    const chain = run.verifyChain();
    const anchor = run.verifyAnchor();
    const storage = run.verifyStorage();
    const view = await runView(source.label === null ? run : { ...run, path: source.label }, chain, anchor);
    if (args.json) {
      // The shape has no field for a damaged file: said beside it, never inside it.
      const warning = damageWarning(args, chain, storage);
      if (warning !== null) ctx.stderr(warning);
      ctx.stdout(`${terminalJson(JSON.stringify(view, null, 2))}\n`);
      return 0;
    }
    ctx.stdout(visible(`${humanView(view, run, anchor, storage, ctx.columns()).join('\n')}\n`));
    return 0;
  } finally {
    run.close();
    source.dispose();
  }
}
