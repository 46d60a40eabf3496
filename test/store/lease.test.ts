// The lease against the real PostgreSQL: the database itself keeps one driver at a time —
// claims in order, a takeover only once the holder is quiet, a beat of a lost claim refused,
// and no row of the lease ever changed or removed (as the writer role, with raw SQL).

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDatabases } from '../helpers/store';
import { waitFor } from '../helpers/cli';
import { LEASE_TABLES } from '../../source/store/schema-v2';
import { claimLease, countWatchers, markWatcher, readLease, releaseLease, renewLease, type LeaseHolder } from '../../source/store/lease';
import { LeaseKeeper } from '../../source/store/lease-keeper';

const dbs = storeDatabases('lease');
let url: string;
let client: pg.Client;
let writer: string;

const ana: LeaseHolder = { operator: 'ana', user: 'ana', host: 'bastion-1', pid: 101 };
const bob: LeaseHolder = { operator: 'bob', user: 'bob', host: 'bastion-2', pid: 202 };
let runs = 0;
const newRun = () => `run-${process.pid}-${++runs}`;

beforeAll(async () => {
  url = await dbs.store();
  ({ writer } = await dbs.roles(url));
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await dbs.dropAll();
});

/** A statement as the writer role, in a transaction rolled back after. */
async function asWriter(sql: string, values: unknown[] = []): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL ROLE ${writer}`);
    await client.query(sql, values);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Polls until the store says the run's lease has not been renewed for `ms`. */
async function quietFor(run: string, ms: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (((await readLease(client, run))?.quietMs ?? 0) <= ms) {
    if (Date.now() > deadline) throw new Error('the lease never went quiet');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('claiming a run', () => {
  it('the first claim wins; a second driver is refused with who holds it; after a release the next needs no take-over', async () => {
    const run = newRun();
    expect(await claimLease(client, run, ana, { takeOver: false, staleAfterMs: 30_000 })).toEqual({ ok: true, gen: 1, from: null });
    const refused = await claimLease(client, run, bob, { takeOver: false, staleAfterMs: 30_000 });
    expect(refused).toMatchObject({ ok: false, why: 'held', lease: { gen: 1, holder: ana, released: false } });
    // Even --take-over is refused while the holder renews.
    expect(await claimLease(client, run, bob, { takeOver: true, staleAfterMs: 30_000 })).toMatchObject({ ok: false, why: 'renewed' });
    await releaseLease(client, run, 1);
    expect(await claimLease(client, run, bob, { takeOver: false, staleAfterMs: 30_000 })).toEqual({ ok: true, gen: 2, from: null });
    expect((await readLease(client, run))?.holder).toEqual(bob);
  });

  it('a lease quiet for the stale window is taken over; the old holder\'s next beat is refused', async () => {
    const run = newRun();
    await claimLease(client, run, ana, { takeOver: false, staleAfterMs: 300 });
    expect(await renewLease(client, run, 1)).toBe('renewed');
    await quietFor(run, 300);
    const taken = await claimLease(client, run, bob, { takeOver: true, staleAfterMs: 300, reason: 'bastion-1 is down' });
    expect(taken).toMatchObject({ ok: true, gen: 2, from: { gen: 1, holder: ana } });
    expect(await renewLease(client, run, 1)).toBe('lost');
    expect(await renewLease(client, run, 2)).toBe('renewed');
    const { rows } = await client.query('SELECT takeover, reason FROM runbook.lease_claims WHERE run_id = $1 AND gen = 2', [run]);
    expect(rows[0]).toEqual({ takeover: true, reason: 'bastion-1 is down' });
  });

  it('two claims at the same moment: exactly one wins', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const run = newRun();
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        const results = await Promise.all([
          claimLease(client, run, ana, { takeOver: false, staleAfterMs: 30_000 }),
          claimLease(other, run, bob, { takeOver: false, staleAfterMs: 30_000 }),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.find((r) => !r.ok)).toMatchObject({ ok: false });
      } finally {
        await other.end();
      }
    }
  });
});

describe('the database refuses, as the writer role', () => {
  it('an UPDATE or DELETE of a claim, a beat or a watcher row; a claim out of turn; a beat of a lost claim', async () => {
    const run = newRun();
    await claimLease(client, run, ana, { takeOver: false, staleAfterMs: 30_000 });
    await renewLease(client, run, 1);
    await markWatcher(client, run, { id: 'w1', operator: 'cy', host: 'laptop' });
    for (const table of LEASE_TABLES) {
      expect(await asWriter(`UPDATE ${table} SET at = now() WHERE run_id = $1`, [run])).toMatch(/permission denied/);
      expect(await asWriter(`DELETE FROM ${table} WHERE run_id = $1`, [run])).toMatch(/permission denied/);
    }
    // Even the owner cannot: the trigger refuses.
    await expect(client.query('UPDATE runbook.lease_claims SET host = $2 WHERE run_id = $1', [run, 'elsewhere'])).rejects.toThrow(/refused: the store is append-only/);
    await expect(client.query('DELETE FROM runbook.lease_beats WHERE run_id = $1', [run])).rejects.toThrow(/refused: the store is append-only/);
    // A claim that skips a generation, or repeats one; a takeover of a renewed lease.
    expect(await asWriter("INSERT INTO runbook.lease_claims (run_id, gen, operator, os_user, host, pid) VALUES ($1, 3, 'm', 'm', 'h', 1)", [run])).toMatch(/is at claim 1/);
    expect(await asWriter("INSERT INTO runbook.lease_claims (run_id, gen, operator, os_user, host, pid) VALUES ($1, 1, 'm', 'm', 'h', 1)", [run])).toMatch(/is at claim 1/);
    expect(await asWriter("INSERT INTO runbook.lease_claims (run_id, gen, operator, os_user, host, pid, takeover) VALUES ($1, 2, 'm', 'm', 'h', 1, true)", [run])).toMatch(/renewed less than 30000 ms ago/);
    expect(await asWriter("INSERT INTO runbook.lease_claims (run_id, gen, operator, os_user, host, pid) VALUES ($1, 2, 'm', 'm', 'h', 1)", [run])).toMatch(/is held/);
    // A beat of a claim that is not the latest, and a beat after the release.
    expect(await asWriter('INSERT INTO runbook.lease_beats (run_id, gen) VALUES ($1, 2)', [run])).toMatch(/violates foreign key|no longer held/);
    await releaseLease(client, run, 1);
    expect(await asWriter('INSERT INTO runbook.lease_beats (run_id, gen) VALUES ($1, 1)', [run])).toMatch(/no longer held/);
    // The server's clock, not the writer's: a beat dated in the future is dated now.
    // The writer's own beat of the claim it holds is accepted.
    const run2 = newRun();
    await claimLease(client, run2, ana, { takeOver: false, staleAfterMs: 30_000 });
    expect(await asWriter('INSERT INTO runbook.lease_beats (run_id, gen) VALUES ($1, 1)', [run2])).toBe('accepted');
    const beforeBeat = await asWriter("INSERT INTO runbook.watchers (run_id, watcher, operator, host, at) VALUES ($1, 'w2', 'x', 'y', now() + interval '1 day')", [run]);
    expect(beforeBeat).toBe('accepted');
  });
});

describe('keeping the lease in the background', () => {
  it('beats, counts the store\'s watchers, and learns at its next beat that the run was taken over', async () => {
    const run = newRun();
    await claimLease(client, run, ana, { takeOver: false, staleAfterMs: 600 });
    const connect = async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    };
    const keeper = new LeaseKeeper({ connect, runId: run, gen: 1, staleAfterMs: 600, beatMs: 100 });
    keeper.start();
    await markWatcher(client, run, { id: 'w1', operator: 'cy', host: 'laptop' });
    await markWatcher(client, run, { id: 'w2', operator: 'dee', host: 'bastion-3' });
    await markWatcher(client, run, { id: 'w2', operator: 'dee', host: 'bastion-3' }, true);
    await waitFor(() => keeper.watchers === 1, 'the watcher count');
    expect(keeper.status).toBe('held');
    // While it beats, a takeover is refused.
    expect(await claimLease(client, run, bob, { takeOver: true, staleAfterMs: 600 })).toMatchObject({ ok: false, why: 'renewed' });
    await keeper.stop(false);
    await quietFor(run, 600);
    expect(await claimLease(client, run, bob, { takeOver: true, staleAfterMs: 600 })).toMatchObject({ ok: true, gen: 2 });
    // The old holder, back: its first beat says lost, and who has the run.
    let told: string | undefined;
    const back = new LeaseKeeper({ connect, runId: run, gen: 1, staleAfterMs: 600, beatMs: 100, onLost: (l) => (told = l?.holder.operator) });
    back.start();
    await waitFor(() => back.status === 'lost', 'the old holder to learn it lost');
    expect(told).toBe('bob');
    expect(back.lostTo?.holder).toEqual(bob);
    await back.stop(true);
    // A lost lease is not released by its old holder.
    expect((await readLease(client, run))?.released).toBe(false);
    expect(await countWatchers(client, run)).toBe(1);
  });
});
