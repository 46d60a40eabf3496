// Publishing to the team store from the real CLI, against the real PostgreSQL as the
// writer role `store init` prints grants for: while the run goes on, the store already
// holds what was committed; afterwards exactly the local journal's events and chunks (same
// hashes, secrets redacted); `store push` backfills idempotently; and a store that cannot
// be reached neither slows a run down nor loses anything: push or resume catch up.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir } from '../helpers/cli';
import { rows, seqOf, sql } from '../helpers/tamper';
import { eventually, storeDatabases, storedChunks, storedEvents, type StoreRoles } from '../helpers/store';
import { closedPort } from '../helpers/net';

const FIXTURE = new URL('../fixtures/store/deploy.md', import.meta.url).pathname;
const SECRET = 'hunter2-very-secret-token';
/** Every prompt of the fixture answered yes: the run ends monitoring, its +1h check ahead. */
const ALL_YES = 'y\n'.repeat(8);

const dbs = storeDatabases('publish');
let owner: string;
let roles: StoreRoles;
let writer: string;
beforeAll(async () => {
  owner = await dbs.store();
  roles = await dbs.roles(owner);
  writer = roles.as(roles.writer);
});
afterAll(() => dbs.dropAll());

function workspace(prefix: string) {
  const dir = tempDir(prefix);
  mkdirSync(join(dir, 'home'));
  const file = join(dir, 'deploy.md');
  copyFileSync(FIXTURE, file);
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home'), { API_TOKEN: SECRET }) };
}

function chunks(journal: string): { id: number; step: string; stream: string; text: string }[] {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, step, stream, text FROM output ORDER BY id').all() as { id: number; step: string; stream: string; text: string }[];
  } finally {
    db.close();
  }
}

/** The store holds exactly the journal: every event with its hash, every chunk, nothing else of the run. */
async function expectSameAsJournal(journal: string): Promise<string> {
  const local = rows(journal);
  const runId = local[0]?.hash ?? '';
  expect(await storedEvents(owner, runId)).toEqual(local);
  expect(await storedChunks(owner, runId)).toEqual(chunks(journal));
  return runId;
}

/** A port nothing listens on: a store that refuses connections at once. */

describe('publishing a run', () => {
  it('publishes while the run goes on, and ends with exactly the local journal in the store', async () => {
    const w = workspace('runbook-publish-');
    const child = startCli(['run', w.file, '--plain', '--operator', 'ana', '--journal', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin?.write('y\ny\n');
    await eventually(async () => stdout.includes('Check the flood ended'), 'the run to wait at the check after the flood');
    // The operator has not answered: the run is live, and the flood is in the store already.
    const live = await eventually(async () => {
      const stored = await storedEvents(owner);
      return stored.some((e) => e.type === 'step.finished') && stored;
    }, 'the flood to be published while the run waits');
    expect(child.exitCode).toBeNull();
    expect(live.filter((e) => e.type === 'output').length).toBeGreaterThan(0);
    child.stdin?.end(ALL_YES);
    expect(await ended, stderr).toBe(0);
    expect(stdout).not.toContain('not published');

    const runId = await expectSameAsJournal(w.journal);
    const text = (await storedChunks(owner, runId)).map((c) => c.text).join('\n');
    expect(text).toContain('line 3000 of the flood');
    // Redacted before the local write, so before publishing too.
    expect(text).toContain('token is [REDACTED]');
    expect(JSON.stringify(await storedEvents(owner))).not.toContain(SECRET);
    expect(text).not.toContain(SECRET);
  });

  it('store push backfills a run made without a store, and a second push sends nothing', async () => {
    const w = workspace('runbook-push-');
    const run = await runCli(['run', w.file, '--plain', '--operator', 'bo', '--journal', w.journal], { env: w.env, cwd: w.dir, input: ALL_YES });
    expect(run.code, run.stderr).toBe(0);
    const events = rows(w.journal).length;

    const first = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${events} events published`);
    await expectSameAsJournal(w.journal);

    const again = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`up to date (${events} events)`);
    await expectSameAsJournal(w.journal);

    const status = await runCli(['store', 'status', '--store', writer], { env: w.env, cwd: w.dir });
    expect(status.stdout).toMatch(/reachable · schema version 2 · \d+ runs/);
    expect(status.stdout).toContain('local journals: 1 · 1 published · 0 behind');
    expect(status.code).toBe(0);
  });

  it('store push refuses a journal edited since, published or not, naming the event; the store keeps what it had', async () => {
    const w = workspace('runbook-push-edited-');
    const run = await runCli(['run', w.file, '--plain', '--operator', 'bo', '--journal', w.journal], { env: w.env, cwd: w.dir, input: ALL_YES });
    expect(run.code, run.stderr).toBe(0);
    const copy = join(w.dir, 'copy.runbook.sqlite');
    copyFileSync(w.journal, copy);
    const pushed = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(pushed.code, pushed.stderr).toBe(0);
    const runId = await expectSameAsJournal(w.journal);
    const stored = await storedEvents(owner, runId);

    // Who ran it, rewritten after the push: the store's copy is the true one, and push says the journal is not.
    const seq = seqOf(w.journal, 'session.started');
    sql(w.journal, "UPDATE events SET payload = replace(payload, '\"bo\"', '\"eve\"') WHERE seq = ?", seq);
    const again = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(`runbook store: ${w.journal}: chain broken at event ${seq}: its hash does not match its contents; nothing pushed (runbook verify ${w.journal})\n`);
    expect(again.code).toBe(1);
    expect(await storedEvents(owner, runId)).toEqual(stored);

    // An output line edited in a journal not yet published: nothing of it is sent.
    const other = join(w.dir, 'other.runbook.sqlite');
    const second = await runCli(['run', w.file, '--plain', '--operator', 'cy', '--journal', other], { env: w.env, cwd: w.dir, input: ALL_YES });
    expect(second.code, second.stderr).toBe(0);
    sql(other, "UPDATE output SET text = 'all good' WHERE id = (SELECT max(id) FROM output)");
    const edited = await runCli(['store', 'push', other, '--store', writer], { env: w.env, cwd: w.dir });
    expect(edited.stderr).toMatch(/^runbook store: \S+other\.runbook\.sqlite: chain broken at event \d+: .*; nothing pushed \(runbook verify \S+\)\n$/);
    expect(edited.code).toBe(1);
    expect(await storedEvents(owner, rows(other)[0]?.hash ?? '')).toEqual([]);
    // The untouched copy still pushes as before: up to date.
    const intact = await runCli(['store', 'push', copy, '--store', writer], { env: w.env, cwd: w.dir });
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`up to date (${stored.length} events)`);
  });

  it('an unreachable store does not slow the run; store push catches up, and so does resume', async () => {
    const w = workspace('runbook-offline-');
    const port = await closedPort();
    const offline = `postgres://${roles.writer}@127.0.0.1:${port}/nowhere`;

    const started = performance.now();
    const without = await runCli(['run', w.file, '--plain', '--operator', 'cy', '--journal', join(w.dir, 'baseline.runbook.sqlite')], { env: w.env, cwd: w.dir, input: ALL_YES });
    const baseline = performance.now() - started;
    expect(without.code).toBe(0);

    const t0 = performance.now();
    const run = await runCli(['run', w.file, '--plain', '--operator', 'cy', '--journal', w.journal, '--store', offline], { env: w.env, cwd: w.dir, input: ALL_YES });
    const took = performance.now() - t0;
    expect(run.code, run.stderr).toBe(0);
    // Never waited on the network: no connect timeout, no drain at exit.
    expect(took).toBeLessThan(baseline + 1500);
    const events = rows(w.journal).length;
    const said = run.stdout.replace(/\s+/g, ' ');
    expect(said).toMatch(/! store: \d+ events behind, retrying/);
    expect(said).toContain(`store: ${events} events not published yet (store 127.0.0.1:${port}/nowhere: connection refused); they go with the next resume, or:`);
    expect(run.stdout).toContain(`runbook store push ${w.journal}`);
    expect(await storedEvents(owner)).not.toContainEqual(expect.objectContaining({ hash: rows(w.journal)[0]?.hash }));

    // The store is back (the real one): push sends it all, in order.
    const pushed = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(pushed.code, pushed.stderr).toBe(0);
    await expectSameAsJournal(w.journal);

    // Resume with the store there: what it adds is published, after what push sent.
    const resumed = await runCli(['resume', w.journal, '--plain', '--store', writer], { env: w.env, cwd: w.dir, input: 'q\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(rows(w.journal).length).toBeGreaterThan(events);
    await expectSameAsJournal(w.journal);
  });

  it('refuses --store with no URL and no store configured, in one line, before anything runs', async () => {
    const w = workspace('runbook-nostore-');
    const run = await runCli(['run', w.file, '--plain', '--operator', 'ed', '--journal', w.journal, '--store'], { env: w.env, cwd: w.dir, input: ALL_YES });
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', 'runbook run: no team store configured: give --store URL, or set RUNBOOK_STORE or store: in the config\n']);
    expect(existsSync(w.journal)).toBe(false);
  });

  it('resume publishes what an earlier, offline run left behind', async () => {
    const w = workspace('runbook-resume-');
    const offline = `postgres://${roles.writer}@127.0.0.1:${await closedPort()}/nowhere`;
    const run = await runCli(['run', w.file, '--plain', '--operator', 'di', '--journal', w.journal, '--store', offline], { env: w.env, cwd: w.dir, input: 'y\nq\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('not published yet');
    const resumed = await runCli(['resume', w.journal, '--plain', '--store', writer], { env: w.env, cwd: w.dir, input: 'q\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).not.toContain('not published');
    await expectSameAsJournal(w.journal);
  });
});
