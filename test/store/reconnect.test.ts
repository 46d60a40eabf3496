// The store comes back while the run goes on: with the real CLI and PostgreSQL behind a
// TCP relay of the test's own (closed at first, opened mid-run), the publisher retries
// with backoff and catches up in the same process, before the operator answers again.

import { copyFileSync, mkdirSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, storeDatabases, storedEvents } from '../helpers/store';
import { closedPort } from '../helpers/net';

const FIXTURE = new URL('../fixtures/store/deploy.md', import.meta.url).pathname;
const dbs = storeDatabases('reconnect');
let owner: string;
let writerRole: string;
beforeAll(async () => {
  owner = await dbs.store();
  writerRole = (await dbs.roles(owner)).writer;
});
afterAll(() => dbs.dropAll());

/** A relay to the real server on `port`, opened when the test says so. */
function relay(port: number, target: URL): { open: () => Promise<void>; close: () => Promise<void> } {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    open: () =>
      new Promise((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => {
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream);
          upstream.pipe(client);
        });
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}


describe('a store that comes back mid-run', () => {
  it('is caught up in the same process, while the run waits on the operator', async () => {
    const dir = tempDir('runbook-store-back-');
    mkdirSync(join(dir, 'home'));
    copyFileSync(FIXTURE, join(dir, 'deploy.md'));
    const journal = join(dir, 'run.runbook.sqlite');
    const port = await closedPort();
    const target = new URL(owner);
    const link = relay(port, target);
    const store = `postgres://${writerRole}@127.0.0.1:${port}${target.pathname}`;
    const child = startCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', journal, '--store', store], { env: cliEnv(join(dir, 'home')), cwd: dir });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.resume();
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      child.stdin?.write('y\ny\n');
      await eventually(async () => stdout.includes('Check the flood ended'), 'the run to wait at the check after the flood');
      expect(stdout).toMatch(/! store: \d+ events behind, retrying/);
      expect(await storedEvents(owner)).toEqual([]);

      await link.open();
      // Everything committed so far reaches the store, the operator still not answered.
      const local = rows(journal);
      await eventually(async () => (await storedEvents(owner)).length === local.length, 'the publisher to catch up', 30_000);
      expect(child.exitCode).toBeNull();
      expect(await storedEvents(owner)).toEqual(local);

      child.stdin?.end('y\n'.repeat(6));
      expect(await ended).toBe(0);
      expect(stdout).not.toContain('not published yet');
      expect(await storedEvents(owner)).toEqual(rows(journal));
    } finally {
      child.kill('SIGKILL');
      await link.close();
    }
  });
});
