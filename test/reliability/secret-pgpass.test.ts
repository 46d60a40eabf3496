// A ~/.pgpass line (host:port:database:user:password): a step writes one the way a runbook
// sets up a client, then cats the file. The password may reach neither the journal
// file, `show --json` nor the report, in the command or in the output.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Client',
  '',
  '## Phase 1: Set up the client',
  '',
  '```bash {#pgpass}',
  "echo 'db.internal:5432:*:app:PgpassKw8701' > pgpass && chmod 600 pgpass",
  "printf '*:*:*:postgres:Pgpass%s\\n' Kw8702 >> pgpass",
  'cat pgpass',
  '```',
  '',
].join('\n');

describe('a ~/.pgpass line', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-pgpass-', { 'pgpass.md': RUNBOOK });
    // What the step printed, on the operator's screen: the file really holds both lines.
    expect(run.stdout).toContain('*:*:*:postgres:PgpassKw8702\n');
  });

  it('records each line with [REDACTED] in place of the password', () => {
    expect(readOutput(run.journal, 'pgpass')).toEqual(['db.internal:5432:*:app:[REDACTED]', '*:*:*:postgres:[REDACTED]']);
  });

  it('keeps every password out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/PgpassKw87/);
  });
});
