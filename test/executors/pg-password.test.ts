// Password handling needs a server that asks for a password; the test PostgreSQL trusts
// local connections, so a minimal stand-in speaks just the start of the wire protocol:
// it asks for a cleartext password, records it, and refuses the login.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../source/executors/sql-postgres';
import type { ResolvedTarget } from '../../source/executors/types';

let server: net.Server;
let port: number;
let received: string[];
let dir: string;
const savedEnv = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-pgpw-test-'));
  server = net.createServer((socket) => {
    let startup = true;
    socket.on('data', (data) => {
      if (startup) {
        startup = false;
        const askCleartext = Buffer.alloc(4);
        askCleartext.writeInt32BE(3);
        socket.write(message('R', askCleartext));
        return;
      }
      if (data[0] === 0x70 /* 'p' */) {
        received.push(data.subarray(5, data.length - 1).toString('utf8'));
        const fields = 'SFATAL\0C28P01\0Mpassword authentication failed for user "deploy"\0\0';
        socket.end(message('E', Buffer.from(fields, 'utf8')));
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const target = (): ResolvedTarget => ({
  name: 'govos',
  kind: 'postgres',
  location: `postgres://deploy@127.0.0.1:${port}/govos`,
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
});

describe('postgres passwords', () => {
  it('sends PGPASSWORD and reports a refused login by target, never by password', async () => {
    received = [];
    process.env.PGPASSWORD = 'hunter2-from-env';
    const failure = connectPostgres(target());
    await expect(failure).rejects.toThrow(/^target govos: password authentication failed for user "deploy" \(check PGPASSWORD or ~\/\.pgpass\)$/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
    expect(received).toEqual(['hunter2-from-env']);
  });

  it('falls back to a private ~/.pgpass entry', async () => {
    received = [];
    delete process.env.PGPASSWORD;
    const file = path.join(dir, 'pgpass');
    writeFileSync(file, `127.0.0.1:${port}:govos:deploy:from-pgpass\n`);
    chmodSync(file, 0o600);
    process.env.PGPASSFILE = file;
    await expect(connectPostgres(target())).rejects.toThrow(/^target govos: password authentication failed/);
    expect(received).toEqual(['from-pgpass']);
  });

  it('says where a password should come from when there is none', async () => {
    received = [];
    delete process.env.PGPASSWORD;
    process.env.PGPASSFILE = path.join(dir, 'no-such-pgpass');
    await expect(connectPostgres(target())).rejects.toThrow(
      /^target govos: the server asks for a password; set PGPASSWORD or add a line to ~\/\.pgpass$/,
    );
    expect(received).toEqual([]);
  });
});
