// A journal whose file took a flipped byte where the chain does not look — an index SQLite
// reads the output through — is damaged all the same: every event and chunk still hashes,
// but `show` and the report read the step's output through that index and find none.
// Before, `verify` said `chain valid` and exit 0, and `resume` appended to the file.

import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, lines, lockHolders, recordRun, rows } from '../helpers/tamper';

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

  it('leaves an undamaged journal with no such line', async () => {
    const run = await recordRun('runbook-damaged-file-', 'stopAfterFailure');
    const verify = await cli(run, 'verify', run.journal);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).not.toContain('DAMAGED');
  });
});
