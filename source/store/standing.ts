// Where a local journal stands against the store's copy of its run: the same chain, one a
// prefix of the other (the store behind: publishing sends the rest; the store ahead: the
// run went on elsewhere and resume --store catches up), or two chains that part at an
// event (this host recorded on after the run went on elsewhere: nothing can be pushed, and
// this host drives it no more). Asked by `store status`, `resume --store`, and the end of a run.

import type { Queryable } from './lease';

export type Standing =
  /** The store holds exactly the journal's chain. */
  | { kind: 'even'; events: number }
  /** The store holds the start of the journal's chain and lacks `missing` events (pushable). */
  | { kind: 'behind'; missing: number; stored: number }
  /** The journal is the start of the store's chain: the run went on elsewhere, `more` events on. */
  | { kind: 'ahead'; more: number; stored: number }
  /** The two chains differ from event `at` on: the journal parted from the store. */
  | { kind: 'parted'; at: number; stored: number; local: number };

/** The local side: how many events, and the hash of one of them (null past the end). */
export interface LocalChain {
  events: number;
  hashAt(seq: number): string | null;
}

/** The store's last event of the run (seq 0 when it has none). */
export async function storeTip(db: Queryable, runId: string): Promise<{ seq: number; hash: string | null }> {
  const { rows } = await db.query('SELECT seq, hash FROM runbook.events WHERE run_id = $1 ORDER BY seq DESC LIMIT 1', [runId]);
  const row = rows[0] as { seq: string; hash: string } | undefined;
  return row === undefined ? { seq: 0, hash: null } : { seq: Number(row.seq), hash: row.hash };
}

async function storeHash(db: Queryable, runId: string, seq: number): Promise<string | null> {
  const { rows } = await db.query('SELECT hash FROM runbook.events WHERE run_id = $1 AND seq = $2', [runId, seq]);
  return (rows[0] as { hash: string } | undefined)?.hash ?? null;
}

/** `tip`: the store's last event, when the caller has it already (store status reads them all at once). */
export async function standingOf(db: Queryable, runId: string, local: LocalChain, tip?: { seq: number; hash: string | null }): Promise<Standing> {
  const store = tip ?? (await storeTip(db, runId));
  const common = Math.min(local.events, store.seq);
  const same = async (seq: number) => local.hashAt(seq) === (seq === store.seq ? store.hash : await storeHash(db, runId, seq));
  if (common === 0 || (await same(common))) {
    if (local.events === store.seq) return { kind: 'even', events: store.seq };
    return local.events > store.seq ? { kind: 'behind', missing: local.events - store.seq, stored: store.seq } : { kind: 'ahead', more: store.seq - local.events, stored: store.seq };
  }
  // Chained hashes: equal at an event means equal before it. The first event differing is
  // found by halving (event 1 is the run's id: the same on both sides).
  let good = 0;
  let bad = common;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await same(mid)) good = mid;
    else bad = mid;
  }
  return { kind: 'parted', at: bad, stored: store.seq, local: local.events };
}

/** "event 12" of a parting, in the words every verb uses. */
export function partedText(runId: string, s: { at: number; stored: number; local: number }): string {
  return `parted from the store's run ${runId.slice(0, 12)} at event ${s.at} (the store holds ${s.stored} events, this journal ${s.local}): the run went on elsewhere`;
}
