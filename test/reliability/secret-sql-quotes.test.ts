// A password set in SQL with PostgreSQL's other string literals: dollar-quoted ($$…$$,
// $tag$…$tag$, as pg_dump and migration tools write them) and Unicode-escaped (U&'…'). Run
// as a real SQL step on the real PostgreSQL; the statement is journaled with the step, and
// the password must be in neither the journal file, `show --json` nor the report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, cliEnv, runCli, tempDir } from '../helpers/cli';
import { withClient } from '../helpers/pg';
import { journalBytes, readEvents } from '../faults/support/journal-file';

const ROLE = `runbook_quotes_${process.pid}`;

const RUNBOOK = `---
title: Rotate
targets:
  db: { kind: postgres, url: env:TEST_DATABASE_URL }
---

# Rotate

## Phase 1: Passwords

\`\`\`sql {#rotate}
ALTER ROLE ${ROLE} PASSWORD $$Dollar-Pass-5512$$;
ALTER ROLE ${ROLE} WITH LOGIN PASSWORD $pw$Dollar-Tag-6613$pw$;
ALTER ROLE ${ROLE} PASSWORD U&'Uni-Pass-7714';
\`\`\`
`;

describe('a password in a dollar-quoted or Unicode-escaped SQL literal', () => {
  const dir = tempDir('runbook-sql-quotes-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'));

  beforeAll(async () => {
    await withClient(TEST_DATABASE_URL, (c) => c.query(`CREATE ROLE ${ROLE}`));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'rotate.md'), RUNBOOK);
    const run = await runCli(['run', 'rotate.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
  afterAll(() => withClient(TEST_DATABASE_URL, (c) => c.query(`DROP ROLE IF EXISTS ${ROLE}`)));

  it('journals the statements with [REDACTED] in place of each password', () => {
    const started = readEvents(journal).find((e) => e.type === 'step.started' && e.payload.step === 'rotate');
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD $$[REDACTED]$$;\\nALTER ROLE");
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD $pw$[REDACTED]$pw$;");
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD U&'[REDACTED]';");
  });

  it('keeps each password out of the journal file, show --json and the report', async () => {
    const shown = await runCli(['show', journal, '--json'], { env, cwd: dir });
    const report = await runCli(['report', journal], { env, cwd: dir });
    for (const text of [journalBytes(journal).toString('latin1'), shown.stdout, report.stdout]) expect(text).not.toMatch(/5512|6613|7714/);
  });
});
