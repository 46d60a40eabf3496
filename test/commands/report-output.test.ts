// `report --output` never writes over the run's record: the journal itself, the files that
// go with it, or another database. Before, `report run.sqlite --output run.sqlite` replaced
// the journal with its own report (exit 0), and verify then found no journal at all.

import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { recordRun } from '../helpers/tamper';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('report --output', () => {
  it('refuses the journal, its anchor, its -wal and -shm files and another database, in one line, and leaves each as it was', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    const other = join(run.dir, 'other.runbook.sqlite');
    copyFileSync(run.journal, other);
    const cases: Array<[string, string]> = [
      ['run.runbook.sqlite', 'is the run journal'],
      [run.journal, 'is the run journal'],
      ['run.runbook.sqlite.anchor', 'is part of the run journal (.anchor)'],
      ['run.runbook.sqlite-wal', 'is part of the run journal (-wal)'],
      ['run.runbook.sqlite-shm', 'is part of the run journal (-shm)'],
      ['other.runbook.sqlite', 'is an SQLite database (a run journal?)'],
    ];
    const before = [run.journal, `${run.journal}.anchor`, other].map((f) => digest(f));
    for (const [output, why] of cases) {
      const result = await runCli(['report', 'run.runbook.sqlite', '--output', output], { env: run.env, cwd: run.dir });
      expect(result.code, output).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`runbook: ${output}: ${why}: report will not write over it; choose another --output`]);
    }
    expect([run.journal, `${run.journal}.anchor`, other].map((f) => digest(f))).toEqual(before);
    const verify = await runCli(['verify', 'run.runbook.sqlite'], { env: run.env, cwd: run.dir });
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('still writes a report beside the journal', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'evidence.md'], { env: run.env, cwd: run.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(run.dir, 'evidence.md'), 'utf8')).toMatch(/^# /);
  });
});
