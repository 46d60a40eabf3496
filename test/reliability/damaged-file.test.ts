// A journal whose file took a flipped byte where the chain does not look — an index SQLite
// reads the output through — is damaged all the same: every event and chunk still hashes,
// but `show` and the report read the step's output through that index and find none.
// Before, `verify` said `chain valid` and exit 0, and `resume` appended to the file; and
// `show` and `report` wrote their evidence from it without a word of the damage.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, lines, lockHolders, recordRun, rows, sql } from '../helpers/tamper';

/** Flips one byte of the first output chunk's step id where the output_step index holds it. */
function flipIndexByte(journal: string): void {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'output_step'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const { step } = db.prepare('SELECT step FROM output ORDER BY id LIMIT 1').get() as { step: string };
  db.close();
  const bytes = readFileSync(journal);
  const page = bytes.subarray((rootpage - 1) * pageSize, rootpage * pageSize);
  const at = page.indexOf(step);
  expect(at).toBeGreaterThan(-1);
  page[at] = (page[at] as number) ^ 0x20;
  writeFileSync(journal, bytes);
}

describe('a journal file damaged outside the chain', () => {
  it('fails verify in one line that says the file is damaged, and resume refuses it and appends nothing', async () => {
    const run = await recordRun('runbook-damaged-file-', 'stopAfterFailure');
    flipIndexByte(run.journal);

    const verify = await cli(run, 'verify', run.journal);
    expect(verify.code, verify.stdout).toBe(1);
    const damaged = lines(verify.stdout).filter((l) => l.includes('DAMAGED'));
    expect(damaged).toEqual([expect.stringMatching(/^journal file DAMAGED: .*output_step.* \(SQLite integrity check\)$/)]);

    const before = rows(run.journal);
    const resumed = await cli(run, 'resume', run.journal, '--plain');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(2);
    expect(lines(resumed.stderr)).toHaveLength(1);
    expect(resumed.stderr).toMatch(/journal file damaged: .*output_step/);
    expect(resumed.stderr).toContain(`runbook verify ${run.journal}`);
    expect(rows(run.journal)).toEqual(before);
    expect(lockHolders(run.journal)).toBe(0);
  });

  it('show and report say the file is damaged: on screen, in the Markdown, and on stderr beside the JSON (its shape kept)', async () => {
    const run = await recordRun('runbook-damaged-file-', 'stopAfterFailure');
    flipIndexByte(run.journal);

    const show = await cli(run, 'show', run.journal);
    expect(show.code, show.stderr).toBe(0);
    // Flowed at the terminal's width like every line of show.
    expect(show.stdout.replaceAll('\n', ' ')).toMatch(/ journal file DAMAGED: .*output_step.* \(SQLite integrity check\): output and events read through it may be missing /);
    const showJson = await cli(run, 'show', run.journal, '--json');
    expect(showJson.code).toBe(0);
    expect(Object.keys((JSON.parse(showJson.stdout) as { chain: object }).chain).sort()).toEqual(['anchor', 'events', 'head', 'valid']);
    expect(lines(showJson.stderr)).toEqual([expect.stringMatching(/^runbook: warning: the journal file is DAMAGED \(.*output_step.*\): what this shows may be missing or untrue; runbook verify /)]);

    const md = await cli(run, 'report', run.journal);
    expect(md.stdout).toMatch(/^> \*\*JOURNAL FILE DAMAGED\*\*: SQLite's integrity check fails \(.*output_step.*\); output and events read through it may be missing from this report/m);
    expect(md.stdout).toMatch(/^Journal file: ✘ DAMAGED: .*output_step.* \(SQLite integrity check\)\.$/m);
    const output = join(run.dir, 'evidence.json');
    const json = await cli(run, 'report', run.journal, '--format', 'json', '--output', output);
    expect(json.code).toBe(0);
    expect(lines(json.stderr)).toEqual([expect.stringMatching(/^runbook: warning: the journal file is DAMAGED .*; runbook verify /), `report written to ${output}`]);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toHaveProperty('chain.valid', true);
  });

  it('a broken chain is said on stderr beside JSON evidence too', async () => {
    const run = await recordRun('runbook-damaged-file-', 'stopAfterFailure');
    sql(run.journal, "UPDATE events SET payload = replace(payload, 'stopped by operator', 'completed fine') WHERE type = 'run.paused'");
    for (const args of [['show', run.journal, '--json'], ['report', run.journal, '--format', 'json']]) {
      const result = await cli(run, ...args);
      expect(result.code).toBe(0);
      expect(lines(result.stderr)).toEqual([expect.stringMatching(/^runbook: warning: the journal's hash chain is BROKEN at event \d+: .*; runbook verify /)]);
    }
  });

  it('leaves an undamaged journal with no such line', async () => {
    const run = await recordRun('runbook-damaged-file-', 'stopAfterFailure');
    const verify = await cli(run, 'verify', run.journal);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).not.toContain('DAMAGED');
    for (const args of [['show', run.journal], ['show', run.journal, '--json'], ['report', run.journal], ['report', run.journal, '--format', 'json']]) {
      const result = await cli(run, ...args);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toMatch(/DAMAGED|Journal file:/);
    }
  });
});
