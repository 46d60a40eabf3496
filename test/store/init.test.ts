// `runbook store init` and `store status` with the real CLI: init creates the schema on an
// empty database and prints grants that, run as they are, let the writer publish and the
// reader read; again, it changes nothing (and needs no DDL right to say so); status says
// what it finds; mistakes are one line, exit 2.

import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, cliEnv, runCli, tempDir } from '../helpers/cli';
import { withClient } from '../helpers/pg';
import { query, storeDatabases } from '../helpers/store';

const dbs = storeDatabases('init');
const roles: string[] = [];
afterAll(async () => {
  await dbs.dropAll();
  await withClient(TEST_DATABASE_URL, async (c) => {
    for (const role of roles) await c.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

const dir = tempDir('runbook-store-init-');
mkdirSync(join(dir, 'home'));
const env = cliEnv(join(dir, 'home'));
const cli = (...args: string[]) => runCli(args, { env, cwd: dir });
const as = (url: string, role: string) => {
  const u = new URL(url);
  u.username = role;
  return u.toString();
};

describe('store init', () => {
  it('creates the schema, prints grants that work as printed, and again changes nothing', async () => {
    const url = await dbs.empty();
    const tag = `${process.pid}_${Date.now() % 100000}`;
    const [writer, reader] = [`team_writer_${tag}`, `team_reader_${tag}`];
    await withClient(TEST_DATABASE_URL, async (c) => {
      for (const role of [writer, reader]) await c.query(`CREATE ROLE ${role} LOGIN`);
    });
    roles.push(writer, reader);

    const init = await cli('store', 'init', '--store', url, '--writer', writer, '--reader', reader);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout.split('\n')[0]).toMatch(/^-- runbook store 127\.0\.0\.1:5432\/\w+: schema version 0 → 2$/);
    expect(init.stdout).toContain(`GRANT SELECT, INSERT ON runbook.events, runbook.output TO ${writer};`);
    // The whole output is SQL (comments and grants): what psql would run.
    await query(url, init.stdout);

    const status = await cli('store', 'status', '--store', as(url, reader));
    expect(status.stdout).toMatch(/: reachable · schema version 2 · 0 runs · 0 events\n/);
    expect(status.code).toBe(0);

    const again = await cli('store', 'init', '--store', url);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toMatch(/schema version 2, up to date$/);
    // Up to date: the writer, with no right to create anything, is told so too.
    const byWriter = await cli('store', 'init', '--store', as(url, writer));
    expect(byWriter.code, byWriter.stderr).toBe(0);
    expect(await query(url, 'SELECT version FROM runbook.migrations')).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('says in one line that a role without DDL rights cannot create the schema', async () => {
    const url = await dbs.empty();
    const tag = `${process.pid}_${Date.now() % 100000}_x`;
    const role = `team_nobody_${tag}`;
    await withClient(TEST_DATABASE_URL, (c) => c.query(`CREATE ROLE ${role} LOGIN`));
    roles.push(role);
    // PUBLIC may create in public on older servers, never a schema in the database.
    const refused = await cli('store', 'init', '--store', as(url, role));
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toMatch(/^runbook: store 127\.0\.0\.1:5432\/\w+: cannot create the schema: permission denied for database \w+ \(store init needs the rights to create a schema: run it as the database's owner\)\n$/);
  });
});

describe('store status and mistakes', () => {
  it('says a store is unreachable, or has no schema yet, with exit 1', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const down = await cli('store', 'status', '--store', `postgres://x@127.0.0.1:${port}/team`);
    expect([down.code, down.stdout]).toEqual([1, `store 127.0.0.1:${port}/team: unreachable (connection refused)\n`]);
    const empty = await cli('store', 'status', '--store', await dbs.empty());
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/: reachable · no runbook schema yet \(runbook store init\)\n$/);
  });

  it('refuses an unknown action, push without journals, a journal after init, in one line', async () => {
    for (const [args, message] of [
      [['store', 'frob'], 'runbook store: unknown action "frob": init, status or push (see runbook help store)\n'],
      [['store', 'push'], 'runbook store: store push needs the journals to publish: runbook store push JOURNAL…\n'],
      [['store', 'init', 'x.sqlite'], 'runbook store: store init takes no journal (store push JOURNAL… does)\n'],
      [['store', 'status'], 'runbook store: no team store configured: give --store URL, or set RUNBOOK_STORE or store: in the config\n'],
    ] as const) {
      const result = await cli(...args);
      expect([result.code, result.stdout, result.stderr]).toEqual([2, '', message]);
    }
  });
});
