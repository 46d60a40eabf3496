// `runbook resume [JOURNAL]`: pick a run up exactly where it stopped. A step that was
// running is marked interrupted (never done); runbook changes are shown before anything runs.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { readIdentity } from '../journal/identity';
import { createRedactor, createStreamRedactor, secretsInEnv } from '../executors/redact';
import { secretsInRunbook } from '../runbook/runbook-secrets';
import { targetSecrets } from '../executors/targets';
import { resumeRun, type ResumingRun } from '../controller';
import { openConfig, rememberJournal } from '../config';
import type { Runbook } from '../runbook/model';
import type { RunState } from '../run/state';
import type { ResolvedTarget } from '../executors/types';
import type { CommandContext } from './context';
import { loadRunbookCached, parseRunbookCached } from './load-cached';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { readRuns } from './list';
import { adoptJournalIds } from './adopt-ids';
import { drive, type Driving } from './drive';
import { whole, wrapText, type Paragraph } from '../wrap';

export async function resumeCommand(ctx: CommandContext, args: { journal: string | undefined; operator: string | undefined; plain: boolean }): Promise<number> {
  if (!args.plain && !ctx.isTTY) throw new UsageError('resume needs a terminal; add --plain to resume line by line from a pipe or script');
  const path = args.journal ? resolve(ctx.cwd, args.journal) : latestUnfinished(ctx);
  if (!existsSync(path)) throw new UsageError(`${args.journal ?? path}: no such journal`);
  const config = openConfig(ctx.env);
  const operator = args.operator ?? config.get('operator') ?? ctx.env.USER ?? 'operator';
  const identity = readIdentity(operator, ctx.env);
  const redactor = createStreamRedactor(createRedactor(secretsInEnv(ctx.env)));
  const resuming = resumeRun({ journal: path, identity, redactor, ...(ctx.bench ? { onCommit: ctx.bench.commit } : {}) });
  const driving = await drive.prepare(ctx, { plain: args.plain });
  try {
    const before = resuming.state;
    if (before.lifecycle === 'completed' || before.lifecycle === 'aborted') {
      say(driving, [[`This run is ${before.lifecycle}; nothing to resume. See it with:`, whole(`runbook show ${path}`)]]);
      return 0;
    }
    const { handedOverFrom } = resuming.begin(args.operator || undefined);
    if (handedOverFrom !== null) say(driving, [`Run handed over from ${handedOverFrom} to ${args.operator}.`]);
    const runbook = await currentRunbook(resuming, driving, ctx.env);
    for (const secret of secretsInRunbook(runbook)) redactor.addSecret(secret);
    rememberJournal(config, path);
    const interrupted = Object.values(resuming.state.steps).filter((s) => s.status === 'interrupted');
    say(driving, interrupted.map((s) => `! ${s.id} was running when the run stopped: it is interrupted, not done.`));
    const secrets = await askSecretsAgain(resuming.state, runbook, driving, redactor.addSecret);
    if (secrets === null) {
      resuming.pause('stopped by operator');
      return 0;
    }
    const targets: ResolvedTarget[] = resuming.state.targets.map((t) => ({ ...t }));
    for (const t of targets) for (const secret of targetSecrets(t, ctx.env)) redactor.addSecret(secret);
    const parts = drive.parts(ctx, config);
    return await drive.run(driving, resuming.drive({ runbook, targets, redactor, ...parts }, secrets), parts.shell);
  } finally {
    resuming.close();
    driving.release();
  }
}

function latestUnfinished(ctx: CommandContext): string {
  const { runs } = readRuns(ctx.env, ctx.cwd, new Date());
  const open = runs.filter((r) => r.state === 'in_progress' || r.state === 'monitoring');
  const latest = open[0];
  if (!latest) throw new UsageError('no unfinished run to resume (runbook list shows the runs this account knows)');
  return latest.journal;
}

/**
 * The runbook as it is now, as `run` drives it (a set of procedures opens on their menu);
 * when the file changed since the run began, say which steps.
 */
async function currentRunbook(resuming: ResumingRun, driving: Driving, env: Record<string, string | undefined>): Promise<Runbook> {
  const s = resuming.state;
  const file = s.runbook.file;
  let runbook: Runbook;
  if (existsSync(file)) {
    runbook = withProcedureMenu((await loadRunbookCached(file, env)).runbook);
  } else {
    say(driving, [['! The runbook file is gone; using the runbook as it was when the run began:', whole(file)]]);
    runbook = withProcedureMenu(await parseRunbookCached(file, s.source, s.runbook.sha256, env));
  }
  runbook = adoptJournalIds(runbook, s.summaries);
  const changes = resuming.reconcile(runbook);
  if (changes) {
    const { changed, added, removed } = changes;
    say(driving, [['! The runbook changed since the run began:', whole(file)]]);
    for (const id of changed) driving.out(`    changed  ${id}\n`);
    for (const id of added) driving.out(`    added    ${id}\n`);
    for (const id of removed) driving.out(`    removed  ${id}\n`);
  }
  return runbook;
}

/** Secret inputs are never journaled, so a resumed run asks for them again. */
async function askSecretsAgain(state: RunState, runbook: Runbook, driving: Driving, addSecret: (v: string) => void): Promise<Record<string, string> | null> {
  const secrets: Record<string, string> = {};
  for (const input of Object.values(state.inputs)) {
    if (!input.secret) continue;
    const prompt = runbook.inputs.find((i) => i.name === input.name)?.prompt ?? input.name;
    driving.out(`${prompt} (secret, asked again on resume; not shown) > `);
    const value = await driving.lines.nextHidden(driving.keyEcho);
    if (value === null) return null;
    addSecret(value);
    secrets[input.name] = value;
  }
  return secrets;
}

/** Lines of ours before the run goes on: wrapped to the terminal. */
function say(driving: Driving, paragraphs: Paragraph[]): void {
  driving.out(wrapText(paragraphs, driving.ctx.columns()));
}
