// A dropped SSH session: SIGHUP while a step runs, or a terminal that vanished under the
// writer (stdout closed). The step is allowed to finish, every line of it is journaled,
// the run is left paused and resumable, and the tool neither crashes nor hangs.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents, readOutput } from '../faults/support/journal-file';

const TICKS = new URL('fixtures/ticks.md', import.meta.url).pathname;
const ALL_TICKS = ['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5', 'tick 6'];

function setUp() {
  const dir = tempDir('runbook-hangup-');
  const file = join(dir, 'ticks.md');
  copyFileSync(TICKS, file);
  mkdirSync(join(dir, 'home'));
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home')) };
}

function start(run: ReturnType<typeof setUp>) {
  const child = startCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'ana'], { env: run.env, cwd: run.dir });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => out, err: () => err };
}

/** The run as the journal tells it: the step finished whole, the run paused for the hangup. */
async function expectFinishedAndPaused(run: ReturnType<typeof setUp>) {
  expect(readOutput(run.journal, 'ticks')).toEqual(ALL_TICKS);
  const events = readEvents(run.journal);
  expect(events.find((e) => e.type === 'step.finished' && e.payload.step === 'ticks')?.payload).toMatchObject({ status: 'passed', exitCode: 0 });
  expect(events.at(-1)).toMatchObject({ type: 'run.paused', payload: { reason: 'hangup' } });
  expect(events.some((e) => e.type === 'step.started' && e.payload.step === 'next')).toBe(false);
  const shown = JSON.parse((await runCli(['show', run.journal, '--json'], { env: run.env })).stdout) as { state: string };
  expect(shown.state).toBe('in_progress');
  // Resumable: the next operator session picks up at the next step.
  const resumed = await runCli(['resume', run.journal, '--plain'], { env: run.env, cwd: run.dir, input: 'y\n' });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toContain('next step ran');
  expect(resumed.stdout).not.toContain('tick 1');
}

describe('a lost SSH session', () => {
  it('SIGHUP while a step runs: the step finishes, its later lines are journaled, the run pauses, exit 0', async () => {
    const run = setUp();
    const driver = start(run);
    driver.child.stdin?.write('y\n');
    await waitFor(() => driver.out().includes('tick 2'), 'the step to be under way');
    driver.child.kill('SIGHUP');
    const exit = await driver.exited;
    expect(exit, driver.err()).toEqual({ code: 0, signal: null });
    expect(driver.err()).toBe('');
    await expectFinishedAndPaused(run);
  });

  it('SIGHUP at a prompt: nothing runs, the run pauses, exit 0', async () => {
    const run = setUp();
    const driver = start(run);
    await waitFor(() => driver.out().includes('Run: [y] run'), 'the first prompt');
    driver.child.kill('SIGHUP');
    expect(await driver.exited).toEqual({ code: 0, signal: null });
    const events = readEvents(run.journal);
    expect(events.some((e) => e.type === 'step.started')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run.paused', payload: { reason: 'hangup' } });
  });

  it('a vanished terminal (stdout closed mid-step) never crashes the tool or loses the step', async () => {
    const run = setUp();
    const driver = start(run);
    driver.child.stdin?.write('y\n');
    await waitFor(() => driver.out().includes('tick 1'), 'the step to print');
    // The reading end goes away, as a terminal does when its SSH session drops.
    driver.child.stdout?.destroy();
    const exit = await driver.exited;
    expect(exit, driver.err()).toEqual({ code: 0, signal: null });
    expect(driver.err()).not.toMatch(/internal error|EPIPE|\n\s+at /);
    await expectFinishedAndPaused(run);
  });
});
