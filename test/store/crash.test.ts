// The publisher under a hostile operator, with the real CLI and PostgreSQL: the driver
// killed with -9 in the middle of a flood leaves the store a prefix of the journal (never an
// event it does not hold, never one out of place), and store push completes it; a `store
// push` of the same journal racing the run's own publisher sends nothing twice.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, storeDatabases, storedChunks, storedEvents } from '../helpers/store';

const FIXTURE = new URL('../fixtures/store/flood.md', import.meta.url).pathname;
const dbs = storeDatabases('crash');
let owner: string;
let writer: string;
beforeAll(async () => {
  owner = await dbs.store();
  const roles = await dbs.roles(owner);
  writer = roles.as(roles.writer);
});
afterAll(() => dbs.dropAll());

function workspace(prefix: string) {
  const dir = tempDir(prefix);
  mkdirSync(join(dir, 'home'));
  copyFileSync(FIXTURE, join(dir, 'flood.md'));
  return { dir, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home')) };
}

function chunks(journal: string) {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, step, stream, text FROM output ORDER BY id').all();
  } finally {
    db.close();
  }
}

describe('the publisher, attacked', () => {
  it('leaves the store a prefix of the journal when the driver is killed -9 mid-flood; push completes it', async () => {
    const w = workspace('runbook-store-kill-');
    const child = startCli(['run', 'flood.md', '--plain', '--operator', 'ana', '--journal', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    child.stdout?.resume();
    child.stderr?.resume();
    const gone = new Promise((resolve) => child.on('close', resolve));
    child.stdin?.write('y\n');
    // Some of the flood is in the store: kill the driver while it streams.
    await eventually(async () => (await storedEvents(owner)).filter((e) => e.type === 'output').length >= 3, 'part of the flood in the store', 30_000);
    child.kill('SIGKILL');
    await gone;

    const local = rows(w.journal);
    const runId = local[0]?.hash ?? '';
    const stored = await storedEvents(owner, runId);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(local.length);
    expect(stored).toEqual(local.slice(0, stored.length));

    const pushed = await runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(await storedEvents(owner, runId)).toEqual(rows(w.journal));
    expect(await storedChunks(owner, runId)).toEqual(chunks(w.journal));
  });

  it('sends nothing twice when store push races the run publishing the same journal', async () => {
    const w = workspace('runbook-store-race-');
    const child = startCli(['run', 'flood.md', '--plain', '--operator', 'bo', '--journal', w.journal, '--store', writer], { env: w.env, cwd: w.dir });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.resume();
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin?.write('y\n');
    await eventually(async () => stdout.includes('round 2 line'), 'the flood to start', 30_000);
    const pushes: Promise<{ code: number | null; stderr: string }>[] = [];
    while (!stdout.includes('Check the flood is over')) {
      pushes.push(runCli(['store', 'push', w.journal, '--store', writer], { env: w.env, cwd: w.dir }));
      await eventually(async () => (await pushes.at(-1))?.code !== undefined, 'a push to end', 30_000);
    }
    child.stdin?.end('y\n');
    expect(await ended).toBe(0);
    for (const p of await Promise.all(pushes)) expect(p.code, p.stderr).toBe(0);
    expect(pushes.length).toBeGreaterThan(0);
    const runId = rows(w.journal)[0]?.hash ?? '';
    expect(await storedEvents(owner, runId)).toEqual(rows(w.journal));
    expect(await storedChunks(owner, runId)).toEqual(chunks(w.journal));
  });
});
