// The refusal of a second driver before the takeover window, with the real CLI, SQLite
// and PostgreSQL: the driver frozen (SIGSTOP: alive, its lease not renewed), another
// account's `resume RUN --store [--take-over]` is refused in one line that names the run
// (this host has no journal of it; before, it named a journal path that did not exist), says
// how long the lease has been quiet and when --take-over becomes possible. A driver that
// renews its lease is refused in the README's words, asked --take-over or not.

import { describe, expect, it } from 'vitest';
import { rows } from '../helpers/tamper';
import { eventually, storeDrill, storedEvents } from '../helpers/store';
import { withClient } from '../helpers/pg';
import { readLease } from '../../source/store/lease';

// A 12 s window (tests only): the driver renews every 2 s.
const STALE_MS = 12_000;
const drill = storeDrill('refusal');
const account = (name: string) => drill.account(name, { RUNBOOK_LEASE_STALE_MS: String(STALE_MS) });

const quietMs = (runId: string) => withClient(drill.owner, async (c) => (await readLease(c, runId))?.quietMs ?? 0);

describe('a second driver before the takeover window', () => {
  it('is told, naming the run, how long the lease has been quiet and when --take-over becomes possible', async () => {
    const a = account('a');
    const b = account('b');
    const journal = a.journal;
    const driver = a.start(['run', a.file, '--plain', '--journal', journal, '--operator', 'ana', '--store', drill.writer]);
    await driver.prompt();
    const runId = rows(journal)[0]!.hash;
    const run = runId.slice(0, 12);
    await eventually(async () => (await storedEvents(drill.owner, runId)).length === rows(journal).length, 'the store to hold the run');
    await eventually(() => withClient(drill.owner, (c) => readLease(c, runId)), 'the lease claimed');

    // Renewed: the README's one line, asked --take-over or not; --take-over also hears why not yet.
    const live = await b.cli(['resume', run, '--store', drill.writer, '--plain', '--operator', 'bob']);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana \\(\\S+@\\S+, pid \\d+\\) since \\S+Z; follow it read-only with: runbook watch ${run} --store\\n$`));
    const eager = await b.cli(['resume', run, '--store', drill.writer, '--plain', '--operator', 'bob', '--take-over']);
    expect(eager.code).toBe(2);
    expect(eager.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana .*; its lease was renewed \\d s ago \\(every 2 s while its driver lives\\): --take-over is possible once it has been quiet for 12 s; follow it read-only with: runbook watch ${run} --store\\n$`));

    // Frozen: its lease goes quiet; the refusal says for how long, and when a takeover is possible.
    driver.child.kill('SIGSTOP');
    await eventually(async () => (await quietMs(runId)) > 4_500, 'the lease to be quiet for more than two beats');
    const early = await b.cli(['resume', run, '--store', drill.writer, '--plain', '--operator', 'bob', '--take-over']);
    expect(early.code).toBe(2);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    const said = /its lease has been quiet for (\d+) s: --take-over is possible after 12 s \(in (\d+) s\); follow it read-only with: runbook watch [0-9a-f]{12} --store$/.exec(early.stderr.trim());
    expect(said, early.stderr).not.toBeNull();
    expect(Number(said![1]) + Number(said![2])).toBe(12);
    expect(early.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana `));
    expect(early.stderr).not.toContain('.runbook.sqlite');
    expect(await withClient(drill.owner, async (c) => (await c.query('SELECT count(*)::int AS n FROM runbook.lease_claims WHERE run_id = $1', [runId])).rows[0].n)).toBe(1);
  }, 60_000);
});
