// An event whose payload is not JSON, is null, or lacks what its type promises never
// crashes a reader: verify fails naming it (seq and type, one line), show and report
// render the rest of the run and mark it, resume refuses in one line. Real runs through
// the CLI, the payload replaced with plain SQL.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, lines, rechain, recordRun, rows, seqOf, sql, type RecordedRun } from '../helpers/tamper';

const BAD = [
  { payload: '{not json', reason: 'payload is not JSON' },
  { payload: 'null', reason: 'payload is null, not an object' },
  { payload: '{}', reason: 'payload.step is missing' },
  { payload: '{"step":"broken","status":"failed","exitCode":"1","durationMs":12,"expectation":null}', reason: 'payload.exitCode is a string, not a number' },
];

/** No reader fell over: nothing an operator would take for a crash. */
function expectNoCrash(out: { stdout: string; stderr: string }) {
  for (const text of [out.stdout, out.stderr]) {
    expect(text).not.toMatch(/internal error|Cannot read properties|TypeError|SyntaxError|\n\s+at /);
  }
}

/** The failed step's result replaced by `payload`, the chain and its anchor rebuilt to match: only the payload is wrong. */
async function runWithBadResult(payload: string): Promise<{ run: RecordedRun; seq: number }> {
  const run = await recordRun('runbook-malformed-', 'stopAfterFailure');
  const seq = seqOf(run.journal, 'step.finished', 'broken');
  rechain(run.journal, rows(run.journal).map((r) => (r.seq === seq ? { ...r, payload } : r)));
  const last = rows(run.journal).at(-1);
  writeFileSync(`${run.journal}.anchor`, `${JSON.stringify({ format: 'runbook-anchor', version: 1, events: last?.seq, head: last?.hash })}\n`);
  return { run, seq };
}

describe('an event no reader can use', () => {
  it.each(BAD)('payload $payload: verify names it, show and report render the rest, resume refuses', async ({ payload, reason }) => {
    const { run, seq } = await runWithBadResult(payload);
    const named = `event ${seq} (step.finished) unreadable: ${reason}`;

    const verified = await cli(run, 'verify', run.journal);
    expectNoCrash(verified);
    expect(verified.code, verified.stdout + verified.stderr).toBe(1);
    expect(verified.stdout).toContain('chain valid');
    expect(lines(verified.stdout)).toContain(named);

    const shown = await cli(run, 'show', run.journal);
    expectNoCrash(shown);
    expect(shown.code, shown.stderr).toBe(0);
    expect(lines(shown.stdout)).toContain(named);
    expect(shown.stdout).toMatch(/passed\s+echo "one"/);
    // Its result unreadable, the failed step reads as stopped midway: never as passed.
    expect(shown.stdout).toMatch(/interrupted\s+echo "this step fails"/);
    const json = JSON.parse((await cli(run, 'show', run.journal, '--json')).stdout);
    expect(json.unreadable).toEqual([{ seq, type: 'step.finished', reason }]);
    expect(json.steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'interrupted', 'pending', 'pending']);

    const md = await cli(run, 'report', run.journal);
    expectNoCrash(md);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('**UNREADABLE EVENTS**: 1 event of the journal could not be read and is left out');
    expect(md.stdout).toContain(`- ${named}`);
    const report = await cli(run, 'report', run.journal, '--format', 'json');
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).unreadableEvents).toEqual([{ seq, type: 'step.finished', reason }]);

    const before = rows(run.journal);
    const resumed = await cli(run, 'resume', run.journal, '--plain');
    expectNoCrash(resumed);
    expect(resumed.code).toBe(2);
    expect(lines(resumed.stderr)).toEqual([`runbook: ${run.journal}: ${named}; resume appends nothing to a journal that does not verify (see: runbook verify ${run.journal})`]);
    expect(rows(run.journal)).toEqual(before);

    const listed = await cli(run, 'list');
    expectNoCrash(listed);
    expect(listed.code).toBe(0);
  });

  it('a payload edited in place (not re-hashed): verify names the broken link and the unreadable event', async () => {
    const run = await recordRun('runbook-malformed-', 'stopAfterFailure');
    const seq = seqOf(run.journal, 'step.finished', 'broken');
    sql(run.journal, "UPDATE events SET payload = '{not json' WHERE seq = ?", seq);
    const verified = await cli(run, 'verify', run.journal);
    expectNoCrash(verified);
    expect(verified.code).toBe(1);
    expect(lines(verified.stdout)).toEqual(expect.arrayContaining([`chain BROKEN at event ${seq}: its hash does not match its contents`, `event ${seq} (step.finished) unreadable: payload is not JSON`]));
    const shown = await cli(run, 'show', run.journal);
    expectNoCrash(shown);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('chain BROKEN');
    const resumed = await cli(run, 'resume', run.journal, '--plain');
    expect(resumed.code).toBe(2);
    expect(lines(resumed.stderr)).toHaveLength(1);
  });

  it('the first event unreadable: verify names it, show and report say in one line that there is no run to show', async () => {
    const run = await recordRun('runbook-malformed-', 'stopAfterFailure');
    rechain(run.journal, rows(run.journal).map((r) => (r.seq === 1 ? { ...r, payload: 'null' } : r)));
    const verified = await cli(run, 'verify', run.journal);
    expectNoCrash(verified);
    expect(verified.code).toBe(1);
    expect(lines(verified.stdout)).toContain('event 1 (run.started) unreadable: payload is null, not an object');
    for (const args of [['show', run.journal], ['report', run.journal, '--format', 'json']]) {
      const read = await cli(run, ...args);
      expectNoCrash(read);
      expect(read.code).toBe(2);
      expect(lines(read.stderr)).toEqual([`runbook: ${run.journal}: event 1 (run.started) unreadable: payload is null, not an object`]);
    }
    const reportFile = join(run.dir, 'report.json');
    expect((await cli(run, 'report', run.journal, '--output', reportFile)).code).toBe(2);
  });
});
