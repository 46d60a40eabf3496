// A password set in SQL with PostgreSQL's other string literals: dollar-quoted ($$…$$,
// $tag$…$tag$, as pg_dump and migration tools write them) and Unicode-escaped (U&'…'). Run
// as a real SQL step on the real PostgreSQL; the statement is journaled with the step, and
// the password must be in neither the journal file, `show --json` nor the report.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/cli';
import { withClient } from '../helpers/pg';
import { readEvents } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const ROLE = `runbook_quotes_${process.pid}`;

const RUNBOOK = `---
title: Rotate
targets:
  db: { kind: postgres, url: env:TEST_DATABASE_URL }
---

# Rotate

## Phase 1: Passwords

\`\`\`sql {#rotate}
ALTER ROLE ${ROLE} PASSWORD $$Dollar-Pass-Dq5512$$;
ALTER ROLE ${ROLE} WITH LOGIN PASSWORD $pw$Dollar-Tag-Tg6613$pw$;
ALTER ROLE ${ROLE} PASSWORD U&'Uni-Pass-Uq7714';
\`\`\`
`;

describe('a password in a dollar-quoted or Unicode-escaped SQL literal', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    await withClient(TEST_DATABASE_URL, (c) => c.query(`CREATE ROLE ${ROLE}`));
    run = await runToEnd('runbook-sql-quotes-', { 'rotate.md': RUNBOOK });
  });
  afterAll(() => withClient(TEST_DATABASE_URL, (c) => c.query(`DROP ROLE IF EXISTS ${ROLE}`)));

  it('journals the statements with [REDACTED] in place of each password', () => {
    const started = readEvents(run.journal).find((e) => e.type === 'step.started' && e.payload.step === 'rotate');
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD $$[REDACTED]$$;\\nALTER ROLE");
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD $pw$[REDACTED]$pw$;");
    expect(JSON.stringify(started?.payload)).toContain("PASSWORD U&'[REDACTED]';");
  });

  it('keeps each password out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/Dq5512|Tg6613|Uq7714/);
  });
});
