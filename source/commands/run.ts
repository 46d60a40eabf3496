// `runbook run FILE`: start a new recorded run of a runbook.

import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors';
import { readIdentity } from '../journal/identity';
import { checkWritable, ensurePrivateDir, journalDir } from '../journal/paths';
import { abandonClaim, claimNewJournal } from '../journal/claim';
import { createRedactor, secretsInEnv } from '../executors/redact';
import { targetSecrets } from '../executors/targets';
import { secretsInRunbook } from '../runbook/runbook-secrets';
import { startRun } from '../controller';
import { openConfig, rememberJournal } from '../config';
import type { CommandContext } from './context';
import type { DrivingLease } from '../store/driving-lease';
import type { Publisher } from '../store/publisher';
import { loadRunbookCached } from './load-cached';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { resolveTargets } from './targets';
import { askOperator, drive } from './drive';
import { claimNewRun, leaseForRun, requireLeaseSchema } from './store-lease';
import { journalRunId } from './run-journals';
import { runStore, storePublisher } from './store-config';
import { rememberStore } from '../journal/published-store';

export interface RunArgs {
  file: string;
  journal: string | undefined;
  targets: string[];
  operator: string | undefined;
  rehearse: boolean;
  plain: boolean;
  /** The team store's URL (--store); else RUNBOOK_STORE or the config's. */
  store?: string | undefined;
}

export async function runCommand(ctx: CommandContext, args: RunArgs): Promise<number> {
  return (await runRecorded(ctx, args)).exitCode;
}

/** `run`, and the journal it was recorded in (the demo reports on it). */
export async function runRecorded(ctx: CommandContext, args: RunArgs): Promise<{ exitCode: number; journal: string }> {
  // The file is read first: a mistyped name or a broken runbook is the thing to fix, and a
  // terminal would not help with it.
  const loaded = await loadRunbookCached(args.file, ctx.env);
  if (!args.plain && !ctx.isTTY) throw new UsageError('run needs a terminal; add --plain to run line by line from a pipe or script');
  const { source } = loaded;
  // A runbook of independent procedures opens on a menu of them instead of an empty walk.
  const runbook = withProcedureMenu(loaded.runbook);
  const given = args.journal === undefined ? undefined : resolve(ctx.cwd, args.journal);
  const journals = given === undefined ? resolve(ctx.cwd, journalDir(ctx.env)) : dirname(given);
  const room = checkWritable(journals);
  if (!room.ok) throw new UsageError(`cannot record the run, so nothing will run: ${room.message}`);
  const config = openConfig(ctx.env);
  const targets = resolveTargets(runbook, args.targets, ctx.env, config.get('profiles'), { rehearse: args.rehearse });
  // The default journal directory is ours to keep private; a directory named with
  // --journal is the operator's (it may be /tmp or a shared one): its mode stays, and only
  // the directories created for the journal are 0700.
  if (given === undefined) {
    try {
      ensurePrivateDir(journals);
    } catch (error) {
      throw new UsageError(`cannot record the run, so nothing will run: journal directory ${journals}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  const store = await runStore(ctx, args.store);
  if (store) await requireLeaseSchema(ctx, store);
  const driving = await drive.prepare(ctx, { plain: args.plain });
  let path: string | undefined;
  let publisher: Publisher | undefined;
  let lease: DrivingLease | null = null;
  try {
    const operator =
      args.operator ??
      config.get('operator') ??
      (await askOperator(driving, config).catch((error: unknown) => {
        // No name on stdin is the operator's to fix (--operator), not a crash.
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }));
    const identity = readIdentity(operator, ctx.env);
    const redactor = createRedactor([...secretsInEnv(ctx.env), ...targets.flatMap((t) => targetSecrets(t, ctx.env)), ...secretsInRunbook(runbook, source)]);
    const cwd = runbook.frontMatter.cwd ? resolve(dirname(resolve(runbook.file)), runbook.frontMatter.cwd) : ctx.cwd;
    const parts = drive.parts(ctx, config);
    // Named as the run starts, not before the name is asked: runs started together in
    // several panes each claim a name of their own (claim.ts).
    path = given ?? claimNewJournal(journals, runbook.title, new Date());
    publisher = await storePublisher(ctx, store, path);
    // One driver across hosts: the new run's lease, claimed once its id exists (store-lease.ts).
    lease = store ? await leaseForRun(ctx, store, identity, path) : null;
    const leased = lease ? { permit: lease, storeWatchers: () => lease?.watchers ?? 0 } : {};
    const run = startRun({
      journal: path, identity, operator, source, rehearse: args.rehearse, cwd, runbook, targets, redactor, ...parts, ...leased,
      ...(ctx.bench ? { onCommit: ctx.bench.commit } : {}),
      ...(publisher ? { publisher } : {}),
    });
    // The journal remembers its store: resumed later without --store, the store's lease is still asked.
    if (store) rememberStore(path, store.setting);
    const runId = lease ? journalRunId(path) : null;
    if (lease && runId) claimNewRun(lease, runId);
    const unremembered = rememberJournal(config, path);
    if (unremembered) ctx.stderr(`runbook: ${unremembered}\n`);
    return { exitCode: await drive.run(driving, run, parts.shell), journal: path };
  } finally {
    // A name claimed for a run that never started leaves no empty file behind.
    if (path !== undefined) abandonClaim(path);
    driving.release();
    // A run that never started (no operator name) has nothing to publish: let go.
    await publisher?.close();
    // Left here (paused or ended): the next driver needs no --take-over. Taken over: not ours to give.
    await lease?.stop(lease.status !== 'lost');
  }
}
