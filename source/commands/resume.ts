// `runbook resume [JOURNAL]`: pick a run up exactly where it stopped. A step that was
// running is marked interrupted (never done); runbook changes are shown before anything runs.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { readIdentity } from '../journal/identity';
import { createRedactor, createStreamRedactor, secretsInEnv } from '../executors/redact';
import { targetSecrets } from '../executors/targets';
import { RunSession } from '../controller/session';
import { openConfig, rememberJournal } from '../config';
import type { Runbook } from '../runbook/model';
import type { ResolvedTarget } from '../executors/types';
import type { CommandContext } from './context';
import { loadRunbookCached, parseRunbookCached } from './load-cached';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { readRuns } from './list';
import { summaries } from './run';
import { drive, type Driving } from './drive';

export async function resumeCommand(ctx: CommandContext, args: { journal: string | undefined; operator: string | undefined; plain: boolean }): Promise<number> {
  if (!args.plain && !ctx.isTTY) throw new UsageError('resume needs a terminal; add --plain to resume line by line from a pipe or script');
  const path = args.journal ? resolve(ctx.cwd, args.journal) : latestUnfinished(ctx);
  if (!existsSync(path)) throw new UsageError(`${args.journal ?? path}: no such journal`);
  const config = openConfig(ctx.env);
  const operator = args.operator ?? config.get('operator') ?? ctx.env.USER ?? 'operator';
  const identity = readIdentity(operator, ctx.env);
  const redactor = createStreamRedactor(createRedactor(secretsInEnv(ctx.env)));
  const { session, tookOverFrom } = RunSession.open(path, identity, redactor);
  const driving = await drive.prepare(ctx, { plain: args.plain });
  let handedOff = false;
  try {
    const before = session.state;
    if (before.lifecycle === 'completed' || before.lifecycle === 'aborted') {
      driving.out(`This run is ${before.lifecycle}; nothing to resume. See it with: runbook show ${path}\n`);
      return 0;
    }
    if (tookOverFrom) {
      session.append('lock.takeover', { from: { operator: tookOverFrom.operator, host: tookOverFrom.host, pid: tookOverFrom.pid, since: tookOverFrom.since } });
    }
    session.append('session.started', { identity, resumed: true });
    if (args.operator && args.operator !== before.operator) {
      session.append('operator.changed', { from: before.operator, to: args.operator, identity });
      driving.out(`Run handed over from ${before.operator} to ${args.operator}.\n`);
    }
    for (const step of Object.values(session.state.steps)) {
      if (step.status === 'running') session.append('step.interrupted', { step: step.id });
    }
    const runbook = await currentRunbook(session, driving, ctx.env);
    rememberJournal(config, path);
    const interrupted = Object.values(session.state.steps).filter((s) => s.status === 'interrupted');
    for (const s of interrupted) driving.out(`! ${s.id} was running when the run stopped: it is interrupted, not done.\n`);
    const secrets = await askSecretsAgain(session, runbook, driving, redactor.addSecret);
    if (secrets === null) {
      session.append('run.paused', { reason: 'stopped by operator' });
      return 0;
    }
    const targets: ResolvedTarget[] = session.state.targets.map((t) => ({ ...t }));
    for (const t of targets) for (const secret of targetSecrets(t, ctx.env)) redactor.addSecret(secret);
    handedOff = true;
    return await drive.run(driving, { session, runbook, targets, redactor, config, secrets });
  } finally {
    if (!handedOff) session.close();
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
async function currentRunbook(session: RunSession, driving: Driving, env: Record<string, string | undefined>): Promise<Runbook> {
  const s = session.state;
  const file = s.runbook.file;
  let runbook: Runbook;
  if (existsSync(file)) {
    runbook = withProcedureMenu((await loadRunbookCached(file, env)).runbook);
  } else {
    driving.out(`! ${file} is gone; using the runbook as it was when the run began.\n`);
    runbook = withProcedureMenu(await parseRunbookCached(file, s.source, s.runbook.sha256, env));
  }
  if (runbook.sha256 !== s.runbook.sha256) {
    const now = new Map(summaries(runbook).map((x) => [x.id, x.digest]));
    const then = new Map(s.summaries.map((x) => [x.id, x.digest]));
    const changed = [...now].filter(([id, d]) => then.has(id) && then.get(id) !== d).map(([id]) => id);
    const added = [...now.keys()].filter((id) => !then.has(id));
    const removed = [...then.keys()].filter((id) => !now.has(id));
    if (changed.length + added.length + removed.length > 0 || s.changedSteps.length === 0) {
      session.append('runbook.changed', { sha256: runbook.sha256, changed, added, removed });
    }
    driving.out(`! The runbook changed since the run began (${file}):\n`);
    for (const id of changed) driving.out(`    changed  ${id}\n`);
    for (const id of added) driving.out(`    added    ${id}\n`);
    for (const id of removed) driving.out(`    removed  ${id}\n`);
  }
  return runbook;
}

/** Secret inputs are never journaled, so a resumed run asks for them again. */
async function askSecretsAgain(session: RunSession, runbook: Runbook, driving: Driving, addSecret: (v: string) => void): Promise<Record<string, string> | null> {
  const secrets: Record<string, string> = {};
  for (const input of Object.values(session.state.inputs)) {
    if (!input.secret) continue;
    const prompt = runbook.inputs.find((i) => i.name === input.name)?.prompt ?? input.name;
    driving.out(`${prompt} (secret, asked again on resume; not shown) > `);
    const value = await driving.lines.nextHidden(driving.out);
    if (value === null) return null;
    addSecret(value);
    secrets[input.name] = value;
  }
  return secrets;
}
