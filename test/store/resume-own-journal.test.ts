// `resume RUN --store` on the host that has the run's journal goes on in that journal (before,
// it copied the run from the store into a second journal of the same run, and `store
// status` counted it twice); a run that is over takes no lease (before, "nothing to resume"
// came after a new lease generation, claimed in the OS account's name); and the lease of a
// run resumed with nobody named names the run's own operator, as the journal does, never
// the account. Real CLI, SQLite files and PostgreSQL.

import { describe, expect, it } from 'vitest';
import { rows } from '../helpers/tamper';
import { query, storeDrill, storedEvents } from '../helpers/store';

const drill = storeDrill('ownjournal');
/** An account of its own, as on a host of its own, whose OS account is not the run's operator. */
const account = (name: string) => drill.account(name, { USER: 'deploy-bot' });

const claims = async (runId: string) =>
  (await query<{ gen: string; operator: string }>(drill.owner, 'SELECT gen, operator FROM runbook.lease_claims WHERE run_id = $1 ORDER BY gen', [runId])).map((c) => `${c.gen}:${c.operator}`);

const started = (journal: string, step: string) => rows(journal).filter((e) => e.type === 'step.started' && e.payload.includes(`"${step}"`)).length;

describe('resume RUN --store on the host that has the run', () => {
  it('goes on in this host\'s own journal, and the lease names the run\'s operator when nobody is named', async () => {
    const a = account('paused');
    const first = await a.cli(['run', a.file, '--plain', '--operator', 'ana', '--store', drill.writer], 'y\n');
    expect(first.code, first.stderr).toBe(0);
    const [journal] = a.journals();
    const runId = rows(journal!)[0]!.hash;

    const resumed = await a.cli(['resume', runId.slice(0, 12), '--store', drill.writer, '--plain'], 'y\n');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('step two');
    expect(resumed.stdout).not.toContain('Copied run');
    expect(a.journals()).toEqual([journal]);
    expect(started(journal!, 'two')).toBe(1);
    expect(await claims(runId)).toEqual(['1:ana', '2:ana']);

    const status = await a.cli(['store', 'status', '--store', drill.writer]);
    expect(status.stdout).toContain('local journals: 1 ');
  }, 60_000);

  it('of a completed run says there is nothing to resume and takes no lease, here or on another host', async () => {
    const a = account('done');
    const done = await a.cli(['run', a.file, '--plain', '--operator', 'ana', '--store', drill.writer], 'y\ny\ny\n');
    expect(done.code, done.stderr).toBe(0);
    const [journal] = a.journals();
    const runId = rows(journal!)[0]!.hash;
    expect(await storedEvents(drill.owner, runId)).toHaveLength(rows(journal!).length);

    const again = await a.cli(['resume', runId.slice(0, 12), '--store', drill.writer, '--plain']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.replace(/\s+/g, ' ')).toContain(`This run is completed; nothing to resume. See it with: runbook show ${journal}`);
    expect(a.journals()).toEqual([journal]);
    expect(await claims(runId)).toEqual(['1:ana']);

    const b = account('elsewhere');
    const there = await b.cli(['resume', runId.slice(0, 12), '--store', drill.writer, '--plain']);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain('This run is completed; nothing to resume.');
    expect(await claims(runId)).toEqual(['1:ana']);
  }, 60_000);
});
