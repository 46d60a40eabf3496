import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { acquireLock, describeHolder, liveDriver, lockHolder, lockRefusal, releaseLock } from '../../source/journal/lock';
import { bootedAt } from '../../source/journal/process-alive';
import type { LockHolder } from '../../source/journal/lock';
import { bundleFixture, makeTempDir, runNode } from './helpers';

let dir: string;
let cleanup: () => void;
let locker: string;
beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir());
  locker = await bundleFixture('child-lock', dir);
});
afterAll(() => cleanup());

// A lock taken during this boot (one taken before it is nobody's: see below).
const SINCE = new Date().toISOString();

const holder = (operator: string, pid: number, host = hostname(), since = SINCE): LockHolder => ({
  operator,
  user: operator,
  host,
  pid,
  since,
});

describe('the driver lock', () => {
  it('refuses a second driver while the first one lives, and takes over once it is gone', async () => {
    const path = join(dir, 'live.runbook.sqlite');
    const first = Journal.create(path);
    const second = Journal.open(path);
    // The first driver's process is a real, live one.
    const sleeper = spawn('sleep', ['60']);
    const gone = new Promise((done) => sleeper.on('exit', done));
    const alice = holder('alice', sleeper.pid as number);
    const bob = holder('bob', process.pid);

    expect(acquireLock(first, alice)).toEqual({ ok: true });
    expect(acquireLock(second, bob)).toEqual({ ok: false, holder: alice });
    expect(describeHolder(alice)).toBe(`alice (alice@${hostname()}, pid ${sleeper.pid}) since ${SINCE}`);
    expect(lockRefusal(path, alice)).toMatchObject({
      kind: 'locked',
      message: `${path}: driven by ${describeHolder(alice)}; follow it read-only with: runbook watch ${path}`,
    });

    sleeper.kill('SIGKILL');
    await gone; // reaped, so the pid no longer exists
    expect(acquireLock(second, bob)).toEqual({ ok: true, tookOverFrom: alice });
    expect(lockHolder(first)).toEqual(bob);
    expect(acquireLock(second, bob)).toEqual({ ok: true }); // holding it already

    releaseLock(second, bob);
    expect(lockHolder(first)).toBeUndefined();
    first.close();
    second.close();
  });

  // After a power cut or a panic the bastion boots again and pids start over: the pid in
  // the lock may now be a daemon's. Before, resume refused ("driven by …") for as long as
  // that process lived, and show called the run running.
  it.skipIf(bootedAt() === null)('takes over a lock taken before this host last booted, whatever process has its pid now', async () => {
    const path = join(dir, 'reboot.runbook.sqlite');
    const first = Journal.create(path);
    const second = Journal.open(path);
    const daemon = spawn('sleep', ['60']);
    const gone = new Promise((done) => daemon.on('exit', done));
    const beforeBoot = new Date((bootedAt() as number) - 60_000).toISOString();
    const alice = holder('alice', daemon.pid as number, hostname(), beforeBoot);
    const bob = holder('bob', process.pid);
    try {
      expect(acquireLock(first, alice)).toEqual({ ok: true });
      expect(liveDriver(second)).toBeUndefined();
      expect(acquireLock(second, bob)).toEqual({ ok: true, tookOverFrom: alice });
      expect(lockHolder(first)).toEqual(bob);
    } finally {
      daemon.kill('SIGKILL');
      await gone;
      first.close();
      second.close();
    }
  });

  it('takes over from a driver killed with -9 that nobody has reaped yet (a zombie)', async () => {
    const path = join(dir, 'zombie.runbook.sqlite');
    const first = Journal.create(path);
    const second = Journal.open(path);
    // The driver is a child of a shell that then becomes \`sleep\`, which never waits for
    // it: killed, it stays a zombie until sleep ends (as under a parent that does not reap).
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = await new Promise<number>((done) => parent.stdout.once('data', (d: Buffer) => done(Number(String(d).trim()))));
    const alice = holder('alice', pid);
    expect(acquireLock(first, alice)).toEqual({ ok: true });
    expect(acquireLock(second, holder('bob', process.pid))).toEqual({ ok: false, holder: alice });

    process.kill(pid, 'SIGKILL');
    const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    for (let i = 0; i < 200 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(state()).toBe('Z'); // still in the process table: kill(pid, 0) answers for it
    expect(acquireLock(second, holder('bob', process.pid))).toEqual({ ok: true, tookOverFrom: alice });
    parent.kill('SIGKILL');
    first.close();
    second.close();
  });

  it('never takes over a holder on another host, even one whose pid is free here', () => {
    const path = join(dir, 'remote.runbook.sqlite');
    const journal = Journal.create(path);
    const remote = holder('carol', 2 ** 22 + 12345, 'bastion-2.example');
    expect(acquireLock(journal, remote)).toEqual({ ok: true });
    expect(acquireLock(journal, holder('bob', process.pid))).toEqual({ ok: false, holder: remote });
    releaseLock(journal, holder('bob', process.pid)); // not bob's to release
    expect(lockHolder(journal)).toEqual(remote);
    journal.close();
    const watcher = Journal.open(path, { readonly: true });
    expect(lockHolder(watcher)).toEqual(remote);
    expect(() => acquireLock(watcher, holder('bob', process.pid))).toThrow(/open read-only/);
    watcher.close();
  });

  it('lets exactly one of several processes racing for it win', async () => {
    const path = join(dir, 'race.runbook.sqlite');
    Journal.create(path).close();
    const children = Array.from({ length: 4 }, () => runNode(locker, [path]));
    const results = await Promise.all(children.map((c) => c.waitForLine((l) => l.startsWith('{'))));
    const outcomes = results.map((r) => JSON.parse(r) as { pid: number; ok: boolean; holder?: LockHolder });
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((o) => !o.ok)) expect(loser.holder?.pid).toBe(winners[0]?.pid);
    for (const child of children) child.process.stdin.end();
    expect((await Promise.all(children.map((c) => c.exited))).map((e) => e.code)).toEqual([0, 0, 0, 0]);
  });
});
