// `watch RUN --store` underneath: the run copied from the real PostgreSQL into a private
// journal and kept up to date by LISTEN/NOTIFY, as the reader role; catching up by sequence
// number after its connection is cut; counted as a watcher while it follows.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { chunkRows, eventRowsAfter } from '../../source/journal/replica';
import { damage } from '../../source/journal/verify';
import { mirrorRun } from '../../source/store/remote-follow';
import { countWatchers } from '../../source/store/lease';
import { tempDir, waitFor } from '../helpers/cli';
import { storeDatabases, type StoreRoles } from '../helpers/store';

const dbs = storeDatabases('follow');
let url: string;
let roles: StoreRoles;
let owner: pg.Client;

beforeAll(async () => {
  url = await dbs.store();
  roles = await dbs.roles(url);
  owner = new pg.Client({ connectionString: url });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await dbs.dropAll();
});

/** A driver's journal and what it has pushed to the store (as the writer role). */
async function driver() {
  const path = join(tempDir('runbook-follow-'), 'run.runbook.sqlite');
  const journal = Journal.create(path);
  journal.append('run.started', { runbook: { file: '/r/deploy.md', sha256: 'x', title: 'Deploy' }, operator: 'ana', identity: { host: 'bastion-1' } });
  journal.commit();
  const writer = new pg.Client({ connectionString: roles.as(roles.writer) });
  await writer.connect();
  let pushed = 0;
  let chunksPushed = 0;
  const push = async () => {
    const events = eventRowsAfter(journal, pushed, 10_000);
    const chunks = chunkRows(journal, chunksPushed + 1, Number.MAX_SAFE_INTEGER);
    const runId = eventRowsAfter(journal, 0, 1)[0]!.hash;
    await writer.query('BEGIN');
    for (const c of chunks) await writer.query('INSERT INTO runbook.output (run_id, id, step, stream, body) VALUES ($1, $2, $3, $4, $5)', [runId, c.id, c.step, c.stream, Buffer.from(c.text, 'utf8')]);
    for (const e of events) await writer.query('INSERT INTO runbook.events (run_id, seq, at, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [runId, e.seq, e.at, e.type, e.payload, e.prevHash, e.hash]);
    await writer.query('COMMIT');
    pushed = events.at(-1)?.seq ?? pushed;
    chunksPushed = chunks.at(-1)?.id ?? chunksPushed;
    return runId;
  };
  return { journal, push, close: async () => { journal.close(); await writer.end(); } };
}

const seqOf = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number | null }).seq ?? 0;
  } finally {
    db.close();
  }
};

const connectAs = (role: string) => async () => {
  const c = new pg.Client({ connectionString: roles.as(role) });
  c.on('error', () => undefined);
  await c.connect();
  return c;
};

describe('a run followed through the store', () => {
  it('is copied, then kept up to date by notices (p95 under 250 ms from commit to copy), verified, and counted as a watcher', async () => {
    const d = await driver();
    const runId = await d.push();
    const copiedAt = new Map<number, number>();
    const mirror = await mirrorRun({ connect: connectAs(roles.reader), run: runId.slice(0, 10), display: 'test', operator: 'cy', onCopied: (seq) => copiedAt.set(seq, performance.now()) });
    try {
      expect(mirror.runId).toBe(runId);
      expect(seqOf(mirror.journalPath)).toBe(1);
      expect(await countWatchers(owner, runId)).toBe(1);
      const lags: number[] = [];
      for (let i = 0; i < 40; i++) {
        d.journal.appendOutput('s1', 'stdout', `line ${i}\n`);
        d.journal.append('note.added', { step: 's1', text: `note ${i}` });
        d.journal.commit();
        const sent = performance.now();
        await d.push();
        const seq = seqOf(d.journal.path);
        await waitFor(() => seqOf(mirror.journalPath) >= seq, `event ${seq} in the copy`, 5_000);
        lags.push((copiedAt.get(seq) ?? performance.now()) - sent);
      }
      lags.sort((a, b) => a - b);
      expect(lags[Math.floor(lags.length * 0.95)]).toBeLessThan(250);
      const copy = Journal.open(mirror.journalPath, { readonly: true });
      expect(damage(copy)).toBeUndefined();
      expect(copy.outputLines('s1').map((l) => l.text)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i}`));
      copy.close();
    } finally {
      await mirror.stop();
      await d.close();
    }
    expect(existsSync(mirror.journalPath)).toBe(false);
    expect(await countWatchers(owner, runId)).toBe(0);
  });

  it('its connection cut: it reconnects and catches up by sequence number', async () => {
    const d = await driver();
    const runId = await d.push();
    const mirror = await mirrorRun({ connect: connectAs(roles.reader), run: runId, display: 'test', operator: 'cy' });
    try {
      await owner.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [roles.reader]);
      for (let i = 0; i < 5; i++) d.journal.append('note.added', { step: 's1', text: `while cut ${i}` });
      d.journal.commit();
      await d.push();
      await waitFor(() => seqOf(mirror.journalPath) === 6, 'the copy to catch up', 15_000);
      await waitFor(() => mirror.problem() === null, 'the problem to clear', 15_000);
    } finally {
      await mirror.stop();
      await d.close();
    }
  });

  it('an unknown or ambiguous run is one line', async () => {
    await expect(mirrorRun({ connect: connectAs(roles.reader), run: 'ffffffffff', display: 'db:5432/x', operator: 'cy' })).rejects.toThrow('store db:5432/x: no run ffffffffff (runbook list --store shows the team\'s runs)');
    await expect(mirrorRun({ connect: connectAs(roles.reader), run: 'not-hex', display: 'db:5432/x', operator: 'cy' })).rejects.toThrow(/is not a run id/);
  });
});
