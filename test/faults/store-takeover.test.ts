// Two bastions and a team store (the real PostgreSQL): a partner watches from the second
// host while the first drives; the first is killed -9; the second takes the run over with
// --take-over (refused while the lease is fresh); the first, restarted, refuses to go on and
// says who took over; one chain, verified, in the store and in both local journals up to the
// takeover. And a driver frozen (SIGSTOP) past the takeover stops before running anything.

import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../source/journal/format';
import { countWatchers, readLease } from '../../source/store/lease';
import { storeDatabases } from '../helpers/store';
import { waitFor } from '../helpers/cli';
import { Tmux } from '../e2e/tmux-pane';
import { host, type Host } from './support/hosts';
import { readEvents } from './support/journal-file';
import { ScriptedRun } from './support/scripted-run';

const FIXTURE = new URL('fixtures/takeover.md', import.meta.url).pathname;
const STALE_MS = 3_000;
const dbs = storeDatabases('takeover');
let url: string;
let db: pg.Client;
const running: ScriptedRun[] = [];
const panes: Tmux[] = [];

beforeAll(async () => {
  url = await dbs.store();
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, 60_000);
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
  for (const t of panes.splice(0)) t.close();
});
afterAll(async () => {
  await db?.end();
  await dbs.dropAll();
});

interface StoredEvent {
  seq: number;
  type: string;
  hash: string;
  prevHash: string;
  payload: string;
}

async function storeEvents(runId: string): Promise<StoredEvent[]> {
  const { rows } = await db.query('SELECT seq, at, type, payload, prev_hash, hash FROM runbook.events WHERE run_id = $1 ORDER BY seq', [runId]);
  return rows.map((r: { seq: string; at: string; type: string; payload: string; prev_hash: string; hash: string }) => {
    // The store's chain verifies on its own: each event hashes as the format says and links to the one before.
    expect(eventHash(r.prev_hash, Number(r.seq), r.at, r.type, r.payload)).toBe(r.hash);
    return { seq: Number(r.seq), type: r.type, hash: r.hash, prevHash: r.prev_hash, payload: r.payload };
  });
}

const localChain = (journal: string) => readEvents(journal).map((e) => ({ seq: e.seq, type: e.type, hash: e.hash }));

/** Until the store holds every event the local journal has (the publisher caught up). */
async function published(journal: string, runId: string): Promise<void> {
  const want = readEvents(journal).length;
  const deadline = Date.now() + 30_000;
  while ((await storeEvents(runId)).length < want) {
    if (Date.now() > deadline) throw new Error(`the store never caught up with ${journal}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function bastions(): { a: Host; b: Host; rb: string } {
  const extra = { RUNBOOK_STORE: url, RUNBOOK_LEASE_STALE_MS: String(STALE_MS), LANG: 'C.UTF-8', TERM: 'xterm-256color' };
  const a = host('bastion-1', extra);
  const b = host('bastion-2', extra);
  const rb = join(a.home, 'takeover.md');
  copyFileSync(FIXTURE, rb);
  return { a, b, rb };
}


async function quietFor(runId: string, ms: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (((await readLease(db, runId))?.quietMs ?? 0) < ms) {
    if (Date.now() > deadline) throw new Error('the lease was never quiet');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two bastions, one run', () => {
  it('watched from the second, the first killed -9, taken over with --take-over; the first refuses to go on; one chain everywhere', async () => {
    const { a, b, rb } = bastions();
    const journalA = join(a.home, 'deploy.runbook.sqlite');
    const driverA = new ScriptedRun(['run', rb, '--plain', '--journal', journalA, '--operator', 'ana'], { env: a.env, command: a.command, cwd: a.home });
    running.push(driverA);
    await driverA.passStep();
    const runId = readEvents(journalA)[0]!.hash;
    await published(journalA, runId);

    // The partner on the second host watches through the store.
    const tmux = new Tmux(b.home, b.env, { columns: 80, rows: 24 });
    panes.push(tmux);
    tmux.command('main:0', `${b.command} watch ${runId.slice(0, 12)} --store`);
    await tmux.waitFor('main:0', (l) => l.some((x) => x.includes('driven by ana')) && l.some((x) => x.includes('bastion-1')), 'the watcher showing who drives', 30_000);
    await waitFor(async () => (await countWatchers(db, runId)) === 1, 'the watcher counted in the store');

    // The first bastion dies at a prompt, everything it recorded published.
    await driverA.prompt();
    await published(journalA, runId);
    const beforeKill = localChain(journalA);
    driverA.child.kill('SIGKILL');
    await driverA.exited;

    // While its lease is fresh, the second is refused, in one line, with who and since when.
    const early = await b.run(['resume', runId.slice(0, 12), '--store', '--take-over', '--plain', '--operator', 'bob'], { input: '' });
    expect(early.code).toBe(2);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/driven by ana \(root@bastion-1, pid \d+\) since \d{4}-\d\d-\d\dT/);
    await quietFor(runId, STALE_MS);
    // The partner sees the driver gone, and how to take over.
    await tmux.waitFor('main:0', (l) => l.some((x) => x.includes(`resumed: runbook resume ${runId.slice(0, 12)} --store --take-over`)), 'the watcher saying the driver is gone', 30_000);
    // Without --take-over a quiet lease is still refused, and says how to take it.
    const asked = await b.run(['resume', runId.slice(0, 12), '--store', '--plain', '--operator', 'bob'], { input: '' });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/not renewed for \d+ s: take it over with: runbook resume [0-9a-f]{12} --store --take-over/);

    const driverB = new ScriptedRun(['resume', runId.slice(0, 12), '--store', '--take-over', '--plain', '--operator', 'bob'], { env: b.env, command: b.command, cwd: b.home });
    running.push(driverB);
    await driverB.sees(/Run taken over from ana \(root@bastion-1\): lease not renewed for \d+ s/);
    await driverB.prompt();
    await tmux.waitFor('main:0', (l) => l.some((x) => x.includes('driven by bob')), 'the watcher following the new driver', 30_000);

    // The first bastion, back, refuses to go on and says who took over; its journal is untouched.
    const back = await a.run(['resume', journalA, '--plain'], { input: 'y\n' });
    expect(back.code).toBe(2);
    expect(back.stderr.trim()).toMatch(/^runbook: .*taken over by bob \(root@bastion-2, pid \d+\) since .*; follow it read-only with: runbook watch [0-9a-f]{12} --store$/);
    expect(localChain(journalA)).toEqual(beforeKill);

    // The second drives the run to its end.
    await driverB.passStep();
    await driverB.prompt();
    driverB.answer('y');
    await driverB.passStep();
    expect(await driverB.exited).toBe(0);
    const journalB = join(b.home, 'runbook', 'journals', readdirSync(join(b.home, 'runbook', 'journals')).find((f) => f.endsWith('.runbook.sqlite'))!);
    await published(journalB, runId);

    // One chain: the store's verifies; the second's journal is it; the first's is its start, up to the takeover.
    const stored = await storeEvents(runId);
    expect(stored[0]!.prevHash).toBe(GENESIS_HASH);
    expect(localChain(journalB)).toEqual(stored.map(({ seq, type, hash }) => ({ seq, type, hash })));
    expect(stored.slice(0, beforeKill.length).map(({ seq, type, hash }) => ({ seq, type, hash }))).toEqual(beforeKill);
    const takeover = stored[beforeKill.length]!;
    expect(takeover.type).toBe('lease.takeover');
    expect(JSON.parse(takeover.payload)).toMatchObject({ from: { operator: 'ana', host: 'bastion-1' }, to: { operator: 'bob', host: 'bastion-2' }, atSeq: beforeKill.length });
    expect(stored.some((e) => e.type === 'step.finished' && e.payload.includes('"four"'))).toBe(true);
    for (const [h, j] of [[a, journalA], [b, journalB]] as const) expect((await h.run(['verify', j])).code, j).toBe(0);
    tmux.key('main:0', 'q');
    await tmux.waitFor('main:0', (l) => l.some((x) => x.includes('Stopped watching')), 'the watcher to leave');
    await waitFor(async () => (await countWatchers(db, runId)) === 0, 'the watcher gone from the count');
  }, 120_000);

  it('a driver frozen past the takeover window, thawed, runs nothing more and says who took over', async () => {
    const { a, b, rb } = bastions();
    const journalA = join(a.home, 'deploy.runbook.sqlite');
    const driverA = new ScriptedRun(['run', rb, '--plain', '--journal', journalA, '--operator', 'ana'], { env: a.env, command: a.command, cwd: a.home });
    running.push(driverA);
    await driverA.passStep();
    await driverA.prompt();
    const runId = readEvents(journalA)[0]!.hash;
    await published(journalA, runId);
    driverA.child.kill('SIGSTOP');
    try {
      await quietFor(runId, STALE_MS);
      const driverB = new ScriptedRun(['resume', runId.slice(0, 12), '--store', '--take-over', '--plain', '--operator', 'bob'], { env: b.env, command: b.command, cwd: b.home });
      running.push(driverB);
      await driverB.prompt();
    } finally {
      driverA.child.kill('SIGCONT');
    }
    const before = readEvents(journalA).length;
    // The key that would run step two, at once after the thaw.
    driverA.answer('y');
    expect(await driverA.exited).toBe(2);
    expect(driverA.err).toMatch(/taken over by bob \(root@bastion-2, pid \d+\)/);
    expect(driverA.out).not.toContain('step two on bastion-1');
    const after = readEvents(journalA);
    expect(after.length).toBe(before);
    expect(after.some((e) => e.type === 'step.started' && (e.payload as { step: string }).step.endsWith('two'))).toBe(false);
    expect(existsSync(journalA)).toBe(true);
  }, 120_000);
});
