// PostgreSQL going away under a run: stopped, restarted, frozen (as an unreachable host),
// a statement that runs too long, a lock held by someone else, a wrong password. Against
// a private cluster (the shared server on 5432 is never touched). Every time: a clear
// one-line message naming the target, the step fails or times out, the run goes on, and
// nothing hangs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readEvents, readOutput } from './support/journal-file';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { ScriptedRun } from './support/scripted-run';

let server: PrivatePostgres;

beforeAll(() => {
  server = startPrivatePostgres();
}, 120_000);

afterAll(() => server?.teardown());

/** A session of the test's own, opened afresh each time: the server goes up and down. */
async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.url() });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function adminQuery(sql: string): Promise<number> {
  const client = await session();
  try {
    return (await client.query(sql)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** Polls an async condition until it holds (never a fixed sleep). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A runbook of sql steps (and a closing shell step) against the private server. */
function runbookWith(steps: { id: string; sql: string }[], timeouts = { statement: '1s', lock: '500ms' }) {
  const dir = tempDir('runbook-pgfault-');
  mkdirSync(join(dir, 'home'));
  const body = steps.map((s) => `### ${s.id}\n\n\`\`\`sql {#${s.id}}\n${s.sql}\n\`\`\`\n`).join('\n');
  const file = join(dir, 'pg.md');
  writeFileSync(
    file,
    `---\ntitle: PostgreSQL faults\ntargets:\n  db:\n    kind: postgres\n    url: env:FAULT_PG_URL\n    statement_timeout: ${timeouts.statement}\n    lock_timeout: ${timeouts.lock}\n---\n\n# PostgreSQL faults\n\n## Phase 1: Queries\n\n${body}\n### shell-after\n\n\`\`\`bash {#shell-after}\necho "the run went on"\n\`\`\`\n`,
  );
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'), { FAULT_PG_URL: server.url() });
  const start = () => new ScriptedRun(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
  return { dir, file, journal, env, start };
}

/** The result line the runner printed for the step just run. */
function resultLine(block: string): string {
  const line = block.split('\n').find((l) => /^[✔✘] (passed|failed)/.test(l));
  if (!line) throw new Error(`no result line in:\n${block}`);
  return line;
}

function finished(journal: string, step: string): { status: string; error?: string; durationMs: number } {
  const event = readEvents(journal).find((e) => e.type === 'step.finished' && e.payload.step === step);
  if (!event) throw new Error(`no step.finished for ${step}`);
  return event.payload as { status: string; error?: string; durationMs: number };
}

/** Runs the next step and, if it failed, continues past it; returns its result line. */
async function runNext(run: ScriptedRun): Promise<string> {
  await run.prompt();
  run.answer('y');
  const block = await run.sees(/^[✔✘] (passed|failed).*$/m);
  const line = resultLine(block);
  if (line.startsWith('✘')) {
    await run.sees('Step failed');
    run.answer('y');
  }
  return line;
}

async function finishRun(run: ScriptedRun): Promise<number | null> {
  const last = await runNext(run);
  expect(last).toMatch(/^✔ passed/);
  expect(run.out).toContain('the run went on');
  return run.exited;
}

describe('PostgreSQL stopped, restarted or frozen mid-run', () => {
  it('stopped between steps: the next step fails in one line naming the target; after a restart the run goes on', async () => {
    const rb = runbookWith([
      { id: 'before', sql: 'SELECT 1 AS one;' },
      { id: 'while-down', sql: 'SELECT 2 AS two;' },
      { id: 'back-up', sql: 'SELECT 3 AS three;' },
    ]);
    const run = rb.start();
    expect(await runNext(run)).toMatch(/^✔ passed/);
    await run.prompt();
    server.stop();
    run.answer('y');
    const down = resultLine(await run.sees(/^[✔✘] (passed|failed).*$/m));
    // The lost session is noticed before the step's statement is sent; reconnecting is refused.
    expect(down).toBe(`✘ failed · target db: connection refused at 127.0.0.1:${server.port}`);
    await run.sees('Step failed');
    run.answer('y');
    server.start();
    expect(await runNext(run)).toMatch(/^✔ passed/);
    expect(await finishRun(run)).toBe(1);

    expect(finished(rb.journal, 'while-down').status).toBe('failed');
    expect(finished(rb.journal, 'while-down').error).not.toContain('\n');
    expect(finished(rb.journal, 'back-up').status).toBe('passed');
    expect(readOutput(rb.journal, 'back-up').join('\n')).toMatch(/three\n-+\n3/);
    expect((await runCli(['verify', rb.journal], { env: rb.env })).code).toBe(0);
  });

  it('restarted between steps: the next step reconnects and passes', async () => {
    const rb = runbookWith([
      { id: 'first', sql: "SELECT 'before restart' AS phase;" },
      { id: 'second', sql: "SELECT 'after restart' AS phase;" },
    ]);
    const run = rb.start();
    expect(await runNext(run)).toMatch(/^✔ passed/);
    await run.prompt();
    server.restart();
    run.answer('y');
    expect(resultLine(await run.sees(/^[✔✘] (passed|failed).*$/m))).toMatch(/^✔ passed/);
    expect(readOutput(rb.journal, 'second').join('\n')).toContain('reconnected to target db');
    expect(await finishRun(run)).toBe(0);
  });

  it('stopped while a query runs: the step fails at once with the server\'s reason, the run goes on', async () => {
    const rb = runbookWith([
      { id: 'sleepy', sql: 'SELECT pg_sleep(30);' },
      { id: 'later', sql: 'SELECT 4 AS four;' },
    ], { statement: '60s', lock: '10s' });
    const run = rb.start();
    await run.prompt();
    run.answer('y');
    await until(async () => (await adminQuery("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'")) > 0, 'the query to run');
    const stoppedAt = Date.now();
    server.stop();
    const line = resultLine(await run.sees(/^[✔✘] (passed|failed).*$/m, 20_000));
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(line).toMatch(/^✘ failed · .*(terminating connection|connection lost)/);
    await run.sees('Step failed');
    run.answer('y');
    server.start();
    expect(await runNext(run)).toMatch(/^✔ passed/);
    expect(await finishRun(run)).toBe(1);
  });

  it('frozen (accepts, never answers, as an unreachable host): the step gives up on its own deadline, the run goes on, the tool exits', async () => {
    const rb = runbookWith([
      { id: 'warm', sql: 'SELECT 1 AS one;' },
      { id: 'frozen', sql: 'SELECT 2 AS two;' },
      { id: 'thawed', sql: 'SELECT 3 AS three;' },
    ]);
    const run = rb.start();
    expect(await runNext(run)).toMatch(/^✔ passed/);
    await run.prompt();
    server.freeze();
    const frozeAt = Date.now();
    run.answer('y');
    let line: string;
    try {
      line = resultLine(await run.sees(/^[✔✘] (passed|failed).*$/m, 40_000));
    } finally {
      server.thaw();
    }
    // statement_timeout 1 s + the client's grace, then a fresh connection's connect timeout.
    expect(Date.now() - frozeAt).toBeLessThan(30_000);
    expect(line).toMatch(/^✘ failed · target db: (no answer from the server|connection timed out)/);
    await run.sees('Step failed');
    run.answer('y');
    expect(await runNext(run)).toMatch(/^✔ passed/);
    // The abandoned connections do not keep the process alive.
    expect(await finishRun(run)).toBe(1);
  }, 120_000);

  it('frozen while a query runs: no answer past statement_timeout + grace fails the step, the next one reconnects', async () => {
    const rb = runbookWith([
      { id: 'stuck', sql: 'SELECT pg_sleep(4);' },
      { id: 'after-thaw', sql: 'SELECT 5 AS five;' },
    ], { statement: '5s', lock: '1s' });
    const run = rb.start();
    await run.prompt();
    run.answer('y');
    await until(async () => (await adminQuery("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'")) > 0, 'the query to run');
    server.freeze();
    const frozeAt = Date.now();
    let line: string;
    try {
      line = resultLine(await run.sees(/^[✔✘] (passed|failed).*$/m, 40_000));
    } finally {
      server.thaw();
    }
    expect(Date.now() - frozeAt).toBeLessThan(20_000);
    expect(line).toBe('✘ failed · target db: no answer from the server for 10 s (statement_timeout 5 s); the connection is dropped');
    await run.sees('Step failed');
    run.answer('y');
    expect(await runNext(run)).toMatch(/^✔ passed/);
    expect(await finishRun(run)).toBe(1);
  }, 120_000);
});

describe('statement_timeout and lock_timeout from the front matter', () => {
  it('a statement over statement_timeout: 1s fails in about a second with the reason, and the run goes on', async () => {
    const rb = runbookWith([{ id: 'too-slow', sql: 'SELECT pg_sleep(20);' }]);
    const run = rb.start();
    const line = await runNext(run);
    expect(line).toMatch(/^✘ failed · canceling statement due to statement timeout$/);
    expect(finished(rb.journal, 'too-slow').durationMs).toBeLessThan(5_000);
    expect(await finishRun(run)).toBe(1);
  });

  it('a query blocked on a lock another session holds fails on lock_timeout, and the run goes on', async () => {
    const table = `held_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE TABLE ${table} (id int)`);
    const holder = await session();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const rb = runbookWith([{ id: 'blocked', sql: `SELECT count(*) FROM ${table};` }]);
      const run = rb.start();
      const line = await runNext(run);
      expect(line).toMatch(/^✘ failed · canceling statement due to lock timeout$/);
      expect(finished(rb.journal, 'blocked').durationMs).toBeLessThan(5_000);
      expect(await finishRun(run)).toBe(1);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await adminQuery(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});

describe('connecting', () => {
  it('a wrong password: one line naming the target, the password nowhere in the output or the journal', async () => {
    const wrong = 'Wr0ng-Passw0rd-4417';
    const rb = runbookWith([{ id: 'guarded', sql: 'SELECT 1;' }]);
    rb.env.FAULT_PG_URL = server.url(wrong);
    const run = rb.start();
    const line = await runNext(run);
    expect(line).toBe('✘ failed · target db: password authentication failed for user "postgres" (check PGPASSWORD or ~/.pgpass)');
    expect(await finishRun(run)).toBe(1);
    expect(run.out + run.err).not.toContain(wrong);
    expect(journalBytes(rb.journal).includes(wrong)).toBe(false);
    expect((await runCli(['show', rb.journal, '--json'], { env: rb.env })).stdout).not.toContain(wrong);
    expect((await runCli(['report', rb.journal], { env: rb.env })).stdout).not.toContain(wrong);

    const preflight = await runCli(['check', rb.file, '--preflight'], { env: rb.env });
    expect(preflight.code).toBe(1);
    expect(preflight.stdout).toMatch(/target db: password authentication failed/);
    expect(preflight.stdout + preflight.stderr).not.toContain(wrong);
  });

  it('nothing listening: the step fails at once, in one line naming the target and the address', async () => {
    const rb = runbookWith([{ id: 'nowhere', sql: 'SELECT 1;' }]);
    rb.env.FAULT_PG_URL = `postgres://postgres@127.0.0.1:${server.port + 1000}/postgres`;
    const run = rb.start();
    const line = await runNext(run);
    expect(line).toBe(`✘ failed · target db: connection refused at 127.0.0.1:${server.port + 1000}`);
    expect(await finishRun(run)).toBe(1);
  });
});
