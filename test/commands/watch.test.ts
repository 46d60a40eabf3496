import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followRun, watchCommand } from '../../source/commands/watch';
import { eventHash } from '../../source/journal/format';
import { waitFor } from '../helpers/cli';
import { recordRun, rows, sql } from '../helpers/tamper';

describe('runbook watch', () => {
  it('without a terminal stops at once with a one-line hint to use runbook show', async () => {
    const run = await recordRun('runbook-watch-', 'stopAfterFailure');
    const ctx = { env: {}, cwd: run.dir, stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), isTTY: false, columns: () => 80 };
    await expect(watchCommand(ctx, { journal: run.journal })).rejects.toMatchObject({
      exitCode: 2,
      message: `watch needs a terminal; without one, read the run with: runbook show ${run.journal}`,
    });
  });

  it('without a terminal, a journal that is not there is named first: a terminal would not help', async () => {
    const ctx = { env: {}, cwd: '/tmp', stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), isTTY: false, columns: () => 80 };
    await expect(watchCommand(ctx, { journal: 'no-such.journal' })).rejects.toMatchObject({ exitCode: 2, message: 'no-such.journal: no such journal' });
  });

  it('names a missing journal in one line', async () => {
    const ctx = { env: {}, cwd: '/tmp', stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), isTTY: true, columns: () => 80 };
    await expect(watchCommand(ctx, { journal: 'no-such.journal' })).rejects.toMatchObject({ exitCode: 2, message: 'no-such.journal: no such journal' });
  });
});

describe('watching a journal that receives an event no reader can use', () => {
  it.each(['{not json', 'null'])('payload %s: the event is left out and the events after it still reach the screen', async (payload) => {
    const run = await recordRun('runbook-watch-', 'stopAfterFailure');
    const watched = followRun(run.journal, run.dir);
    try {
      // One commit holding a bad event and a good one after it, as another writer would append them.
      const last = rows(run.journal).at(-1);
      const seq = (last?.seq ?? 0) + 1;
      const at = new Date().toISOString();
      const bad = eventHash(last?.hash ?? '', seq, at, 'step.finished', payload);
      const good = JSON.stringify({ step: 'three', reason: 'not needed' });
      sql(
        run.journal,
        'INSERT INTO events (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)',
        ...[seq, at, 'step.finished', payload, last?.hash, bad],
        ...[seq + 1, at, 'step.skipped', good, bad, eventHash(bad, seq + 1, at, 'step.skipped', good)],
      );
      await waitFor(() => watched.state.steps.three?.status === 'skipped', 'the skip after the bad event to reach the watcher');
      expect(watched.state.lastSeq).toBe(seq + 1);
      expect(watched.driver()).toEqual({ kind: 'none' }); // no read error stands in for the driver
    } finally {
      watched.stop();
    }
  });
});


describe('watching a journal whose driver died before the watcher opened', () => {
  it('says so at once: gone, since the run\'s last event, with the command that resumes it; a live holder is driving', async () => {
    const run = await recordRun('runbook-watch-', 'stopAfterFailure');
    // A pid that was real a moment ago and is gone now (reaped: no zombie).
    const dead = spawnSync('true').pid ?? 0;
    const since = new Date().toISOString();
    sql(run.journal, 'INSERT OR REPLACE INTO lock (id, operator, user, host, pid, since) VALUES (1, ?, ?, ?, ?, ?)', 'ana', 'ana', hostname(), dead, since);
    const last = rows(run.journal).at(-1);
    const watched = followRun(run.journal, run.dir);
    try {
      expect(watched.driver()).toEqual({ kind: 'gone', holder: `ana (ana@${hostname()}, pid ${dead}) since ${since}`, at: last?.at, resume: `runbook resume ${run.journal}` });
    } finally {
      watched.stop();
    }
    sql(run.journal, 'UPDATE lock SET pid = ? WHERE id = 1', process.pid);
    const again = followRun(run.journal, run.dir);
    try {
      expect(again.driver()).toMatchObject({ kind: 'driving' });
    } finally {
      again.stop();
    }
  });
});
