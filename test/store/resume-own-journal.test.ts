// `resume RUN --store` on the host that has the run's journal goes on in that journal (before,
// it copied the run from the store into a second journal of the same run, and `store
// status` counted it twice); a run that is over takes no lease (before, "nothing to resume"
// came after a new lease generation, claimed in the OS account's name); and the lease of a
// run resumed with nobody named names the run's own operator, as the journal does, never
// the account. Real CLI, SQLite files and PostgreSQL.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { query, storeDatabases, storedEvents } from '../helpers/store';

const RUNBOOK = `---
title: Own journal drill
---

# Own journal drill

## Phase 1: Deploy

\`\`\`bash {#one}
echo "step one"
\`\`\`

\`\`\`bash {#two}
echo "step two"
\`\`\`
`;

const dbs = storeDatabases('ownjournal');
let owner: string;
let writer: string;

beforeAll(async () => {
  owner = await dbs.store();
  const roles = await dbs.roles(owner);
  writer = roles.as(roles.writer);
});
afterAll(() => dbs.dropAll());

/** An account of its own, as on a host of its own; its journals go to its journal directory. */
function account(name: string) {
  const home = tempDir(`runbook-own-${name}-`);
  const file = join(home, 'drill.md');
  writeFileSync(file, RUNBOOK);
  const env = cliEnv(home, { USER: 'deploy-bot' });
  const journals = join(home, 'runbook', 'journals');
  return {
    home,
    file,
    journals: () => readdirSync(journals).filter((f) => f.endsWith('.runbook.sqlite')).map((f) => join(journals, f)),
    cli: (args: string[], input = '') => runCli(args, { env, cwd: home, input }),
  };
}

const claims = async (runId: string) =>
  (await query<{ gen: string; operator: string }>(owner, 'SELECT gen, operator FROM runbook.lease_claims WHERE run_id = $1 ORDER BY gen', [runId])).map((c) => `${c.gen}:${c.operator}`);

const started = (journal: string, step: string) => rows(journal).filter((e) => e.type === 'step.started' && e.payload.includes(`"${step}"`)).length;

describe('resume RUN --store on the host that has the run', () => {
  it('goes on in this host\'s own journal, and the lease names the run\'s operator when nobody is named', async () => {
    const a = account('paused');
    const first = await a.cli(['run', a.file, '--plain', '--operator', 'ana', '--store', writer], 'y\n');
    expect(first.code, first.stderr).toBe(0);
    const [journal] = a.journals();
    const runId = rows(journal!)[0]!.hash;

    const resumed = await a.cli(['resume', runId.slice(0, 12), '--store', writer, '--plain'], 'y\n');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('step two');
    expect(resumed.stdout).not.toContain('Copied run');
    expect(a.journals()).toEqual([journal]);
    expect(started(journal!, 'two')).toBe(1);
    expect(await claims(runId)).toEqual(['1:ana', '2:ana']);

    const status = await a.cli(['store', 'status', '--store', writer]);
    expect(status.stdout).toContain('local journals: 1 ');
  }, 60_000);

  it('of a completed run says there is nothing to resume and takes no lease, here or on another host', async () => {
    const a = account('done');
    const done = await a.cli(['run', a.file, '--plain', '--operator', 'ana', '--store', writer], 'y\ny\n');
    expect(done.code, done.stderr).toBe(0);
    const [journal] = a.journals();
    const runId = rows(journal!)[0]!.hash;
    expect(await storedEvents(owner, runId)).toHaveLength(rows(journal!).length);

    const again = await a.cli(['resume', runId.slice(0, 12), '--store', writer, '--plain']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.replace(/\s+/g, ' ')).toContain(`This run is completed; nothing to resume. See it with: runbook show ${journal}`);
    expect(a.journals()).toEqual([journal]);
    expect(await claims(runId)).toEqual(['1:ana']);

    const b = account('elsewhere');
    const there = await b.cli(['resume', runId.slice(0, 12), '--store', writer, '--plain']);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain('This run is completed; nothing to resume.');
    expect(await claims(runId)).toEqual(['1:ana']);
  }, 60_000);
});
