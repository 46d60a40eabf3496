// A PostgreSQL session lost between two steps — here its backend is terminated, as a
// restart or a failover would — is re-opened before the next step runs, which says so in
// its output and passes. (Stopping and freezing a whole server is in test/faults/, on a
// private cluster: the shared server is never stopped.)

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, cliEnv, tempDir } from '../helpers/cli';
import { readEvents, readOutput } from '../faults/support/journal-file';
import { ScriptedRun } from '../faults/support/scripted-run';

const RUNBOOK = `---
title: Lost session
targets:
  db: { kind: postgres, url: env:TEST_DATABASE_URL, statement_timeout: 5s }
---

# Lost session

## Phase 1: Two queries

\`\`\`sql {#whoami}
SELECT pg_backend_pid() AS backend;
\`\`\`

\`\`\`sql {#after-loss}
SELECT 'still here' AS answer;
\`\`\`
`;

describe('a PostgreSQL session lost between steps', () => {
  it('is re-opened before the next step, which says so and passes', async () => {
    const dir = tempDir('runbook-pg-session-');
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'lost.md'), RUNBOOK);
    const journal = join(dir, 'run.runbook.sqlite');
    const run = new ScriptedRun(['run', join(dir, 'lost.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env: cliEnv(join(dir, 'home')), cwd: dir });
    await run.prompt();
    run.answer('y');
    const block = await run.sees(/^✔ passed/m);
    await terminate(Number(/backend\n-+\n(\d+)/.exec(block)?.[1]));

    await run.prompt();
    run.answer('y');
    const after = await run.sees(/^[✔✘] (passed|failed).*$/m);
    expect(after).toMatch(/^✔ passed/m);
    expect(await run.exited, run.err).toBe(0);
    expect(readOutput(journal, 'after-loss').join('\n')).toMatch(/reconnected to target db[\s\S]*still here/);
    expect(readEvents(journal).find((e) => e.type === 'step.finished' && e.payload.step === 'after-loss')?.payload.status).toBe('passed');
  });

  it('with a transaction open in it: the next step says the ROLLBACK undid it', async () => {
    const dir = tempDir('runbook-pg-session-');
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'lost.md'), RUNBOOK.replace('SELECT pg_backend_pid() AS backend;', 'BEGIN;\nSELECT pg_backend_pid() AS backend;'));
    const journal = join(dir, 'run.runbook.sqlite');
    const run = new ScriptedRun(['run', join(dir, 'lost.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env: cliEnv(join(dir, 'home')), cwd: dir });
    await run.prompt();
    run.answer('y');
    const block = await run.sees(/^✔ passed/m);
    expect(block).toContain('transaction open on db: nothing is committed until a COMMIT');
    await terminate(Number(/backend\n-+\n(\d+)/.exec(block)?.[1]));

    await run.prompt();
    run.answer('y');
    await run.sees(/^✔ passed.*$/m);
    expect(await run.exited, run.err).toBe(0);
    const finished = readEvents(journal).find((e) => e.type === 'step.finished' && e.payload.step === 'after-loss');
    expect(finished?.payload).toMatchObject({ status: 'passed', note: 'ROLLBACK on db undid the transaction open since step whoami, all its changes', transaction: { target: 'db', open: false } });
  });
});

async function terminate(backend: number): Promise<void> {
  expect(backend).toBeGreaterThan(0);
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const killed = await admin.query('SELECT pg_terminate_backend($1) AS done', [backend]);
    expect(killed.rows[0]).toEqual({ done: true });
  } finally {
    await admin.end();
  }
}
