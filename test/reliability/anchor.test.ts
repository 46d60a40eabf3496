// A journal cut short or rewritten does not pass for the whole record: the chain's head
// and event count are kept beside it (the anchor) and in every report and sign-off;
// `verify` checks them, and `resume` refuses to append to a journal that does not verify.
// Real runs through the CLI, edited with plain SQL as someone with the account would.

import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, lines, lockHolders, rechain, recordRun, rows, seqOf, sql, type RecordedRun } from '../helpers/tamper';

function anchorOf(run: RecordedRun): { format: string; version: number; events: number; head: string } {
  return JSON.parse(readFileSync(`${run.journal}.anchor`, 'utf8'));
}

/** resume refuses in one line naming verify, and leaves the journal, its lock and its anchor as they were. */
async function expectResumeRefused(run: RecordedRun, what: RegExp) {
  const before = rows(run.journal);
  const anchor = existsSync(`${run.journal}.anchor`) ? readFileSync(`${run.journal}.anchor`, 'utf8') : null;
  const resumed = await cli(run, 'resume', run.journal, '--plain');
  expect(resumed.code, resumed.stdout + resumed.stderr).toBe(2);
  expect(resumed.stdout).toBe('');
  expect(lines(resumed.stderr)).toHaveLength(1);
  expect(resumed.stderr).toMatch(what);
  expect(resumed.stderr).toContain(`runbook verify ${run.journal}`);
  expect(rows(run.journal)).toEqual(before);
  expect(lockHolders(run.journal)).toBe(0);
  expect(existsSync(`${run.journal}.anchor`) ? readFileSync(`${run.journal}.anchor`, 'utf8') : null).toBe(anchor);
}

describe('the anchor beside the journal', () => {
  it('is written with every commit: it names the last event, and verify says it matches', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const events = rows(run.journal);
    const last = events.at(-1);
    expect(anchorOf(run)).toEqual({ format: 'runbook-anchor', version: 1, events: events.length, head: last?.hash });
    expect(statSync(`${run.journal}.anchor`).mode & 0o777).toBe(0o600);
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain(`anchor matches: ${events.length} events, head ${last?.hash}`);
  });

  it('catches the last events deleted: verify fails naming them, show and the report say so, resume refuses', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const total = rows(run.journal).length;
    const failed = seqOf(run.journal, 'step.finished', 'broken');
    sql(run.journal, 'DELETE FROM events WHERE seq >= ?', failed);

    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toContain('chain valid'); // what is left still chains
    expect(verified.stdout).toContain(`journal BEHIND its anchor: the anchor records ${total} events`);
    expect(verified.stdout).toContain(`the journal has ${failed - 1}: events ${failed}–${total} are missing`);

    // The failed step now reads as interrupted; nothing that shows it hides the cut.
    const shown = await cli(run, 'show', run.journal);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/interrupted\s+echo "this step fails"/);
    expect(shown.stdout).toContain('journal BEHIND its anchor');
    const json = JSON.parse((await cli(run, 'show', run.journal, '--json')).stdout);
    expect(json.chain.anchor).toMatchObject({ status: 'behind', holds: false, events: total });
    const report = await cli(run, 'report', run.journal);
    expect(report.stdout).toContain('**JOURNAL CUT SHORT OR REWRITTEN**');

    await expectResumeRefused(run, /journal BEHIND its anchor/);
  });

  it('catches middle events deleted and the rest re-hashed', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const all = rows(run.journal);
    const failed = seqOf(run.journal, 'step.finished', 'broken');
    // The failed step's output and result taken out, everything after renumbered and re-chained.
    expect(all.find((r) => r.seq === failed - 1)?.type).toBe('output');
    sql(run.journal, "DELETE FROM output WHERE step = 'broken'");
    rechain(run.journal, all.filter((r) => r.seq !== failed && r.seq !== failed - 1));
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toContain('chain valid');
    expect(verified.stdout).toContain(`journal BEHIND its anchor: the anchor records ${all.length} events`);
    await expectResumeRefused(run, /BEHIND/);
  });

  it('catches a rewrite that keeps the count: the failure turned into a pass, every hash recomputed', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const all = rows(run.journal);
    const failed = seqOf(run.journal, 'step.finished', 'broken');
    rechain(run.journal, all.map((r) => (r.seq === failed ? { ...r, payload: r.payload.replace('"status":"failed","exitCode":1', '"status":"passed","exitCode":0') } : r)));
    expect(rows(run.journal).find((r) => r.seq === failed)?.payload).toContain('"status":"passed"');
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toContain('chain valid');
    expect(verified.stdout).toContain(`journal REWRITTEN since its anchor: event ${all.length} does not hash to the anchor's head`);
    await expectResumeRefused(run, /REWRITTEN/);
  });

  it('is not bypassed by deleting it: an anchored journal without its anchor fails', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    sql(run.journal, 'DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)');
    rmSync(`${run.journal}.anchor`);
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(1);
    expect(verified.stdout).toContain(`anchor MISSING: ${run.journal}.anchor is gone`);
    await expectResumeRefused(run, /anchor MISSING/);
  });

  it('a journal one commit ahead of its anchor (a kill between the commit and the anchor) verifies and resumes', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const events = rows(run.journal);
    const before = events.at(-2);
    writeFileSync(`${run.journal}.anchor`, `${JSON.stringify({ format: 'runbook-anchor', version: 1, events: before?.seq, head: before?.hash })}\n`);
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain(`anchor matches event ${before?.seq}`);
    expect(verified.stdout).toContain('the journal has 1 more event since');

    const resumed = await cli(run, 'resume', run.journal, '--plain');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const after = rows(run.journal);
    expect(after.length).toBeGreaterThan(events.length);
    expect(anchorOf(run)).toMatchObject({ events: after.length, head: after.at(-1)?.hash });
  });

  it('a journal written before anchoring verifies with a note, and is anchored once resumed', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    // What an older runbook wrote: no anchor beside the file, no mark in its meta table.
    rmSync(`${run.journal}.anchor`);
    sql(run.journal, "DELETE FROM meta WHERE key = 'anchor'");
    let verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('no anchor (journal written before anchoring)');

    const resumed = await cli(run, 'resume', run.journal, '--plain');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain(`anchor matches: ${rows(run.journal).length} events`);
  });
});

describe('resume on a journal that does not verify', () => {
  it('refuses a broken chain in one line, pointing at verify, and appends nothing', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const failed = seqOf(run.journal, 'step.finished', 'broken');
    sql(run.journal, `UPDATE events SET payload = replace(payload, '"exitCode":1', '"exitCode":0') WHERE seq = ?`, failed);
    await expectResumeRefused(run, new RegExp(`chain broken at event ${failed}: its hash does not match its contents`));
  });
});

describe('copies of the head kept elsewhere', () => {
  it('verify --against a saved JSON report catches a journal cut short with its anchor rewritten to match', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const reportFile = join(run.dir, 'evidence.json');
    expect((await cli(run, 'report', run.journal, '--format', 'json', '--output', reportFile)).code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.chain).toMatchObject({ events: rows(run.journal).length, head: rows(run.journal).at(-1)?.hash, anchor: { status: 'matches', holds: true } });
    expect((await cli(run, 'verify', run.journal, '--against', reportFile)).stdout).toContain(`report ${reportFile} matches`);

    // Someone with the account cuts the failure off and rewrites the anchor to agree.
    const failed = seqOf(run.journal, 'step.finished', 'broken');
    sql(run.journal, 'DELETE FROM events WHERE seq >= ?', failed);
    const left = rows(run.journal);
    writeFileSync(`${run.journal}.anchor`, `${JSON.stringify({ format: 'runbook-anchor', version: 1, events: left.length, head: left.at(-1)?.hash })}\n`);
    expect((await cli(run, 'verify', run.journal)).code).toBe(0); // the host alone cannot tell
    const against = await cli(run, 'verify', run.journal, '--against', reportFile);
    expect(against.code, against.stdout).toBe(1);
    expect(against.stdout).toContain(`journal BEHIND its report ${reportFile}: the report ${reportFile} records ${report.chain.events} events`);
  });

  it('verify --against refuses what is not a JSON report, in one line', async () => {
    const run = await recordRun('runbook-anchor-', 'stopAfterFailure');
    const md = join(run.dir, 'evidence.md');
    expect((await cli(run, 'report', run.journal, '--output', md)).code).toBe(0);
    const refused = await cli(run, 'verify', run.journal, '--against', md);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr)).toEqual([`runbook: ${md}: not a JSON report (--against reads the output of: runbook report JOURNAL --format json)`]);
  });

  it('a sign-off names the event its head closes, and verify checks that very event', async () => {
    const run = await recordRun('runbook-anchor-', 'signed');
    const signoff = rows(run.journal).find((r) => r.type === 'signoff.recorded');
    const payload = JSON.parse(signoff?.payload ?? '{}');
    const signed = rows(run.journal).find((r) => r.seq === payload.chainEvents);
    expect(payload.chainEvents).toBe((signoff?.seq ?? 0) - 1);
    expect(payload.chainHead).toBe(signed?.hash);
    expect(payload.statement).toContain(`at journal chain head ${payload.chainHead} (event ${payload.chainEvents})`);
    const verified = await cli(run, 'verify', run.journal);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/signed\s+Deploy Lead: ana/);
  });
});
