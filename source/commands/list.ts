// `runbook list [--json] [--due]`: the runs this account knows, and scheduled checks
// that are due (exit 1 when any is, for cron or a tmux status line).

import { existsSync } from 'node:fs';
import type { CommandContext } from './context';
import { openRecordedRun } from '../controller';
import { journalDir, listJournals } from '../journal/paths';
import { openConfig } from '../config';
import { dueNow } from '../run/navigation';
import { awaitsOperator } from '../run/step-status';
import { runOutcome, type RunOutcome } from '../run/ending';
import { terminalJson, visible } from '../run/terminal-text';

export interface ListedRun {
  journal: string;
  title: string;
  /** in_progress, monitoring, completed, completed_with_failures, aborted (run/ending.ts). */
  state: RunOutcome;
  /** A rehearsal: walked, nothing run. */
  rehearsal: boolean;
  operator: string;
  startedAt: string;
  endedAt: string | null;
  due: { step: string; title: string; dueAt: string; isDue: boolean }[];
}

export function knownJournals(env: Record<string, string | undefined>): string[] {
  const remembered = openConfig(env).get('journals');
  const found = listJournals(journalDir(env));
  return [...new Set([...remembered, ...found])].filter((p) => existsSync(p));
}

export function readRuns(env: Record<string, string | undefined>, cwd: string, now: Date): { runs: ListedRun[]; unreadable: string[] } {
  const runs: ListedRun[] = [];
  const unreadable: string[] = [];
  for (const path of knownJournals(env)) {
    let run;
    try {
      run = openRecordedRun(path, cwd);
    } catch (error) {
      unreadable.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const s = run.state;
    const due = dueNow(s, now).map((d) => d.step);
    runs.push({
      journal: path,
      title: s.runbook.title,
      state: runOutcome(s),
      rehearsal: s.rehearse,
      operator: s.operator,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      due: s.due
        .filter((d) => awaitsOperator(s.steps[d.step]?.status))
        .map((d) => ({ step: d.step, title: s.summaries.find((x) => x.id === d.step)?.title ?? d.step, dueAt: d.dueAt, isDue: due.includes(d.step) })),
    });
    run.close();
  }
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { runs, unreadable };
}

export async function listCommand(ctx: CommandContext, args: { json: boolean; due: boolean }): Promise<number> {
  const { runs, unreadable } = readRuns(ctx.env, ctx.cwd, new Date());
  for (const u of unreadable) ctx.stderr(visible(`runbook: skipped ${u}\n`));
  const dueRuns = runs.map((r) => ({ ...r, due: r.due.filter((d) => d.isDue) })).filter((r) => r.due.length > 0);
  const anyDue = dueRuns.length > 0;
  const shown = args.due ? dueRuns : runs;
  if (args.json) {
    ctx.stdout(`${terminalJson(JSON.stringify(shown, null, 2))}\n`);
  } else if (shown.length === 0) {
    ctx.stdout(args.due ? 'No scheduled checks are due.\n' : 'No runs yet. Start one with: runbook run FILE\n');
  } else {
    // The state column as wide as its longest word shown (completed_with_failures is long).
    const width = Math.max(11, ...shown.map((r) => r.state.length));
    const indent = ' '.repeat(width + 1);
    for (const r of shown) {
      ctx.stdout(visible(`${r.state.padEnd(width)} ${r.startedAt.slice(0, 16).replace('T', ' ')}  ${r.operator.padEnd(12)} ${r.rehearsal ? 'REHEARSAL · ' : ''}${r.title}\n${indent}${r.journal}\n`));
      for (const d of r.due) ctx.stdout(visible(`${indent}${d.isDue ? 'DUE ' : 'due '}${d.dueAt.slice(0, 16).replace('T', ' ')}  ${d.title}\n`));
    }
  }
  return args.due && anyDue ? 1 : 0;
}
