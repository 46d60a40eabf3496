// `runbook verify JOURNAL [--allowed-signers FILE] [--against REPORT.json] [--outcome]`: the
// hash chain, the file itself (SQLite's integrity check), the anchor beside the journal,
// every event readable, every sign-off's chain head, every SSH signature, and (--against)
// the head a saved report recorded. Exit 1 on anything that does not hold. That is integrity; --outcome also asks whether the run
// completed cleanly (run/ending.ts says what fails it), in one line.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors';
import type { CommandContext } from './context';
import { openRecordedJournal, type RecordedJournal } from '../controller';
import { readReportPoint } from './report-point';
import type { PointCheck } from '../journal/anchor';
import { anchorHolds, describeAnchor, describePoint } from '../journal/verify';
import { describeUnreadable } from '../run/event-shapes';
import type { RunState } from '../run/state';
import { outcomeProblem, skippedSteps } from '../run/ending';
import { visible } from '../run/terminal-text';
import { recordedSource } from './store-read';

/** The journal still holds the point, maybe with more after it. */
function holds(check: PointCheck): boolean {
  return check.status === 'matches' || check.status === 'ahead';
}

/** `; 1 step skipped (migrate: typed confirmation declined)`: a clean outcome names what was not done. */
function skippedText(state: RunState): string {
  const skipped = skippedSteps(state);
  if (skipped.length === 0) return '';
  return `; ${skipped.length} ${skipped.length === 1 ? 'step' : 'steps'} skipped (${skipped.map((s) => visible(`${s.step}: ${s.why}`)).join(', ')})`;
}

export async function verifyCommand(
  ctx: CommandContext,
  args: { journal: string; allowedSigners: string | undefined; against?: string | undefined; outcome?: boolean; store?: string | undefined },
): Promise<number> {
  const signers = args.allowedSigners ? resolve(ctx.cwd, args.allowedSigners) : null;
  if (signers && !existsSync(signers)) throw new InputError(args.allowedSigners ?? '', null, 'no such allowed-signers file');
  const report = args.against === undefined ? null : readReportPoint(resolve(ctx.cwd, args.against), args.against);
  const source = await recordedSource(ctx, args, 'verify');
  let journal: RecordedJournal;
  try {
    journal = openRecordedJournal(source.path, ctx.cwd);
  } catch (error) {
    source.dispose();
    throw error;
  }
  // Names, roles and reasons come from the journal: shown, never obeyed by the terminal.
  const say = (text: string) => ctx.stdout(visible(text));
  try {
    const chain = journal.verifyChain();
    let ok = chain.valid;
    if (chain.valid) say(`chain valid: ${chain.events} events, head ${chain.head}\n`);
    else say(`chain BROKEN at event ${chain.firstBad?.seq ?? '?'}: ${chain.firstBad?.reason ?? 'unknown'}\n`);

    const storage = journal.verifyStorage();
    if (storage !== undefined) {
      ok = false;
      say(`journal file DAMAGED: ${storage} (SQLite integrity check)\n`);
    }

    const anchor = journal.verifyAnchor();
    if (!anchorHolds(anchor)) ok = false;
    say(`${describeAnchor(anchor)}\n`);

    const run = journal.replay();
    if (report !== null) {
      const check = journal.checkPoint(report.point);
      if (!holds(check)) ok = false;
      say(`${describePoint(check, report.point, `report ${args.against ?? ''}`)}\n`);
      if (run.state !== null && report.startedAt !== run.state.startedAt) {
        ok = false;
        say(`report ${args.against ?? ''} is of another run (started ${report.startedAt}; this journal's run started ${run.state.startedAt})\n`);
      }
    }
    for (const u of run.unreadable) say(`${describeUnreadable(u)}\n`);
    if (run.unreadable.length > 0) ok = false;
    if (run.state === null) {
      if (run.unreadable[0]?.seq !== 1) say(`no run in this journal: ${run.problem ?? 'unknown'}\n`);
      return 1;
    }
    if (!(await verifySignOffs(ctx, journal, run.state, signers))) ok = false;
    if (args.outcome) {
      const problem = outcomeProblem(run.state);
      say(problem === null ? `outcome: completed, nothing failed${skippedText(run.state)}\n` : `outcome: ${problem}\n`);
      if (problem !== null) ok = false;
    }
    return ok ? 0 : 1;
  } finally {
    journal.close();
    source.dispose();
  }
}

/** One line per sign-off; false when any does not hold. */
async function verifySignOffs(ctx: CommandContext, journal: RecordedJournal, state: RunState, signers: string | null): Promise<boolean> {
  let ok = true;
  const say = (text: string) => ctx.stdout(visible(text));
  const byKey = new Map<string, string[]>();
  const ssh = state.signoffs.some((s) => s.signature) ? await import('../executors/ssh-sign') : null;
  for (const so of state.signoffs) {
    if (so.refused) {
      say(`refused   ${so.role}: ${so.name} at ${so.at}\n`);
      continue;
    }
    const problems: string[] = [];
    if (!journal.signedHeadHolds(so)) {
      problems.push(so.chainEvents === null ? 'signed chain head is not in the chain' : `signed chain head is not event ${so.chainEvents} of the chain`);
    }
    if (!so.statement.includes(so.chainHead)) problems.push('statement does not name the chain head');
    else if (so.chainEvents !== null && !so.statement.includes(`(event ${so.chainEvents})`)) problems.push(`statement does not name event ${so.chainEvents}`);
    let how = 'chain head only (no SSH signature)';
    if (so.signature && ssh) {
      const result = signers
        ? await ssh.verifySignature({ text: so.statement, signature: so.signature.signature, principal: so.name, allowedSignersFile: signers })
        : await ssh.checkSignatureWithoutSigners({ text: so.statement, signature: so.signature.signature, publicKey: so.signature.publicKey });
      how = `key ${so.signature.keyFingerprint}${signers ? '' : ' (not checked against allowed signers)'}`;
      if (!result.valid) problems.push(`signature invalid: ${result.message}`);
      byKey.set(so.signature.keyFingerprint, [...(byKey.get(so.signature.keyFingerprint) ?? []), so.role]);
    }
    if (problems.length > 0) ok = false;
    say(`${problems.length ? 'INVALID' : 'signed '}   ${so.role}: ${so.name} at ${so.at} · ${how}${problems.length ? ` · ${problems.join('; ')}` : ''}\n`);
  }
  for (const [key, roles] of byKey) {
    if (roles.length > 1) say(`note: ${roles.join(' and ')} were signed with one key (${key})\n`);
  }
  return ok;
}
