// `set -x` traces a command with its words quoted whole: `+ export 'DB_PASSWORD=a b'`. The
// value (read from a file here, so the run has not learnt it) runs to that quote's close;
// no part of it may reach the journal file, `show --json` or the report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readOutput } from '../faults/support/journal-file';

const RUNBOOK = [
  '# Trace',
  '',
  '## Phase 1: Load',
  '',
  '```bash {#trace}',
  'set -x',
  'export "DB_PASSWORD=$(cat pw.txt)"',
  '```',
  '',
].join('\n');

describe('a password in a set -x trace', () => {
  const dir = tempDir('runbook-trace-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'trace.md'), RUNBOOK);
    writeFileSync(join(dir, 'pw.txt'), 'correct horse <battery>');
    const run = await runCli(['run', 'trace.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("+ export 'DB_PASSWORD=correct horse <battery>'");
  });

  it('is recorded as [REDACTED] up to the quote', () => {
    expect(readOutput(journal, 'trace')).toContain("+ export 'DB_PASSWORD=[REDACTED]'");
  });

  it('is in neither the journal file, show --json nor the report', async () => {
    const shown = await runCli(['show', journal, '--json'], { env, cwd: dir });
    const report = await runCli(['report', journal], { env, cwd: dir });
    for (const text of [journalBytes(journal).toString('latin1'), shown.stdout, report.stdout]) expect(text).not.toMatch(/horse|battery/);
  });
});
