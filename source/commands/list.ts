// `runbook list [--json] [--due] [--format md] [--store]`: the runs this account knows (or,
// with --store, the team's), and scheduled checks that are due (exit 1 when any is, for
// cron or a tmux status line).

import { UsageError } from '../errors';
import type { CommandContext } from './context';
import { openRecordedRun } from '../controller';
import { knownJournals } from './run-journals';
import { terminalJson, visible } from '../run/terminal-text';
import { listLines, listMarkdown, listTable } from './list-format';
import { listedRun, type ListedRun } from './listed-run';

export type { ListedRun } from './listed-run';

export type ListFormat = 'text' | 'md';

/** `--format` as given: md, or nothing. */
export function listFormat(value: string | undefined): ListFormat {
  if (value === undefined) return 'text';
  if (value === 'md') return 'md';
  throw new UsageError(`--format must be md, not "${value}"`, 'list');
}

export function readRuns(env: Record<string, string | undefined>, cwd: string, now: Date): { runs: ListedRun[]; unreadable: string[] } {
  const runs: ListedRun[] = [];
  const unreadable: string[] = [];
  for (const path of knownJournals(env)) {
    let run;
    try {
      run = openRecordedRun(path, cwd);
    } catch (error) {
      // A journal's own errors name the file already: it is said once.
      const message = error instanceof Error ? error.message : String(error);
      unreadable.push(message.startsWith(`${path}: `) ? message : `${path}: ${message}`);
      continue;
    }
    runs.push(listedRun(run.state, run.events, { runId: run.runId, journal: path }, now));
    run.close();
  }
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { runs, unreadable };
}

export async function listCommand(ctx: CommandContext, args: { json: boolean; due: boolean; format?: ListFormat; store?: string | undefined }): Promise<number> {
  const now = new Date();
  const fromStore = args.store !== undefined;
  let runs: ListedRun[];
  if (fromStore) {
    const { readStoreRuns } = await import('./list-store');
    runs = await readStoreRuns(ctx, args.store, now);
  } else {
    const read = readRuns(ctx.env, ctx.cwd, now);
    for (const u of read.unreadable) ctx.stderr(visible(`runbook: skipped ${u}\n`));
    runs = read.runs;
  }
  const dueRuns = runs.map((r) => ({ ...r, due: r.due.filter((d) => d.isDue) })).filter((r) => r.due.length > 0);
  const anyDue = dueRuns.length > 0;
  const shown = args.due ? dueRuns : runs;
  if (args.json) {
    ctx.stdout(`${terminalJson(JSON.stringify(shown, null, 2))}\n`);
  } else if (args.format === 'md') {
    ctx.stdout(visible(`${listMarkdown(shown).join('\n')}\n`));
  } else if (shown.length === 0) {
    const none = fromStore ? 'No runs in the team store yet.' : 'No runs yet. Start one with: runbook run FILE';
    ctx.stdout(args.due ? 'No scheduled checks are due.\n' : `${none}\n`);
  } else if (fromStore) {
    ctx.stdout(visible(`${listTable(shown, ctx.columns()).join('\n')}\n`));
  } else {
    ctx.stdout(`${listLines(shown, ctx.columns()).join('\n')}\n`);
  }
  return args.due && anyDue ? 1 : 0;
}
