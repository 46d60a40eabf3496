// `show RUN --store` of a run whose step is running right now on another host, with the
// real CLI and PostgreSQL: the store's copy has no driver's lock, so who drives comes from
// the run's lease — a fresh lease makes the step running and names its holder, as a local
// `show` does from the lock; once the driver is gone (killed -9) and its lease has gone
// quiet for the takeover window, the step is interrupted and nobody is named.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, query, storeDatabases, storedEvents, type StoreRoles } from '../helpers/store';
import { ScriptedRun } from '../faults/support/scripted-run';
import { withClient } from '../helpers/pg';
import { readLease } from '../../source/store/lease';

const STALE_MS = 2_000;
const dbs = storeDatabases('showrun');
let owner: string;
let roles: StoreRoles;
const running: ScriptedRun[] = [];
/** The gates of the steps left running when their driver was killed: opened after, so no step outlives the test. */
const gates: string[] = [];

beforeAll(async () => {
  owner = await dbs.store();
  roles = await dbs.roles(owner);
});
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
  // The step's own loop outlives its killed driver, as it should; it ends at its gate.
  for (const gate of gates.splice(0)) writeFileSync(gate, '');
});
afterAll(() => dbs.dropAll());

const runbook = (gate: string) => `---
title: Long step
---

# Long step

## Deploy

\`\`\`bash {#wait}
echo "waiting for the gate"; while [ ! -f '${gate}' ]; do sleep 0.05; done; echo "through"
\`\`\`
`;

interface ShownStep {
  id: string;
  status: string;
}

describe('show --store of a step running on another host', () => {
  it('is running and names who drives while the lease is fresh; interrupted once the driver is gone and its lease quiet', async () => {
    const home = tempDir('runbook-show-running-');
    const gate = join(home, 'gate');
    gates.push(gate);
    writeFileSync(join(home, 'long.md'), runbook(gate));
    const env = cliEnv(home, { RUNBOOK_LEASE_STALE_MS: String(STALE_MS) });
    const journal = join(home, 'long.runbook.sqlite');
    const driver = new ScriptedRun(['run', 'long.md', '--plain', '--journal', journal, '--operator', 'ana', '--store', roles.as(roles.writer)], { env, cwd: home });
    running.push(driver);
    await driver.prompt();
    driver.answer('y');
    await driver.sees('waiting for the gate');
    const runId = rows(journal)[0]!.hash;
    await eventually(async () => (await storedEvents(owner, runId)).some((e) => e.type === 'step.started'), 'the step started in the store');
    await eventually(async () => (await query(owner, 'SELECT 1 FROM runbook.lease_claims WHERE run_id = $1', [runId])).length > 0, 'the lease claimed');

    // Read from elsewhere (another account, as the reader role).
    const reader = cliEnv(tempDir('runbook-show-reader-'), { RUNBOOK_LEASE_STALE_MS: String(STALE_MS), COLUMNS: '200' });
    const show = (...args: string[]) => runCli(['show', runId.slice(0, 12), '--store', roles.as(roles.reader), ...args], { env: reader });
    const local = await runCli(['show', journal], { env: { ...env, COLUMNS: '200' } });
    expect(local.stdout).toMatch(/driven now by ana \(.*@.*, pid \d+\) since /);

    const human = await show();
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^driven now by ana \(.*@.*, pid \d+\) since \d{4}-\d\d-\d\dT/m);
    expect(human.stdout).toMatch(/^ {2}▸ running +echo "waiting for the gate"/m);
    const json = JSON.parse((await show('--json')).stdout) as { steps: ShownStep[] };
    expect(json.steps.find((s) => s.id === 'wait')?.status).toBe('running');

    // The driver dies mid-step; its lease goes quiet.
    driver.child.kill('SIGKILL');
    await driver.exited;
    await eventually(async () => ((await withClient(owner, (c) => readLease(c, runId)))?.quietMs ?? 0) > STALE_MS, 'the lease to go quiet');
    const after = await show();
    expect(after.stdout).not.toContain('driven now by');
    expect(after.stdout).toMatch(/interrupted/);
    expect((JSON.parse((await show('--json')).stdout) as { steps: ShownStep[] }).steps.find((s) => s.id === 'wait')?.status).toBe('interrupted');
  }, 60_000);
});
