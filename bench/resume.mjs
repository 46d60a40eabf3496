// Resume of a crashed run whose running step holds 1,000,000 output lines: the first frame
// of `runbook resume`, beside a fresh `run` first frame of the same runbook. The journal is
// made for real: a --plain run prints the lines, and is killed (SIGKILL) mid-step once every
// line is committed; each resume works on a fresh copy of that journal.

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { outputLineCount } from './lib/journal.mjs';
import { FIRST_STEP, oneStepRunbook, runbookEnv, startScreen } from './lib/runbook.mjs';
import { median, ms, ratioRow, rotated, waitFor } from './lib/stats.mjs';
import { firstFrame, stop } from './first-frame.mjs';

const LINES = 1_000_000;

/** Child pids of a process (from /proc). */
function childrenOf(pid) {
  const out = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

/** A journal whose step was running, with LINES lines committed, when its runner died. */
async function crashedJournal(ctx, file) {
  const journal = join(ctx.tmp, 'crashed.db');
  const child = spawn(process.execPath, [ctx.cli, 'run', file, '--journal', journal, '--operator', 'bench', '--plain'], {
    env: runbookEnv(ctx),
    cwd: ctx.tmp,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.write('y\n');
  await waitFor(() => existsSync(journal) && outputLineCount(journal, FIRST_STEP) >= LINES, `${LINES} lines in the journal`, 300_000, 100);
  // The step's shell leads its own process group (it now sleeps): kill it and the runner.
  const shells = childrenOf(child.pid);
  process.kill(child.pid, 'SIGKILL');
  for (const pid of shells) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
  // Fold the WAL into the file, so one copyFileSync takes the whole journal.
  const db = new Database(journal);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return journal;
}

async function resumeOnce(ctx, tmux, crashed) {
  const name = `rs${ctx.serial++}`;
  const log = join(ctx.tmp, `${name}.log`);
  const journal = join(ctx.tmp, `${name}.db`);
  copyFileSync(crashed, journal);
  // The journal's anchor goes with it (journal/anchor.ts): without it, resume refuses the copy.
  copyFileSync(`${crashed}.anchor`, `${journal}.anchor`);
  const { firstFrameMs, firstFrameCpu, pid } = await startScreen(ctx, tmux, name, ['resume', journal, '--operator', 'bench'], { log });
  await stop(tmux, name, pid);
  for (const f of [log, journal, `${journal}-wal`, `${journal}-shm`, `${journal}.anchor`]) rmSync(f, { force: true });
  ctx.debug(`resume first frame: ${firstFrameMs.toFixed(1)} ms (cpu ${firstFrameCpu})`);
  return { wall: firstFrameMs, cpu: firstFrameCpu };
}

export async function resumeRows(ctx, tmux) {
  const file = oneStepRunbook(ctx, 'million', `seq 1 ${LINES}; exec sleep 600`);
  const crashed = await crashedJournal(ctx, file);
  // Printing a million lines loaded both cores: the first frames wait for the machine to settle.
  await ctx.quiet?.();
  const resumes = [];
  const fresh = [];
  const resumesBefore = [];
  const warmup = 2;
  // The build before a change (--before) resumes a copy of the same journal; each round
  // starts one further along the three.
  const tasks = [
    [resumes, () => resumeOnce(ctx, tmux, crashed)],
    [fresh, () => firstFrame(ctx, tmux, file, 'fresh run')],
    ...(ctx.before ? [[resumesBefore, () => resumeOnce(ctx.before, tmux, crashed)]] : []),
  ];
  for (let i = 0; i < warmup + ctx.runs; i++) {
    for (const [samples, once] of rotated(tasks, i)) {
      const sample = await once();
      if (i >= warmup) samples.push(sample);
    }
  }
  const walls = resumes.map((s) => s.wall);
  return [
    ratioRow({
      what: `first frame of \`runbook resume\`, a crashed run holding ${LINES.toLocaleString('en')} output lines`,
      walls,
      cpus: resumes.map((s) => s.cpu),
      reference: ctx.reference.nodeStartup,
      referenceText: `node -e 0: ${ms(ctx.reference.nodeStartup)} p50; a fresh \`run\` of the same runbook: ${ms(median(fresh.map((s) => s.wall)))} p50`,
      budget: 5,
      ...(ctx.before ? { before: { walls: resumesBefore.map((s) => s.wall), cpus: resumesBefore.map((s) => s.cpu) } } : {}),
      why: 'a fresh `run`\'s floor, plus verifying the whole journal before appending to it (every event, and every output chunk\'s SHA-256 and lines: ~25 ms of CPU for the million lines; see the notes)',
    }),
  ];
}
