// `runbook show JOURNAL [--json] [--store]`: what a run did, from its journal alone (or
// the team store's copy of it).

import type { CommandContext } from './context';
import { openRecordedRun } from '../controller';
import { anchorHolds, describeAnchor } from '../journal/verify';
import { describeUnreadable } from '../run/event-shapes';
import { runView } from './run-view';
import { recordedSource } from './store-read';
import { mark } from '../plain/format';
import { describeHolder } from '../journal/lock';
import { terminalJson, visible } from '../run/terminal-text';

export async function showCommand(ctx: CommandContext, args: { journal: string; json: boolean; store?: string | undefined }): Promise<number> {
  const source = await recordedSource(ctx, args, 'show');
  const run = openRecordedRun(source.path, ctx.cwd);
  try {
    const chain = run.verifyChain();
    const anchor = run.verifyAnchor();
    const view = await runView(source.label === null ? run : { ...run, path: source.label }, chain, anchor);
    if (args.json) {
      ctx.stdout(`${terminalJson(JSON.stringify(view, null, 2))}\n`);
      return 0;
    }
    const s = run.state;
    const out: string[] = [
      `${view.runbook.title}`,
      `journal ${view.journal}`,
      `state ${view.state} · operator ${view.operator} · started ${view.startedAt}${view.endedAt ? ` · ended ${view.endedAt}` : ''}`,
      ...(run.driver ? [`driven now by ${describeHolder(run.driver)}`] : []),
      `chain ${view.chain.valid ? 'valid' : 'BROKEN'} · ${view.chain.events} events · head ${view.chain.head.slice(0, 16)}…`,
      ...(anchorHolds(anchor) && anchor.status !== 'none' ? [] : [describeAnchor(anchor)]),
      ...run.unreadable.map(describeUnreadable),
      '',
    ];
    let phase: string | null | undefined;
    for (const step of view.steps) {
      const summary = s.summaries.find((x) => x.id === step.id);
      if (summary?.plan === null && summary.phase !== phase) {
        phase = summary.phase;
        out.push(`${s.phases.find((p) => p.id === phase)?.title ?? 'Steps'}`);
      }
      if (summary?.plan !== null && step.status === 'pending') continue;
      const exp = step.expectation ? ` · expected ${step.expectation.text} → ${step.expectation.result}` : '';
      const lines = step.outputLines > 0 ? ` · ${step.outputLines} lines` : '';
      out.push(`  ${mark(step.status)} ${step.status.padEnd(11)} ${step.title}${lines}${exp}`);
    }
    for (const d of view.decisions) out.push('', `decision: ${d.path.map((p) => `${p.question} → ${p.answer}`).join(' / ')} (${d.reason})`);
    for (const c of view.comparisons) out.push(`comparison ${c.name}: ${c.passed ? 'passed' : 'FAILED'}`);
    for (const so of view.signoffs) out.push(`signed ${so.role}: ${so.name} at ${so.at}${so.signature ? ` · key ${so.signature.keyFingerprint} · ${so.signature.valid ? 'valid' : 'INVALID'}` : ' · chain head only'}`);
    for (const d of view.due) out.push(`due ${d.dueAt}: ${d.step}`);
    ctx.stdout(visible(`${out.join('\n')}\n`));
    return 0;
  } finally {
    run.close();
    source.dispose();
  }
}
