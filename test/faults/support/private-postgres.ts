// A private PostgreSQL cluster for the fault tests, so they can stop, restart and freeze a
// real server without touching the shared one on 5432. initdb into a temp directory as the
// `postgres` OS user (the tests run as root; as any other user, as that user), password
// authentication (scram) over TCP, its socket in its own directory, torn down afterwards.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  port: number;
  password: string;
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres, or with another password. */
  url(password?: string): string;
  stop(): void;
  start(): void;
  restart(): void;
  /** SIGSTOP the server and every backend: it accepts connections and never answers, as an unreachable host. */
  freeze(): void;
  thaw(): void;
  teardown(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  const found = versions[0];
  if (found === undefined) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install postgresql)');
  return join(root, found, 'bin');
}

export function startPrivatePostgres(): PrivatePostgres {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pg-'));
  const data = join(dir, 'data');
  const password = `fault-pw-${Math.random().toString(36).slice(2, 10)}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
  }
  chmodSync(dir, 0o700);
  const as = (program: string, args: string[]) => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    return execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
  };
  as('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '-N', '-E', 'UTF8']);

  let port = 0;
  const options = () => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const ctl = (action: string, extra: string[] = []) => as('pg_ctl', ['-D', data, '-o', options(), '-l', join(dir, 'log'), '-w', '-t', '30', ...extra, action]);
  // A free port from 5499 up: another cluster (or test file) may hold one.
  for (let attempt = 0; ; attempt++) {
    port = 5499 + Math.floor(Math.random() * 400);
    try {
      ctl('start');
      break;
    } catch (error) {
      if (attempt >= 10) throw new Error(`cannot start a private PostgreSQL: ${(error as Error).message}\n${readLog(dir)}`);
    }
  }

  const serverPids = (): number[] => {
    const main = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(main)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
    } catch {
      // No children.
    }
    return [main, ...children];
  };
  let frozen: number[] = [];

  return {
    port,
    password,
    url: (pw = password) => `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`,
    stop: () => ctl('stop', ['-m', 'fast']),
    start: () => ctl('start'),
    restart: () => ctl('restart', ['-m', 'fast']),
    freeze() {
      // A backend may exit between the listing and the signal: it needs no freezing, and a
      // throw here would leave the rest stopped with no thaw (every later test timing out).
      frozen = serverPids().filter((pid) => {
        try {
          process.kill(pid, 'SIGSTOP');
          return true;
        } catch {
          return false;
        }
      });
    },
    thaw() {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // Gone already.
        }
      }
      frozen = [];
    },
    teardown() {
      this.thaw();
      try {
        ctl('stop', ['-m', 'immediate']);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}
