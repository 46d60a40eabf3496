// `set -x` traces a command with its words quoted whole: `+ export 'DB_PASSWORD=a b'`. The
// value (read from a file here, so the run has not learnt it) runs to that quote's close;
// no part of it may reach the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

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
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-trace-', { 'trace.md': RUNBOOK, 'pw.txt': 'correct horse <battery>' });
    expect(run.stdout).toContain("+ export 'DB_PASSWORD=correct horse <battery>'");
  });

  it('is recorded as [REDACTED] up to the quote', () => {
    expect(readOutput(run.journal, 'trace')).toContain("+ export 'DB_PASSWORD=[REDACTED]'");
  });

  it('is in neither the journal file, show --json nor the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/horse|battery/);
  });
});
