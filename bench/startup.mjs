// Startup rows: `runbook --help` and `runbook check` of the largest seed (cached and not),
// beside a bare `node -e 0`. The commands are run round-robin, so a change in the machine's load
// hits all of them alike; p50 of the wall time, warm-up runs excluded.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, ms, percentile } from './lib/stats.mjs';

const TIME = '/usr/bin/time';

/** Runs a command once; wall time from the spawn to the exit, CPU time (user+sys) when /usr/bin/time is there. */
function once(argv, options, tmp) {
  const cpuFile = join(tmp, 'cpu.txt');
  const withTime = existsSync(TIME);
  const [cmd, ...args] = withTime ? [TIME, '-f', '%U %S', '-o', cpuFile, ...argv] : argv;
  const started = performance.now();
  const result = spawnSync(cmd, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  let cpu = NaN;
  if (withTime) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpu = (user + sys) * 1000;
    rmSync(cpuFile);
  }
  return { wall, cpu };
}

/** The reference every row prints: a bare `node -e 0`, spawn to exit, p50. */
export async function nodeReference(ctx) {
  const walls = [];
  for (let i = 0; i < 3 + ctx.runs; i++) {
    const s = once([process.execPath, '-e', '0'], { env: ctx.env, cwd: ctx.tmp }, ctx.tmp);
    if (i >= 3) walls.push(s.wall);
  }
  ctx.reference.nodeStartup = median(walls);
}

export async function startupRows(ctx) {
  const seed = join(ctx.repo, 'test/fixtures/seeds/sprint-3-checklist.md');
  // `check` twice over: the first check of a file (its parse kept by nothing: the cache
  // turned off) and every check after it (the parsed runbook read from the cache).
  const commands = {
    node: [[process.execPath, '-e', '0'], ctx.env],
    help: [[process.execPath, ctx.cli, '--help'], ctx.env],
    check: [[process.execPath, ctx.cli, 'check', seed], ctx.env],
    checkCold: [[process.execPath, ctx.cli, 'check', seed], { ...ctx.env, RUNBOOK_NO_CACHE: '1' }],
  };
  const samples = { node: [], help: [], check: [], checkCold: [] };
  const warmup = 3;
  for (let i = 0; i < warmup + ctx.runs; i++) {
    for (const [name, [argv, env]] of Object.entries(commands)) {
      const s = once(argv, { env, cwd: ctx.tmp }, ctx.tmp);
      if (i >= warmup) samples[name].push(s);
    }
  }
  const wall = (name) => median(samples[name].map((s) => s.wall));
  const cpu = (name) => median(samples[name].map((s) => s.cpu));
  const p90 = (name) => percentile(samples[name].map((s) => s.wall), 90);
  const ref = `node -e 0: ${ms(wall('node'))} (cpu ${ms(cpu('node'))})`;
  ctx.reference.nodeStartup = wall('node');
  const row = (what, name, budget) => ({
    what,
    budget: `≤ ${budget} ms p50`,
    value: `${ms(wall(name))} p50, ${ms(p90(name))} p90 (cpu ${ms(cpu(name))})`,
    reference: ref,
    met: wall(name) <= budget,
    measured: wall(name),
    budgetValue: budget,
    runs: ctx.runs,
  });
  const check = row('`runbook check` sprint-3 seed (827 lines), checked before (parse cached)', 'check', 100);
  check.why = 'Node itself is most of it (the reference); loading the check path and the cached runbook add ~40 ms';
  const cold = row('`runbook check` sprint-3 seed, first check of the file (no cache)', 'checkCold', 100);
  cold.why = 'Node itself, then a cold parse: markdown-it and the dialect rules run for the first time in the process, ~100 ms of CPU (see the notes)';
  return [row('`runbook --help`', 'help', 100), check, cold];
}
