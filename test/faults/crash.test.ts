// kill -9 of a real runner at random moments of a long run, and a power cut that tears
// the write-ahead log mid-frame. After each: the journal verifies, everything the operator
// saw finish is recorded (with the very output shown), the step that was running is
// interrupted (never done), and `resume` carries the run to its end.

import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, waitFor } from '../helpers/cli';
import { createSqlite, killAt, plainFrontEnd, prepareRun, type CrashRun, type FrontEnd } from './support/crash-harness';
import { readEvents, readOutput, type StoredEvent } from './support/journal-file';
import { tuiFrontEnd } from './support/tui-front-end';
import { random, suiteSeed } from './support/prng';

const LONG_RUN = new URL('fixtures/long-run.md', import.meta.url).pathname;
const FLOOD = new URL('fixtures/flood.md', import.meta.url).pathname;
const TRIALS = 20;
const FINISHING = new Set(['step.finished', 'step.marked', 'step.skipped', 'input.given', 'signoff.recorded', 'signoff.refused', 'decision.taken']);

async function longRun(name: string): Promise<CrashRun> {
  return prepareRun(LONG_RUN, name, (dir) => createSqlite(join(dir, 'ledger.db')));
}

async function showJson(run: CrashRun): Promise<{ state: string; steps: { id: string; status: string }[]; chain: { valid: boolean } }> {
  const shown = await runCli(['show', run.journal, '--json'], { env: run.env });
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout);
}

/** The steps started and not finished in these events: what was running at the kill. */
function runningAt(events: StoredEvent[]): string[] {
  const running = new Set<string>();
  for (const e of events) {
    const step = e.payload.step;
    if (typeof step !== 'string') continue;
    if (e.type === 'step.started') running.add(step);
    else if (FINISHING.has(e.type) || e.type === 'step.interrupted') running.delete(step);
  }
  return [...running];
}

/** How long a whole run takes through this front end, so kill moments spread over all of it. */
async function calibrate(frontEnd: FrontEnd): Promise<number> {
  const run = await longRun('calibrate');
  const driven = frontEnd.start(run);
  await waitFor(() => driven.started(), 'the calibration run to start', 30_000);
  const began = Date.now();
  await driven.exited;
  const shown = await showJson(run);
  expect(shown.state, driven.transcript().slice(-2000)).toBe('completed');
  expect(shown.steps.every((s) => s.status === 'passed' || s.status === 'done'), JSON.stringify(shown.steps)).toBe(true);
  return Date.now() - began;
}

async function crashTrial(frontEnd: FrontEnd, trial: number, killAfterMs: number): Promise<string> {
  const run = await longRun(`crash-${trial}`);
  const driven = frontEnd.start(run);
  const how = await killAt(driven, killAfterMs);
  const context = `${frontEnd.name} trial ${trial} (kill at +${killAfterMs} ms, ${how})\n${driven.transcript().slice(-1500)}`;

  // The journal survives the kill whole, and is never behind its anchor (at most one commit ahead).
  const verified = await runCli(['verify', run.journal], { env: run.env });
  expect(verified.code, `${context}\n${verified.stdout}${verified.stderr}`).toBe(0);
  expect(verified.stdout, context).toMatch(/^anchor matches/m);
  const atKill = readEvents(run.journal);

  // Everything the operator saw finish is recorded, with the output that was on screen.
  const shown = driven.shownFinished();
  for (const step of shown) {
    const finished = atKill.filter((e) => FINISHING.has(e.type) && e.payload.step === step.id);
    expect(finished.length, `${context}\nno record of ${step.id}, shown finished`).toBeGreaterThan(0);
    if (step.output) expect(readOutput(run.journal, step.id), `${context}\noutput of ${step.id}`).toEqual(step.output);
  }

  // The step that was running is interrupted, never passed.
  const running = runningAt(atKill);
  expect(running.length, context).toBeLessThanOrEqual(1);
  const before = await showJson(run);
  for (const id of running) expect(before.steps.find((s) => s.id === id)?.status, context).toBe('interrupted');

  // Resume carries the run to its end, re-running the interrupted step.
  const resumed = await frontEnd.resumeToEnd(run);
  expect(resumed.code, `${context}\n--- resume ---\n${resumed.transcript.slice(-2000)}`).toBe(0);
  if (running.length > 0) expect(resumed.transcript, context).toContain('INTERRUPTED, not done');
  const after = readEvents(run.journal);
  // Nothing recorded before the kill changed: the chain only grew.
  expect(after.slice(0, atKill.length).map((e) => e.hash), context).toEqual(atKill.map((e) => e.hash));
  for (const id of running) expect(after.some((e) => e.type === 'step.interrupted' && e.payload.step === id), context).toBe(true);
  const end = await showJson(run);
  expect(end.state, context).toBe('completed');
  expect(end.steps.filter((s) => s.status !== 'passed' && s.status !== 'done'), context).toEqual([]);
  expect((await runCli(['verify', run.journal], { env: run.env })).code, context).toBe(0);
  return `${how}${running.length ? `, interrupted ${running[0]}` : ''}, ${shown.length} steps shown finished`;
}

describe.each([plainFrontEnd, tuiFrontEnd])('kill -9 of the $name runner at random moments of a long run', (frontEnd) => {
  it(`${TRIALS} trials: verify passes, what was shown is recorded, the running step is interrupted, resume completes`, async () => {
    const seed = suiteSeed(20_261_123);
    const rng = random(seed);
    const span = await calibrate(frontEnd);
    console.log(`crash trials (${frontEnd.name}): seed ${seed} (replay with RUNBOOK_FAULT_SEED=${seed}), a whole run takes ${span} ms`);
    for (let trial = 1; trial <= TRIALS; trial++) {
      const at = Math.round(rng.next() * span);
      const summary = await crashTrial(frontEnd, trial, at);
      console.log(`  trial ${trial}: kill at +${at} ms → ${summary}`);
    }
  }, 600_000);
});

/** The WAL's frames whose salt matches its header: the log SQLite would replay. */
function walFrames(wal: Buffer): { pageSize: number; frames: number } {
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  let frames = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salt)) break;
    frames += 1;
  }
  return { pageSize, frames };
}

describe('a power cut that tears the write-ahead log in the middle of a frame', () => {
  it('opens, passes integrity_check, and verifies up to the last complete commit', async () => {
    const run = await prepareRun(FLOOD, 'power-cut');
    const driven = plainFrontEnd.start(run);
    // Kill while the flood streams: many small commits sit in the log, none checkpointed yet.
    await waitFor(() => {
      try {
        const events = readEvents(run.journal);
        return events.filter((e) => e.type === 'output').length >= 8;
      } catch {
        return false;
      }
    }, 'the flood to be committed in several frames', 30_000);
    driven.kill();
    await driven.exited;
    const whole = readEvents(run.journal);

    // The disk as a power cut leaves it: the log's last writes never made it.
    const cut = join(run.dir, 'cut.runbook.sqlite');
    copyFileSync(run.journal, cut);
    copyFileSync(`${run.journal}-wal`, `${cut}-wal`);
    const { pageSize, frames } = walFrames(readFileSync(`${cut}-wal`));
    expect(frames, 'frames in the log').toBeGreaterThan(4);
    const frame = 24 + pageSize;
    const tornAt = 32 + Math.floor(frames / 2) * frame + Math.floor(frame / 2);
    truncateSync(`${cut}-wal`, tornAt);
    expect(statSync(`${cut}-wal`).size).toBe(tornAt);

    const db = new Database(cut, { fileMustExist: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const survived = readEvents(cut);
    // At the kill the anchor named one of the journal's events, never one past its end.
    const atKill = JSON.parse(readFileSync(`${run.journal}.anchor`, 'utf8')) as { events: number; head: string };
    expect(atKill.events).toBeLessThanOrEqual(whole.length);
    expect(atKill.head).toBe(whole[atKill.events - 1]?.hash);
    // The anchor is written only after a commit is durable, so a power cut leaves it naming
    // at most the last commit that survived. A log that lost commits it had acknowledged
    // would be behind their anchor, and verify would say so:
    const anchorAt = (e: StoredEvent | undefined) => `${JSON.stringify({ format: 'runbook-anchor', version: 1, events: e?.seq, head: e?.hash })}\n`;
    writeFileSync(`${cut}.anchor`, anchorAt(whole.at(-1)));
    const lost = await runCli(['verify', cut], { env: run.env });
    expect(lost.code, lost.stdout).toBe(1);
    expect(lost.stdout).toContain(`journal BEHIND its anchor: the anchor records ${whole.length} events`);
    writeFileSync(`${cut}.anchor`, anchorAt(survived.at(-1)));
    const verified = await runCli(['verify', cut], { env: run.env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // What survives is exactly the journal as it was at an earlier commit.
    expect(survived.length).toBeGreaterThan(0);
    expect(survived.length).toBeLessThan(whole.length);
    expect(survived.map((e) => e.hash)).toEqual(whole.slice(0, survived.length).map((e) => e.hash));
    console.log(`power cut: log torn at byte ${tornAt} of frame ${Math.floor(frames / 2) + 1}/${frames}; ${survived.length} of ${whole.length} events survive`);

    // And the torn journal still resumes to the end.
    // The interrupted flood is marked failed rather than re-run: the run ends with exit 1.
    const resumed = await runCli(['resume', cut, '--plain', '--operator', 'crash-tester'], { env: run.env, cwd: run.dir, input: 'n\ny\n', timeoutMs: 60_000 });
    expect(resumed.code, resumed.stdout.slice(-2000) + resumed.stderr).toBe(1);
    expect(resumed.stdout).toContain('INTERRUPTED, not done');
    expect(resumed.stdout).toContain('after the flood');
    expect((await runCli(['verify', cut], { env: run.env })).code).toBe(0);
  }, 120_000);
});
