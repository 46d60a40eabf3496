// Copying a local journal's committed rows to the store, a batch at a time: each batch one
// transaction (its output chunks, then its events in seq order), so a batch is in the
// store whole or not at all. Where to start is always asked of the store (its last seq for
// the run), never remembered: a batch whose COMMIT reached the server but whose answer was
// lost is not sent twice, and two publishers of one run (a run and a `store push`) are
// serialised by the database's own chain check.

import type pg from 'pg';
import type { Journal } from '../journal/journal';
import { chunkRows, committedEvents, eventHashAt, eventRowsAfter } from '../journal/replica';
import { partedText, standingOf, storeTip } from './standing';
import { isOutputEventPayload, OUTPUT_EVENT, type ChainEvent, type StepChunk } from '../journal/format';
import { runIdOf } from '../journal/run-id';
import { StoreError } from './errors';

export interface BatchLimits {
  /** At most this many events per transaction. */
  events: number;
  /** And about this many bytes of payload and output. */
  bytes: number;
}

// A flood's batch stays small (1 MB, about 15,000 lines): one that a loaded server takes
// seconds to check would hold up every commit behind it.
export const DEFAULT_LIMITS: BatchLimits = { events: 1000, bytes: 1024 * 1024 };

/** The run id of a local journal (the hash of its run.started), or a StoreError. */
export function localRunId(journal: Journal): string {
  const first = eventRowsAfter(journal, 0, 1)[0];
  const id = runIdOf(first);
  if (id === null) throw new StoreError(`${journal.path}: not a run journal (its first event is not run.started)`);
  return id;
}

/**
 * Where publishing goes on from: the store's last seq for the run, after checking that the
 * store holds the start of this journal's chain. A store that went on elsewhere (it holds
 * more of the run than this journal, or the chains part) is a StoreError saying so, with
 * where the journal stands: nothing of this journal can be published there.
 */
export async function resumePoint(client: pg.Client, runId: string, journal: Journal): Promise<number> {
  const head = await storeTip(client, runId);
  if (head.seq === 0) return 0;
  const standing = await standingOf(client, runId, { events: committedEvents(journal), hashAt: (seq) => eventHashAt(journal, seq) }, head);
  switch (standing.kind) {
    case 'even':
    case 'behind':
      return head.seq;
    case 'ahead':
      throw new StoreError(`the run went on elsewhere: the store holds ${standing.stored} events of run ${runId.slice(0, 12)}, this journal the first ${standing.stored - standing.more}`, { standing });
    case 'parted':
      throw new StoreError(`this journal ${partedText(runId, standing)}`, { standing });
    default:
      return standing satisfies never;
  }
}

/** The next batch after `afterSeq`: events in order, and the chunks their output events cover. */
export function readBatch(journal: Journal, afterSeq: number, limits: BatchLimits): { events: ChainEvent[]; chunks: StepChunk[] } {
  const candidates = eventRowsAfter(journal, afterSeq, limits.events, limits.bytes);
  const events: ChainEvent[] = [];
  const chunks: StepChunk[] = [];
  let bytes = 0;
  for (const event of candidates) {
    let covered: StepChunk[] = [];
    if (event.type === OUTPUT_EVENT) {
      const claim = parseClaim(event.payload);
      if (claim !== null) covered = chunkRows(journal, claim.first, claim.last);
    }
    const size = event.payload.length + covered.reduce((n, c) => n + c.text.length, 0);
    // Always at least one event, however big its output: a batch must move on.
    if (events.length > 0 && bytes + size > limits.bytes) break;
    events.push(event);
    for (const c of covered) chunks.push(c);
    bytes += size;
  }
  return { events, chunks };
}

function parseClaim(payload: string): { first: number; last: number } | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    return isOutputEventPayload(parsed) ? { first: parsed.first, last: parsed.last } : null;
  } catch {
    return null;
  }
}

/**
 * Inserts one batch in one transaction (chunks before the events covering them), sent as one
 * simple-query message: PostgreSQL runs its statements as one implicit transaction, all or
 * nothing, so a batch costs one round trip, not four (BEGIN, two INSERTs, COMMIT). On a busy
 * machine each round trip waits for both the server and the driver's event loop to be
 * scheduled; that wait, four times over, was most of the commit → NOTIFY lag. Values are
 * literals (escapeLiteral; output as hex, since it may hold any byte).
 */
export async function insertBatch(client: pg.Client, runId: string, batch: { events: ChainEvent[]; chunks: StepChunk[] }): Promise<void> {
  await client.query(batchSql(runId, batch));
}

/** The batch's statements, in one string (exported for the tests). */
export function batchSql(runId: string, batch: { events: readonly ChainEvent[]; chunks: readonly StepChunk[] }): string {
  const run = literal(runId);
  const statements: string[] = [];
  if (batch.chunks.length > 0) {
    const rows = batch.chunks.map((c) => `(${integer(c.id)},${literal(c.step)},${literal(c.stream)},decode('${Buffer.from(c.text, 'utf8').toString('hex')}','hex'))`);
    statements.push(
      `INSERT INTO runbook.output (run_id, id, step, stream, body) SELECT ${run}, id, step, stream, body FROM (VALUES ${rows.join(',')}) AS c(id, step, stream, body) ORDER BY id`,
    );
  }
  if (batch.events.length > 0) {
    const rows = batch.events.map((e) => `(${integer(e.seq)},${literal(e.at)},${literal(e.type)},${literal(e.payload)},${literal(e.prevHash)},${literal(e.hash)})`);
    statements.push(
      `INSERT INTO runbook.events (run_id, seq, at, type, payload, prev_hash, hash) SELECT ${run}, seq, at, type, payload, prev_hash, hash FROM (VALUES ${rows.join(',')}) AS e(seq, at, type, payload, prev_hash, hash) ORDER BY seq`,
    );
  }
  return statements.join(';\n');
}

/** A string as an SQL literal, whatever it holds (quotes, backslashes: the E'' form when needed). */
function literal(text: string): string {
  if (text.includes('\0')) throw new StoreError('a journal row holds a NUL character, which PostgreSQL text cannot store');
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

function integer(n: number): string {
  if (!Number.isSafeInteger(n)) throw new StoreError(`a journal row has a bad number: ${n}`);
  return `${n}::bigint`;
}

/**
 * Where to go on from after a refused batch. The database refuses a batch that does not
 * chain on what it holds: when another publisher of the run (a `store push`, the run's own
 * publisher) got there first, the store's head has moved on and publishing goes on from it;
 * when it has not moved, the refusal is real and is thrown.
 */
export async function afterRefusal(client: pg.Client, runId: string, journal: Journal, at: number, error: unknown): Promise<number> {
  if (!isChainRefusal(error)) throw error;
  const now = await resumePoint(client, runId, journal);
  if (now <= at) throw error;
  return now;
}

/** The database refused the batch as not chaining on what it holds (another publisher got there first, or a fork). */
export function isChainRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23514' || code === '23505';
}

/**
 * Publishes everything the journal has committed that the store lacks (`store push`, and a
 * publisher catching up). Returns how many events were already there and how many it sent.
 */
export async function pushJournal(client: pg.Client, journal: Journal, limits: BatchLimits = DEFAULT_LIMITS): Promise<{ runId: string; already: number; sent: number }> {
  const runId = localRunId(journal);
  let at = await resumePoint(client, runId, journal);
  let sent = 0;
  for (;;) {
    const batch = readBatch(journal, at, limits);
    const last = batch.events.at(-1);
    // What another publisher sent meanwhile was there too, not only what was there at the start.
    if (last === undefined) return { runId, already: at - sent, sent };
    try {
      await insertBatch(client, runId, batch);
      sent += last.seq - at;
      at = last.seq;
    } catch (error) {
      at = await afterRefusal(client, runId, journal, at, error);
    }
  }
}
