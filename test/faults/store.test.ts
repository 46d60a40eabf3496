// The team store going away under a run: stopped, restarted, frozen (SIGSTOP of the
// postmaster and its backends), and the connection cut by a TCP proxy in the middle of a
// batch — each while a flood of output is on its way to the store. Against a private
// cluster behind a proxy of the test's own. Every time: no answer of the operator waits on
// the store (each prompt comes back within 100 ms), and once the store is back the store
// holds exactly the local chain: nothing lost, nothing twice, in order, every chunk.

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../source/store/migrations';
import { cliEnv, tempDir } from '../helpers/cli';
import { readEvents } from './support/journal-file';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { ScriptedRun } from './support/scripted-run';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const FIXTURE = new URL('fixtures/store-faults.md', import.meta.url).pathname;
/** The most an operator's answer may wait for the next prompt. */
const KEY_BUDGET_MS = 100;
let server: PrivatePostgres;
let proxy: TcpProxy;
const running: ScriptedRun[] = [];

beforeAll(async () => {
  server = startPrivatePostgres();
  proxy = await startTcpProxy(server.port);
  await owner((c) => migrate(c));
}, 120_000);
afterEach(() => {
  server.thaw();
  proxy.open();
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});
afterAll(async () => {
  await proxy?.close();
  server?.teardown();
});

async function owner<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.url() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface Row {
  seq: number;
  hash: string;
}

/** The local journal's chain and chunks, read straight from SQLite. */
function local(journal: string): { events: Row[]; chunks: { id: number; text: string }[] } {
  const db = new Database(journal, { readonly: true });
  try {
    return {
      events: db.prepare('SELECT seq, hash FROM events ORDER BY seq').all() as Row[],
      chunks: db.prepare('SELECT id, text FROM output ORDER BY id').all() as { id: number; text: string }[],
    };
  } finally {
    db.close();
  }
}

async function stored(runId: string): Promise<{ events: Row[]; chunks: { id: number; text: string }[] }> {
  return owner(async (c) => ({
    events: (await c.query('SELECT seq, hash FROM runbook.events WHERE run_id = $1 ORDER BY seq', [runId])).rows.map((r: { seq: string; hash: string }) => ({ seq: Number(r.seq), hash: r.hash })),
    chunks: (await c.query('SELECT id, body FROM runbook.output WHERE run_id = $1 ORDER BY id', [runId])).rows.map((r: { id: string; body: Buffer }) => ({ id: Number(r.id), text: r.body.toString('utf8') })),
  }));
}

function start(): { run: ScriptedRun; journal: string } {
  const dir = tempDir('runbook-storefault-');
  const file = join(dir, 'store-faults.md');
  copyFileSync(FIXTURE, file);
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(dir, { RUNBOOK_STORE: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`, PGPASSWORD: server.password });
  const run = new ScriptedRun(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
  running.push(run);
  return { run, journal };
}

/**
 * Milliseconds the process's main thread and this test's have spent runnable but waiting for
 * a CPU (/proc/PID/schedstat, field 2): on a machine shared by many, not the runner's doing.
 */
function runQueueMs(pid: number): number {
  const waiting = (file: string) => Number(readFileSync(file, 'utf8').split(' ')[1] ?? 0) / 1e6;
  return waiting(`/proc/${pid}/schedstat`) + waiting('/proc/self/schedstat');
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The whole fault drill: flood, the fault while it is published, the checks answered, the fault undone, the rest. */
async function drill(fault: () => Promise<void> | void, undo: () => Promise<void> | void): Promise<void> {
  const { run, journal } = start();
  await run.prompt();
  const before = proxy.sent;
  run.answer('y');
  // The fault strikes while the flood is being published.
  await until(() => proxy.sent - before > 256 * 1024, 'the flood on its way to the store');
  await fault();
  await run.sees(/^✔ passed/m, 60_000);
  const runId = readEvents(journal)[0]!.hash;
  const waits: number[] = [];
  const walls: number[] = [];
  try {
    for (let i = 0; i < 8; i++) {
      const t = await run.prompt();
      expect(t).toMatch(/check \d/);
      const queued = runQueueMs(run.child.pid!);
      run.answer('y');
      await run.prompt();
      // What the runner kept the operator waiting: the wall time, less the time this loaded
      // machine left the runner (and this test) ready to run but without a CPU.
      const wall = run.lastOutputAt - run.answeredAt;
      const starved = runQueueMs(run.child.pid!) - queued;
      walls.push(Math.round(wall));
      waits.push(Math.round(wall - starved));
    }
  } finally {
    await undo();
  }
  expect(Math.max(...waits), `answer → next prompt, ms: ${waits.join(', ')} (wall: ${walls.join(', ')})`).toBeLessThan(KEY_BUDGET_MS);
  // Caught up in this process, while it waits at a prompt.
  await caughtUp(journal, runId);
  run.answer('y');
  await run.sees(/^✔ passed/m, 60_000);
  expect(await run.exited).toBe(0);
  await caughtUp(journal, runId);
}

/** Until the store holds the local chain; then it must be exactly it: nothing lost, nothing twice, in order. */
async function caughtUp(journal: string, runId: string): Promise<void> {
  const mine = local(journal);
  let theirs = await stored(runId);
  const deadline = Date.now() + 60_000;
  while (theirs.events.length < mine.events.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    theirs = await stored(runId);
  }
  expect(theirs.events).toEqual(mine.events);
  expect(theirs.chunks.length).toBe(mine.chunks.length);
  expect(theirs.chunks).toEqual(mine.chunks);
}

describe('the team store going away under a run', () => {
  it('stopped mid-run, started again', async () => {
    await drill(() => server.stop(), () => server.start());
  }, 120_000);

  it('restarted mid-run', async () => {
    await drill(() => server.restart(), () => undefined);
  }, 120_000);

  it('frozen mid-run (SIGSTOP of the postmaster and its backends), thawed', async () => {
    await drill(() => server.freeze(), () => server.thaw());
  }, 120_000);

  it('its connection cut by the proxy in the middle of a batch, and refused a while', async () => {
    await drill(
      async () => {
        await proxy.cutAfter(32 * 1024);
        proxy.refuse();
      },
      () => proxy.open(),
    );
  }, 120_000);
});

