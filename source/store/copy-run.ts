// A run's chain from the store into a local journal, every hash verified on the way
// (journal/import.ts): the journal `resume RUN --store` drives on from another host, and the
// private copy `watch RUN --store` follows. Read in batches by sequence number, so a long
// run never sits whole in memory and a copy that stopped halfway goes on where it stopped.

import type { Queryable } from './lease';
import type { JournalImport} from '../journal/import';
import type { ChainEvent, StepChunk } from '../journal/format';
import { StoreError } from './errors';

/** Events per batch (their output chunks come with them). */
export const BATCH_EVENTS = 2_000;

/** The run a RUN argument names: its id, or a prefix of one that no other run shares. */
export async function resolveRunId(db: Queryable, spec: string, display: string): Promise<string> {
  const prefix = spec.trim().toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(prefix)) throw new StoreError(`store ${display}: "${spec}" is not a run id (4 to 64 hex digits; runbook list --store shows them)`);
  const { rows } = await db.query('SELECT run_id FROM runbook.runs WHERE run_id LIKE $1 ORDER BY run_id LIMIT 2', [`${prefix}%`]);
  const ids = (rows as { run_id: string }[]).map((r) => r.run_id);
  if (ids.length === 0) throw new StoreError(`store ${display}: no run ${prefix} (runbook list --store shows the team's runs)`);
  if (ids.length > 1) throw new StoreError(`store ${display}: ${prefix} is the start of more than one run id; give more of it`);
  return ids[0] as string;
}

interface EventRowDb {
  seq: string;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Events after `afterSeq` (at most `limit`) and the output chunks they cover. */
export async function fetchAfter(db: Queryable, runId: string, afterSeq: number, limit = BATCH_EVENTS): Promise<{ events: ChainEvent[]; chunks: StepChunk[] }> {
  const { rows } = await db.query('SELECT seq, at, type, payload, prev_hash, hash FROM runbook.events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [runId, afterSeq, limit]);
  const events = (rows as EventRowDb[]).map((r) => ({ seq: Number(r.seq), at: r.at, type: r.type, payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    if (e.type !== 'output') continue;
    const range = outputRange(e.payload);
    if (range === null) continue;
    first = Math.min(first, range.first);
    last = Math.max(last, range.last);
  }
  if (first > last) return { events, chunks: [] };
  const chunkRows = await db.query('SELECT id, step, stream, body FROM runbook.output WHERE run_id = $1 AND id BETWEEN $2 AND $3 ORDER BY id', [runId, first, last]);
  const chunks = (chunkRows.rows as { id: string; step: string; stream: string; body: Buffer }[]).map((c) => ({ id: Number(c.id), step: c.step, stream: c.stream, text: c.body.toString('utf8') }));
  return { events, chunks };
}

function outputRange(payload: string): { first: number; last: number } | null {
  try {
    const p = JSON.parse(payload) as { first?: unknown; last?: unknown };
    return Number.isSafeInteger(p.first) && Number.isSafeInteger(p.last) ? { first: p.first as number, last: p.last as number } : null;
  } catch {
    return null;
  }
}

/**
 * Appends to `target` every event the store has after the journal's head (verified, in
 * batches); returns how many. The journal must be a prefix of the store's chain.
 */
export async function catchUpFromStore(db: Queryable, runId: string, target: JournalImport, onBatch?: (seq: number) => void): Promise<number> {
  let copied = 0;
  for (;;) {
    const { events, chunks } = await fetchAfter(db, runId, target.tip.seq);
    if (events.length === 0) return copied;
    target.append(events, chunks);
    copied += events.length;
    onBatch?.(target.tip.seq);
  }
}
