// Whether a step's process group still runs, asked of real processes: the group is found
// alive while any member runs (its leader gone or not), and gone once every member is.

import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, processRecord, survivors, type ProcessRecord } from '../../source/executors/process-group';
import { waitFor } from '../helpers/cli';

const started: number[] = [];

/** A shell leading a process group of its own, as a shell step's is. */
function group(script: string): number {
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  if (child.pid === undefined) throw new Error('bash did not start');
  started.push(child.pid);
  return child.pid;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone already
  }
}

afterEach(() => {
  for (const pgid of started.splice(0)) killGroup(pgid);
});

describe('process groups', () => {
  it('is alive while its leader runs, and gone once the group is killed', async () => {
    const pgid = group('sleep 30');
    const record = processRecord(pgid, true) as ProcessRecord;
    expect(record).not.toBeNull();
    expect(survivors(record)).toContain(pgid);
    killGroup(pgid);
    await waitFor(() => !isAlive(record), 'the group to be gone');
    expect(survivors(record)).toEqual([]);
  });

  it('is alive while a member runs after its leader has exited', async () => {
    // The leader starts a member and waits for it; the leader is then killed alone.
    const pgid = group('sleep 30 & wait');
    const record = processRecord(pgid, true) as ProcessRecord;
    await waitFor(() => survivors(record).length >= 2, 'the member to start');
    process.kill(pgid, 'SIGKILL');
    await waitFor(() => !survivors(record).includes(pgid), 'the leader to be gone');
    const left = survivors(record);
    expect(left.length).toBe(1);
    expect(isAlive(record)).toBe(true);
    killGroup(pgid);
    await waitFor(() => !isAlive(record), 'the member to be gone');
  });

  it('is not alive for a group id nothing uses', () => {
    const pgid = group('exit 0');
    const record: ProcessRecord = { pid: pgid, group: true, startTicks: 0, boot: null };
    return waitFor(() => survivors(record).length === 0, 'the shell to exit');
  });
});
