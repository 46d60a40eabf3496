// The refusal of a second driver before the takeover window, with the real CLI, SQLite
// and PostgreSQL: the driver frozen (SIGSTOP: alive, its lease not renewed), another
// account's `resume RUN --store [--take-over]` is refused in one line that names the run
// (this host has no journal of it; before, it named a journal path that did not exist), says
// how long the lease has been quiet and when --take-over becomes possible. A driver that
// renews its lease is refused in the README's words, asked --take-over or not.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, storeDatabases, storedEvents } from '../helpers/store';
import { withClient } from '../helpers/pg';
import { readLease } from '../../source/store/lease';
import { ScriptedRun } from '../faults/support/scripted-run';

const RUNBOOK = `# Quiet lease drill

## Phase 1: Deploy

\`\`\`bash {#one}
echo "step one"
\`\`\`

\`\`\`bash {#two}
echo "step two"
\`\`\`
`;

// A 12 s window (tests only): the driver renews every 2 s.
const STALE_MS = 12_000;
const dbs = storeDatabases('refusal');
let owner: string;
let writer: string;
const running: ScriptedRun[] = [];

beforeAll(async () => {
  owner = await dbs.store();
  const roles = await dbs.roles(owner);
  writer = roles.as(roles.writer);
});
afterEach(() => {
  for (const r of running.splice(0)) {
    r.child.kill('SIGCONT');
    r.child.kill('SIGKILL');
  }
});
afterAll(() => dbs.dropAll());

function account(name: string) {
  const home = tempDir(`runbook-refusal-${name}-`);
  const file = join(home, 'drill.md');
  writeFileSync(file, RUNBOOK);
  const env = cliEnv(home, { RUNBOOK_LEASE_STALE_MS: String(STALE_MS) });
  return { home, file, env, cli: (args: string[]) => runCli(args, { env, cwd: home }) };
}

const quietMs = (runId: string) => withClient(owner, async (c) => (await readLease(c, runId))?.quietMs ?? 0);

describe('a second driver before the takeover window', () => {
  it('is told, naming the run, how long the lease has been quiet and when --take-over becomes possible', async () => {
    const a = account('a');
    const b = account('b');
    const journal = join(a.home, 'drill.runbook.sqlite');
    const driver = new ScriptedRun(['run', a.file, '--plain', '--journal', journal, '--operator', 'ana', '--store', writer], { env: a.env, cwd: a.home });
    running.push(driver);
    await driver.prompt();
    const runId = rows(journal)[0]!.hash;
    const run = runId.slice(0, 12);
    await eventually(async () => (await storedEvents(owner, runId)).length === rows(journal).length, 'the store to hold the run');
    await eventually(() => withClient(owner, (c) => readLease(c, runId)), 'the lease claimed');

    // Renewed: the README's one line, asked --take-over or not; --take-over also hears why not yet.
    const live = await b.cli(['resume', run, '--store', writer, '--plain', '--operator', 'bob']);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana \\(\\S+@\\S+, pid \\d+\\) since \\S+Z; follow it read-only with: runbook watch ${run} --store\\n$`));
    const eager = await b.cli(['resume', run, '--store', writer, '--plain', '--operator', 'bob', '--take-over']);
    expect(eager.code).toBe(2);
    expect(eager.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana .*; its lease was renewed \\d s ago \\(every 2 s while its driver lives\\): --take-over is possible once it has been quiet for 12 s; follow it read-only with: runbook watch ${run} --store\\n$`));

    // Frozen: its lease goes quiet; the refusal says for how long, and when a takeover is possible.
    driver.child.kill('SIGSTOP');
    await eventually(async () => (await quietMs(runId)) > 4_500, 'the lease to be quiet for more than two beats');
    const early = await b.cli(['resume', run, '--store', writer, '--plain', '--operator', 'bob', '--take-over']);
    expect(early.code).toBe(2);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    const said = /its lease has been quiet for (\d+) s: --take-over is possible after 12 s \(in (\d+) s\); follow it read-only with: runbook watch [0-9a-f]{12} --store$/.exec(early.stderr.trim());
    expect(said, early.stderr).not.toBeNull();
    expect(Number(said![1]) + Number(said![2])).toBe(12);
    expect(early.stderr).toMatch(new RegExp(`^runbook: run ${run}: driven by ana `));
    expect(early.stderr).not.toContain('.runbook.sqlite');
    expect(await withClient(owner, async (c) => (await c.query('SELECT count(*)::int AS n FROM runbook.lease_claims WHERE run_id = $1', [runId])).rows[0].n)).toBe(1);
  }, 60_000);
});
