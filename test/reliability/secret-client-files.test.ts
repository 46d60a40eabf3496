// The files a client reads its password from: a ~/.pgpass line (host:port:database:user:
// password) and an appsettings.json connection string (`…;User ID=u;Password=a b;…`). A
// step writes each the way a runbook sets up a client, then cats it. The passwords may
// reach neither the journal file, `show --json` nor the report, in the command or in the
// output.

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
  "printf '{ \"Default\": \"Server=db;User ID=ops;Password=Ado %s%s;Encrypt=true\" }\\n' Kw87 03 > appsettings.json",
  'cat appsettings.json',
  '```',
  '',
].join('\n');

describe("a client's credential file", () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-client-files-', { 'client.md': RUNBOOK });
    // What the step printed, on the operator's screen: the file really holds both lines.
    expect(run.stdout).toContain('*:*:*:postgres:PgpassKw8702\n');
  });

  it('records each file with [REDACTED] in place of the password', () => {
    expect(readOutput(run.journal, 'pgpass')).toEqual(['db.internal:5432:*:app:[REDACTED]', '*:*:*:postgres:[REDACTED]', '{ "Default": "Server=db;User ID=ops;Password=[REDACTED];Encrypt=true" }']);
  });

  it('keeps every password out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/PgpassKw87|Kw8703/);
  });
});
