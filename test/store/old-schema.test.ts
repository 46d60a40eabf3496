// A store that is not ready with the real CLI: a database `store init` never ran on, and
// one initialised by an older runbook (schema version 1, no lease tables). Every verb says
// so in one line naming the store and what to run, exit 2 — never an internal error about
// a missing relation; a run this host has a journal of still resumes, without the lease.
// A new run is refused there before anything starts: it ran with no lease, silently, and
// the operator believed the store kept a second driver off it.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../source/store/migrations';
import { migration1 } from '../../source/store/schema-v1';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { withClient } from '../helpers/pg';
import { rows } from '../helpers/tamper';
import { DRILL, storeDatabases } from '../helpers/store';

const dbs = storeDatabases('oldschema');
const dir = tempDir('runbook-store-old-schema-');
const env = cliEnv(join(dir, 'home'));
const cli = (args: string[], input = '') => runCli(args, { env, cwd: dir, input });
const journal = join(dir, 'paused.runbook.sqlite');
let empty: string;
let older: string;
let runId: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'drill.md'), DRILL);
  // A run paused after its first step, recorded here with no store.
  const run = await cli(['run', 'drill.md', '--plain', '--operator', 'ana', '--journal', journal], 'y\nq\n');
  expect(run.code, run.stderr).toBe(0);
  runId = rows(journal)[0]?.hash ?? '';
  empty = await dbs.empty();
  older = await dbs.empty();
  await withClient(older, (c) => migrate(c, [migration1]));
  // The older store holds the run: it was published before the upgrade.
  const push = await cli(['store', 'push', journal, '--store', older]);
  expect(push.code, push.stderr).toBe(0);
});
afterAll(() => dbs.dropAll());

const display = (url: string) => {
  const u = new URL(url);
  return `store ${u.hostname}:${u.port}${u.pathname}`;
};

describe('a store with no runbook schema', () => {
  it.each([['list'], ['show', 'RUN'], ['report', 'RUN'], ['verify', 'RUN'], ['resume', 'RUN', '--plain']])('%s --store says so in one line, exit 2', async (...verb) => {
    const args = verb.map((a) => (a === 'RUN' ? runId.slice(0, 8) : a));
    const got = await cli([...args, '--store', empty]);
    expect(got.stderr).toBe(`runbook: ${display(empty)}: no runbook schema yet (runbook store init)\n`);
    expect(got.code).toBe(2);
  });
});

describe('a store from an older runbook (schema version 1)', () => {
  it('reads as any store: list, show and verify', async () => {
    const list = await cli(['list', '--store', older]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(runId.slice(0, 8));
    const verify = await cli(['verify', runId.slice(0, 8), '--store', older]);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('resume RUN --store, a run only the store has here, names the version and store init', async () => {
    const elsewhere = tempDir('runbook-store-old-schema-elsewhere-');
    const got = await runCli(['resume', runId.slice(0, 8), '--plain', '--store', older], { env: cliEnv(elsewhere), cwd: elsewhere, input: 'q\n' });
    expect(got.stderr).toBe(`runbook: ${display(older)}: schema version 1, this runbook needs 2 (runbook store init upgrades it)\n`);
    expect(got.code).toBe(2);
  });

  it('run --store refuses to start in one line naming the version and store init, exit 2, with no journal and nothing published', async () => {
    const fresh = tempDir('runbook-store-old-schema-run-');
    writeFileSync(join(fresh, 'drill.md'), DRILL);
    const journalHere = join(fresh, 'new.runbook.sqlite');
    const got = await runCli(['run', 'drill.md', '--plain', '--operator', 'bob', '--journal', journalHere, '--store', older], { env: cliEnv(fresh), cwd: fresh, input: 'y\ny\ny\n' });
    expect(got.stderr).toBe(`runbook: ${display(older)}: schema version 1, this runbook needs 2 (runbook store init upgrades it): with no lease there, nothing would keep a second driver off this run; nothing was started\n`);
    expect(got.code).toBe(2);
    expect(got.stdout).not.toContain('Run completed');
    expect(existsSync(journalHere)).toBe(false);
    const runs = await withClient(older, (c) => c.query<{ n: number }>('SELECT count(DISTINCT run_id)::int AS n FROM runbook.events'));
    expect(runs.rows[0]?.n).toBe(1);
  });

  it("resume JOURNAL --store goes on from this host's journal, saying the lease is not checked", async () => {
    const got = await cli(['resume', journal, '--plain', '--store', older], 'q\n');
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expect(got.stdout.replace(/\n/g, ' ')).toContain(`! ${display(older)}: schema version 1, this runbook needs 2 (runbook store init upgrades it): the run's lease is not checked.`);
    expect(got.stdout).toContain('Run paused');
  });
});
