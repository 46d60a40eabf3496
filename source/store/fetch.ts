// Reading a run back from the store: which run a RUN argument names, and the run rebuilt
// as a journal file (journal/replica.ts), so show, report and verify read it — and verify
// its chain — exactly as they read a local journal. One snapshot: a run still being
// published is read as it stood when the copy began, its chunks with their events.

import { rmSync } from 'node:fs';
import type pg from 'pg';
import { JournalCopy } from '../journal/replica';
import type { ChainEvent, StepChunk } from '../journal/format';
import { pickRun, runPrefix } from './run-id';

/** Rows per query: a long run is read in pages, never all in memory. */
const PAGE = 5000;

/** The full id of the run RUN names (its id or an unambiguous prefix); a one-line StoreError otherwise. */
export async function resolveRun(client: pg.Client, given: string): Promise<string> {
  const prefix = runPrefix(given);
  // Six is enough to say "ambiguous" and show a few.
  const res = await client.query<{ run_id: string }>("SELECT run_id FROM runbook.runs WHERE run_id LIKE $1 || '%' ORDER BY run_id LIMIT 6", [prefix]);
  return pickRun(prefix, res.rows.map((r) => r.run_id));
}

interface EventRecord {
  seq: string;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

interface ChunkRecord {
  id: string;
  step: string;
  stream: string;
  body: Buffer;
}

/** Writes the run as a new journal at `path` (refusing an existing file); the number of events. */
export async function copyRunToJournal(client: pg.Client, runId: string, path: string, createdAt = new Date().toISOString()): Promise<number> {
  const copy = new JournalCopy(path, createdAt);
  let events = 0;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (let after = 0; ; ) {
      const res = await client.query<ChunkRecord>('SELECT id, step, stream, body FROM runbook.output WHERE run_id = $1 AND id > $2 ORDER BY id LIMIT $3', [runId, after, PAGE]);
      const chunks: StepChunk[] = res.rows.map((r) => ({ id: Number(r.id), step: r.step, stream: r.stream, text: r.body.toString('utf8') }));
      copy.add([], chunks);
      const last = chunks.at(-1);
      if (last === undefined || chunks.length < PAGE) break;
      after = last.id;
    }
    for (let after = 0; ; ) {
      const res = await client.query<EventRecord>('SELECT seq, at, type, payload, prev_hash, hash FROM runbook.events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [runId, after, PAGE]);
      const rows: ChainEvent[] = res.rows.map((r) => ({ seq: Number(r.seq), at: r.at, type: r.type, payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
      copy.add(rows, []);
      events += rows.length;
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE) break;
      after = last.seq;
    }
    await client.query('COMMIT');
    copy.finish();
    return events;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    copy.abandon();
    for (const suffix of ['', '-wal', '-shm', '.anchor']) rmSync(path + suffix, { force: true });
    throw error;
  }
}
