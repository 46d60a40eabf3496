// `runbook resume [JOURNAL]`: pick a run up exactly where it stopped. A step that was
// running is marked interrupted (never done) — and left alone while its process group still
// runs; runbook changes are shown, and the new version used only when the operator says so
// (resume-changes.ts), before anything runs.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors';
import { readIdentity } from '../journal/identity';
import { createRedactor, secretsInEnv } from '../executors/redact';
import { secretsInRunbook } from '../runbook/runbook-secrets';
import { targetSecrets } from '../executors/targets';
import { resumeRun, type ResumingRun } from '../controller';
import { openConfig, rememberJournal } from '../config';
import type { Runbook } from '../runbook/model';
import { stepTarget } from '../runbook/step-target';
import type { RunState } from '../run/state';
import type { ResolvedTarget } from '../executors/types';
import type { CommandContext } from './context';
import { loadRunbookCached, parseRunbookCached } from './load-cached';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { readRuns } from './list';
import { adoptJournalIds } from './adopt-ids';
import { goOn, reconcileRunbook } from './resume-changes';
import { describeOutlived, outlivedOf } from '../run/outlived';
import { drive, type Driving } from './drive';
import { journalNamed, publishedStore, storePublisher } from './store-config';
import { rememberStore } from '../journal/published-store';
import { leaseForResume } from './store-lease';
import { whole, wrapText, type Paragraph } from '../wrap';
import { goingOn, runOutcome, storeTie, type StoreTie } from '../run/ending';
import { withSecretsTakenOut } from '../run/held-secret';

export async function resumeCommand(ctx: CommandContext, args: { journal: string | undefined; operator: string | undefined; plain: boolean; store?: string | undefined; takeOver?: boolean }): Promise<number> {
  const config = openConfig(ctx.env);
  // Nobody named (no --operator, no name remembered): the run's own operator goes on (an
  // empty name tells resumeRun so), not this account's name or a stand-in.
  const identity = readIdentity(args.operator ?? config.get('operator') ?? '', ctx.env);
  const given = args.journal ? resolve(ctx.cwd, args.journal) : latestUnfinished(ctx);
  // A journal published to a team store is never driven without asking the store's lease:
  // it remembers its store, used when no --store URL is given (RUN --store: this host's journal of the run).
  const store = await publishedStore(ctx, 'resume', args.store, args.journal === undefined ? given : journalNamed(ctx, args.journal, args.store));
  if (args.takeOver && store === null) throw new UsageError('--take-over takes a run over through the team store: give --store URL (or set RUNBOOK_STORE)');
  // A journal that is not here (and no store to fetch it from) is said before the terminal is.
  if (store === null && !existsSync(given)) throw new UsageError(`${args.journal ?? given}: no such journal`);
  if (!args.plain && !ctx.isTTY) throw new UsageError('resume needs a terminal; add --plain to resume line by line from a pipe or script');
  // With a store, RUN may be a run id (or prefix) of another host's run: copied here first.
  // The lease names whoever resumes, or the run's own operator when nobody is named; a run that is over takes none.
  const leased = store ? await leaseForResume(ctx, store, identity, { journal: existsSync(given) ? given : null, run: args.journal ?? null, takeOver: args.takeOver === true }) : null;
  const path = leased?.path ?? given;
  if (!existsSync(path)) throw new UsageError(`${args.journal ?? path}: no such journal`);
  const redactor = createRedactor(secretsInEnv(ctx.env));
  // Whatever an earlier process did not publish goes too: the publisher starts from the store's last event.
  const publisher = await storePublisher(ctx, store, path);
  let resuming: ResumingRun;
  try {
    resuming = resumeRun({ journal: path, identity, redactor, ...(ctx.bench ? { onCommit: ctx.bench.commit } : {}), ...(publisher ? { publisher } : {}) });
    // Verified and locked: a copy from the store, or a journal first published now, remembers its store.
    if (store) rememberStore(path, store.setting);
  } catch (error) {
    await leased?.lease?.stop(true);
    await publisher?.close();
    throw error;
  }
  publisher?.catchUp();
  const driving = await drive.prepare(ctx, { plain: args.plain });
  try {
    const before = resuming.state;
    if (before.lifecycle === 'completed' || before.lifecycle === 'aborted') {
      say(driving, [[`This run is ${runOutcome(before).replaceAll('_', ' ')}; nothing to resume. See it with:`, whole(`runbook show ${path}`)]]);
      return 0;
    }
    if (leased) say(driving, leased.notes);
    // The one resuming (--operator, else the remembered name) is the run's operator from
    // here: another name than the run's is a handover, journaled, so the steps after it are
    // theirs in the record, as the session says. Nobody named: the run's own operator goes on.
    const { handedOverFrom, rolledBack } = resuming.begin(identity.operator || undefined, leased?.takeover);
    say(driving, rolledBack);
    driving.notices.push(...rolledBack);
    // Who drives from here is said on the screen too: its first frame hides what was printed before.
    const handover = [
      ...(leased?.takeover ? [`Run taken over from ${leased.takeover.from.operator} (${leased.takeover.from.user}@${leased.takeover.from.host}): ${leased.takeover.reason}.`] : []),
      ...(handedOverFrom !== null ? [`Run handed over from ${handedOverFrom} to ${identity.operator}.`] : []),
    ];
    say(driving, handover);
    driving.notices.push(...handover);
    // Remembered as this account's latest run before any question: stopped at one, `runbook resume` finds it.
    const unremembered = rememberJournal(config, path);
    if (unremembered) ctx.stderr(`runbook: ${unremembered}\n`);
    const current = await currentRunbook(resuming, driving, ctx.env);
    if (current === null) return paused(resuming, driving, path, storeTie(publisher?.status()));
    // A redactor of its own for the comparison, knowing the current file's secrets too.
    const redact = createRedactor([...secretsInEnv(ctx.env), ...secretsInRunbook(current.runbook)]);
    const reconciled = await reconcileRunbook({ resuming, driving, ...current, redact, env: ctx.env, profiles: config.get('profiles') });
    if (reconciled === null) return paused(resuming, driving, path, storeTie(publisher?.status()));
    const { runbook } = reconciled;
    for (const secret of secretsInRunbook(runbook)) redactor.addSecret(secret);
    const steps = Object.values(resuming.state.steps);
    const targets: ResolvedTarget[] = reconciled.targets;
    const interrupted = steps.filter((s) => s.status === 'interrupted' && !s.outlived).map((s) => ({ id: s.id, note: serverSideNote(runbook, targets, s.id) }));
    say(driving, interrupted.map(({ id, note }) => `! ${id} was running when the run stopped: it is interrupted, not done.${note}`));
    // The screen lists interrupted steps itself; what the server may have done it cannot know.
    driving.notices.push(...interrupted.filter(({ note }) => note !== '').map(({ id, note }) => `! ${id}:${note}`));
    for (const s of steps) {
      const o = outlivedOf(resuming.state, s.id);
      if (o) say(driving, [`! ${s.id} is ${describeOutlived(o)}: the runner that started it went away, the step did not. Nothing starts it again: wait for it, stop it (TERM, then KILL), or mark it done.`]);
    }
    const secrets = await askSecretsAgain(resuming.state, runbook, driving, redactor.addSecret);
    if (secrets === null) {
      resuming.pause('stopped by operator');
      return 0;
    }
    for (const t of targets) for (const secret of targetSecrets(t, ctx.env)) redactor.addSecret(secret);
    const parts = drive.parts(ctx, config);
    const lease = leased?.lease ?? null;
    const permit = lease ? { permit: lease, storeWatchers: () => lease.watchers } : {};
    return await drive.run(driving, resuming.drive({ runbook, targets, redactor, ...parts, ...permit }, secrets), parts.shell);
  } finally {
    resuming.close();
    driving.release();
    await publisher?.close();
    // Left here (paused or ended): the next driver needs no --take-over. Taken over: not ours to give.
    const lease = leased?.lease;
    if (lease) await lease.stop(lease.status !== 'lost');
  }
}

function latestUnfinished(ctx: CommandContext): string {
  const { runs, unreadable } = readRuns(ctx.env, ctx.cwd, new Date());
  const open = runs.filter((r) => r.state === 'in_progress' || r.state === 'monitoring');
  const latest = open[0];
  if (latest) return latest.journal;
  // The run looked for may be in a journal that does not read: said, not passed over in silence.
  const unread = unreadable.length === 0 ? '' : `; ${unreadable.length === 1 ? '1 journal here does' : `${unreadable.length} journals here do`} not read, and list names ${unreadable.length === 1 ? 'it' : 'them'}`;
  throw new UsageError(`no unfinished run to resume (runbook list shows the runs this account knows${unread})`);
}

function paused(resuming: ResumingRun, driving: Driving, path: string, tie: StoreTie): number {
  resuming.pause('stopped by operator');
  say(driving, ['', goingOn('Run paused (stopped by operator)', '. Continue with:', path, tie)]);
  return 0;
}

/**
 * The runbook as it is now, as `run` drives it (a set of procedures opens on their menu);
 * reconcileRunbook compares it with the one the run began with. Null: the file no longer
 * reads as a runbook and the operator stops to mend it.
 */
async function currentRunbook(resuming: ResumingRun, driving: Driving, env: Record<string, string | undefined>): Promise<{ runbook: Runbook; source: string } | null> {
  const s = resuming.state;
  const file = s.runbook.file;
  const asBegun = async () => ({ runbook: withSecretsTakenOut(withProcedureMenu(await parseRunbookCached(file, s.source, s.runbook.sha256, env))), source: s.source });
  let loaded: { runbook: Runbook; source: string };
  if (!existsSync(file)) {
    say(driving, [['! The runbook file is gone; using the runbook as it was when the run began:', whole(file)]]);
    driving.notices.push('! The runbook file is gone: the run goes on as the runbook was when it began');
    loaded = await asBegun();
  } else {
    try {
      const { runbook, source } = await loadRunbookCached(file, env);
      loaded = { runbook: withProcedureMenu(runbook), source };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A half-made edit, a merge conflict, a directory in its place: mid-deploy, the run can
      // still go on as it began, but only if the operator says so (the edit may be a fix
      // they meant to run).
      say(driving, [['! The runbook file no longer reads as a runbook:', whole(file)], `  ${error.message}`]);
      if (!(await goOn(driving, 'Go on with the runbook as it was when the run began? [y] go on · q stop (the run stays paused; mend the file, then resume) >'))) return null;
      loaded = await asBegun();
    }
  }
  return { runbook: adoptJournalIds(loaded.runbook, s.summaries), source: loaded.source };
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

/**
 * What an interrupted SQL step on PostgreSQL may have done all the same: the server runs a
 * statement whose client went away (a kill -9 of the runner) to its end and commits it, so
 * re-running an INSERT or UPDATE blind can apply it twice. SQLite rolls such a statement
 * back with the process; an idempotent step is safe to run again.
 */
function serverSideNote(runbook: Runbook, targets: ResolvedTarget[], id: string): string {
  const step = runbook.steps.find((s) => s.id === id);
  if (step?.kind !== 'sql' || step.annotations.idempotent) return '';
  const name = stepTarget(step, targets);
  if (targets.find((t) => t.name === name)?.kind !== 'postgres') return '';
  return ' Its SQL may have run to its end on the server all the same (PostgreSQL finishes a statement whose client went away, and commits it): look before you re-run it.';
}

/** Lines of ours before the run goes on: wrapped to the terminal. */
function say(driving: Driving, paragraphs: Paragraph[]): void {
  driving.out(wrapText(paragraphs, driving.ctx.columns()));
}
