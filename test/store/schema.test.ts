// The store's schema against the real PostgreSQL: `migrate` is idempotent and versioned,
// and the database itself — as the writer role, with raw SQL — refuses an UPDATE, a
// DELETE, an event that does not chain on the last one, a second event at a seq, and a
// chunk or an output event that does not match the chain.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { chunkRows, eventRowsAfter } from '../../source/journal/replica';
import { eventHash, type ChainEvent, type StepChunk } from '../../source/journal/format';
import { LATEST_VERSION, migrate, schemaVersion } from '../../source/store/migrations';
import { tempDir } from '../helpers/cli';
import { withClient } from '../helpers/pg';
import { query, storeDatabases, type StoreRoles } from '../helpers/store';

const dbs = storeDatabases('schema');
afterAll(() => dbs.dropAll());

/** A real journal: a run.started, output of a step, and an event after it. */
function journalRows(): { events: ChainEvent[]; chunks: StepChunk[] } {
  const path = join(tempDir('runbook-store-schema-'), 'run.runbook.sqlite');
  const journal = Journal.create(path);
  journal.append('run.started', { runbook: { file: '/r/deploy.md', sha256: 'x', title: 'Deploy' }, operator: 'ana', identity: { host: 'bastion-1' } });
  journal.appendOutput('s1', 'stdout', 'hello\nwor\u0000ld\n');
  journal.append('step.finished', { step: 's1', exitCode: 0 });
  journal.commit();
  const events = eventRowsAfter(journal, 0, 100);
  const chunks = chunkRows(journal, 1, 100);
  journal.close();
  return { events, chunks };
}

const insertEvent = 'INSERT INTO runbook.events (run_id, seq, at, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)';
const insertChunk = 'INSERT INTO runbook.output (run_id, id, step, stream, body) VALUES ($1, $2, $3, $4, $5)';
const eventValues = (runId: string, e: ChainEvent) => [runId, e.seq, e.at, e.type, e.payload, e.prevHash, e.hash];
const chunkValues = (runId: string, c: StepChunk) => [runId, c.id, c.step, c.stream, Buffer.from(c.text, 'utf8')];

async function refused(url: string, text: string, values: unknown[] = []): Promise<string> {
  try {
    await query(url, text, values);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`not refused: ${text}`);
}

describe('store schema', () => {
  it('migrates an empty database once, and again does nothing', async () => {
    const url = await dbs.empty();
    const first = await withClient(url, (c) => migrate(c));
    expect(first).toEqual({ from: 0, applied: [1, 2] });
    const again = await withClient(url, (c) => migrate(c));
    expect(again).toEqual({ from: LATEST_VERSION, applied: [] });
    expect(await withClient(url, (c) => schemaVersion(c))).toBe(LATEST_VERSION);
  });

  describe('as the writer role', () => {
    let url: string;
    let roles: StoreRoles;
    let writer: string;
    const { events, chunks } = journalRows();
    const runId = events[0]?.hash ?? '';
    const [started, output, finished] = events as [ChainEvent, ChainEvent, ChainEvent];

    beforeAll(async () => {
      url = await dbs.store();
      roles = await dbs.roles(url);
      writer = roles.as(roles.writer);
      await query(writer, insertEvent, eventValues(runId, started));
    });

    it('takes the run in order, with its row in runs written by the database', async () => {
      for (const c of chunks) await query(writer, insertChunk, chunkValues(runId, c));
      await query(writer, insertEvent, eventValues(runId, output));
      await query(writer, insertEvent, eventValues(runId, finished));
      const rows = await query<{ seq: string; hash: string }>(writer, 'SELECT seq, hash FROM runbook.events WHERE run_id = $1 ORDER BY seq', [runId]);
      expect(rows.map((r) => r.hash)).toEqual(events.map((e) => e.hash));
      const runs = await query(writer, 'SELECT run_id, title, operator, host, started_at FROM runbook.runs');
      expect(runs).toEqual([{ run_id: runId, title: 'Deploy', operator: 'ana', host: 'bastion-1', started_at: started.at }]);
      const body = await query<{ body: Buffer }>(writer, 'SELECT body FROM runbook.output WHERE run_id = $1 ORDER BY id', [runId]);
      expect(body.map((b) => b.body.toString('utf8')).join('\n')).toBe('hello\nwor\u0000ld');
    });

    it('refuses an UPDATE and a DELETE, even of its own rows', async () => {
      expect(await refused(writer, "UPDATE runbook.events SET payload = '{}' WHERE run_id = $1", [runId])).toMatch(/append-only|permission denied/);
      expect(await refused(writer, 'DELETE FROM runbook.events WHERE run_id = $1', [runId])).toMatch(/append-only|permission denied/);
      // The owner, who has every right, is refused by the trigger itself.
      expect(await refused(url, "UPDATE runbook.events SET payload = '{}' WHERE run_id = $1", [runId])).toMatch(/UPDATE on runbook.events refused: the store is append-only/);
      expect(await refused(url, 'DELETE FROM runbook.output WHERE run_id = $1', [runId])).toMatch(/DELETE on runbook.output refused/);
      expect(await refused(url, 'DELETE FROM runbook.runs')).toMatch(/DELETE on runbook.runs refused/);
      expect(await refused(url, 'TRUNCATE runbook.events')).toMatch(/TRUNCATE on runbook.events refused/);
    });

    it('refuses a second event at the same seq, and a gap', async () => {
      const fork = { ...finished, at: '2030-01-01T00:00:00.000Z' };
      fork.hash = eventHash(fork.prevHash, fork.seq, fork.at, fork.type, fork.payload);
      expect(await refused(writer, insertEvent, eventValues(runId, fork))).toMatch(/event 3 refused: the next event is 4/);
      const gap = { ...finished, seq: 5 };
      gap.hash = eventHash(gap.prevHash, gap.seq, gap.at, gap.type, gap.payload);
      expect(await refused(writer, insertEvent, eventValues(runId, gap))).toMatch(/event 5 refused: the next event is 4/);
    });

    it('refuses an event whose prev_hash is not the hash of the one before, or whose hash does not match', async () => {
      const next = { seq: 4, at: '2030-01-01T00:00:00.000Z', type: 'note', payload: '{"text":"x"}', prevHash: started.hash, hash: '' };
      next.hash = eventHash(next.prevHash, next.seq, next.at, next.type, next.payload);
      expect(await refused(writer, insertEvent, eventValues(runId, next))).toMatch(/event 4 refused: its prev_hash is not the hash of event 3/);
      const forged = { ...next, prevHash: finished.hash, hash: 'f'.repeat(64) };
      expect(await refused(writer, insertEvent, eventValues(runId, forged))).toMatch(/event 4 refused: its hash does not match its contents/);
    });

    it('refuses a chunk an output event already covers, and an output event whose chunks do not match', async () => {
      expect(await refused(writer, insertChunk, [runId, 1, 's1', 'stdout', Buffer.from('forged')])).toMatch(/output chunk 1 refused/);
      const other = journalRows();
      const otherId = other.events[0]?.hash ?? '';
      await query(writer, insertEvent, eventValues(otherId, other.events[0] as ChainEvent));
      // The chunk the output event claims, with other text: the event is refused.
      await query(writer, insertChunk, [otherId, 1, 's1', 'stdout', Buffer.from('not what was printed')]);
      expect(await refused(writer, insertEvent, eventValues(otherId, other.events[1] as ChainEvent))).toMatch(/its output chunks are missing or do not match/);
    });

    it('refuses a run whose first event is not its run.started, or whose id is not its hash', async () => {
      const other = journalRows();
      const first = other.events[0] as ChainEvent;
      expect(await refused(writer, insertEvent, eventValues('a'.repeat(64), first))).toMatch(/must begin with its run.started event/);
      expect(await refused(writer, insertEvent, eventValues(first.hash, other.events[1] as ChainEvent))).toMatch(/must begin with its run.started event/);
    });

    it('lets the writer neither write runs nor change the schema, and the reader only read', async () => {
      expect(await refused(writer, "INSERT INTO runbook.runs (run_id, title, runbook_file, operator, host, started_at) VALUES ($1, 't', 'f', 'o', 'h', 'now')", ['b'.repeat(64)])).toMatch(/permission denied/);
      expect(await refused(writer, 'DROP TRIGGER events_append_only ON runbook.events')).toMatch(/must be owner/);
      const reader = roles.as(roles.reader);
      expect((await query(reader, 'SELECT count(*)::int AS n FROM runbook.events WHERE run_id = $1', [runId]))[0]).toEqual({ n: 3 });
      const next = { seq: 4, at: '2030-01-01T00:00:00.000Z', type: 'note', payload: '{}', prevHash: finished.hash, hash: '' };
      next.hash = eventHash(next.prevHash, next.seq, next.at, next.type, next.payload);
      expect(await refused(reader, insertEvent, eventValues(runId, next))).toMatch(/permission denied/);
    });
  });
});
