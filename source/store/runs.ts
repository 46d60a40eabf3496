// The runs in the store, for `list --store`: each run's events except its output (the
// bulk of any run, and nothing a list shows), newest run first, so the caller can replay
// each one's state as `list` does for a local journal.

import type pg from 'pg';

export interface StoredRun {
  runId: string;
  /** The host its first event was recorded on. */
  host: string;
  events: { seq: number; at: string; type: string; payload: unknown; unreadable?: string }[];
}

/** Runs asked for their events at a time: one query each would be slow, all at once big. */
const RUNS_PER_QUERY = 100;

export async function storedRuns(client: pg.Client): Promise<StoredRun[]> {
  const runs = await client.query<{ run_id: string; host: string }>('SELECT run_id, host FROM runbook.runs ORDER BY started_at DESC, run_id');
  const out: StoredRun[] = [];
  for (let i = 0; i < runs.rows.length; i += RUNS_PER_QUERY) {
    const page = runs.rows.slice(i, i + RUNS_PER_QUERY);
    const byRun = new Map<string, StoredRun>(page.map((r) => [r.run_id, { runId: r.run_id, host: r.host, events: [] }]));
    const res = await client.query<{ run_id: string; seq: string; at: string; type: string; payload: string }>(
      "SELECT run_id, seq, at, type, payload FROM runbook.events WHERE run_id = ANY($1) AND type <> 'output' ORDER BY run_id, seq",
      [page.map((r) => r.run_id)],
    );
    for (const row of res.rows) {
      const event: StoredRun['events'][number] = { seq: Number(row.seq), at: row.at, type: row.type, payload: undefined };
      try {
        event.payload = JSON.parse(row.payload) as unknown;
      } catch {
        event.unreadable = 'payload is not JSON';
      }
      byRun.get(row.run_id)?.events.push(event);
    }
    out.push(...byRun.values());
  }
  return out;
}
