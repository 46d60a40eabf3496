import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { acquireLock } from '../../source/journal/lock';
import { verifyChain } from '../../source/journal/verify';
import { bundleFixture, makeTempDir, runNode } from './helpers';

let dir: string;
let cleanup: () => void;
let writer: string;
beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir());
  writer = await bundleFixture('child-writer', dir);
});
afterAll(() => cleanup());

describe('a driver killed with SIGKILL mid-stream', () => {
  it.each([1, 2, 3])('leaves a journal that opens, passes integrity_check and verifies, with every committed line (round %i)', async (round) => {
    const path = join(dir, `crash-${round}.runbook.sqlite`);
    const child = runNode(writer, [path]);
    const reported = await child.waitForLine((l) => /^committed (\d+)$/.test(l) && Number(l.split(' ')[1]) >= 20_000 * round);
    child.process.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const committedBeforeKill = Number(reported.split(' ')[1]);

    const journal = Journal.open(path);
    expect(journal.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyChain(journal).valid).toBe(true);
    const lines = journal.outputLines('stream').map((l) => l.text);
    expect(lines.length).toBeGreaterThanOrEqual(committedBeforeKill);
    expect(lines.every((text, i) => text === `line ${i}`)).toBe(true);
    expect(journal.outputLineCount('stream')).toBe(lines.length);
    const ticks = journal.events().filter((e) => e.type === 'tick');
    expect(ticks.at(-1)?.payload).toMatchObject({ lines: lines.length });

    // The dead driver's lock is taken over, and the chain goes on from where it stopped.
    const me = { operator: 'bob', user: 'bob', host: hostname(), pid: process.pid, since: new Date().toISOString() };
    const lock = acquireLock(journal, me);
    expect(lock).toEqual({ ok: true, tookOverFrom: expect.objectContaining({ operator: 'child', pid: child.process.pid }) });
    journal.append('lock_taken_over', { from: lock.ok ? lock.tookOverFrom : null });
    journal.commit();
    expect(verifyChain(journal).valid).toBe(true);
    journal.close();
  });
});
