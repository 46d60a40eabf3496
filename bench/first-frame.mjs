// First frame of `runbook run`: from the exec of the process to the first frame Ink writes
// into a real 100×30 tmux pane (source/bench-hooks.ts logs each frame as it is written).

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, ms, percentile, waitFor } from './lib/stats.mjs';
import { oneStepRunbook, startScreen } from './lib/runbook.mjs';

/** One fresh `run` of a runbook in a new pane, stopped again at once; the exec → first frame time. */
export async function firstFrame(ctx, tmux, file, tag, env = {}) {
  const n = ctx.serial++;
  const name = `ff${n}`;
  const log = join(ctx.tmp, `${name}.log`);
  const journal = join(ctx.tmp, `${name}.db`);
  const { firstFrameMs, firstFrameCpu, pid } = await startScreen(ctx, tmux, name, ['run', file, '--journal', journal, '--operator', 'bench'], { log, env });
  await stop(tmux, name, pid);
  for (const f of [log, journal, `${journal}-wal`, `${journal}-shm`]) rmSync(f, { force: true });
  ctx.debug(`first frame ${tag}: ${firstFrameMs.toFixed(1)} ms (cpu ${firstFrameCpu} ms)`);
  return { wall: firstFrameMs, cpu: firstFrameCpu };
}

/** Ends the pane's runbook (a hangup: it pauses the run) and waits until the process is gone. */
export async function stop(tmux, name, pid) {
  tmux.kill(name);
  await waitFor(() => !existsSync(`/proc/${pid}`), `runbook (pid ${pid}) to exit`, 15_000);
}

export async function firstFrameRows(ctx, tmux) {
  const seed = join(ctx.repo, 'test/fixtures/seeds/sprint-3-checklist.md');
  const small = oneStepRunbook(ctx, 'small', 'echo hello');
  // The seed twice over: run before (its parse cached, as after a `check`) and a first run
  // of the file (the cache turned off).
  const samples = { seed: [], seedCold: [], small: [] };
  const warmup = 2;
  for (let i = 0; i < warmup + ctx.runs; i++) {
    const a = await firstFrame(ctx, tmux, seed, 'seed');
    const c = await firstFrame(ctx, tmux, seed, 'seed, no cache', { RUNBOOK_NO_CACHE: '1' });
    const b = await firstFrame(ctx, tmux, small, 'small');
    if (i >= warmup) {
      samples.seed.push(a);
      samples.seedCold.push(c);
      samples.small.push(b);
    }
  }
  ctx.reference.freshRunFirstFrame = median(samples.small.map((s) => s.wall));
  const ref = `node -e 0: ${ms(ctx.reference.nodeStartup)}`;
  const row = (what, list) => {
    const walls = list.map((s) => s.wall);
    return {
      what,
      budget: '≤ 200 ms p50',
      value: `${ms(median(walls))} p50, ${ms(percentile(walls, 90))} p90 (cpu ${ms(median(list.map((s) => s.cpu)))})`,
      reference: ref,
      met: median(walls) <= 200,
      measured: median(walls),
      budgetValue: 200,
      runs: list.length,
      why: 'Node, then ~70 ms to load the run path, ~75 ms to load Ink and React and ~50 ms for their cold first render (see the notes)',
    };
  };
  return [
    row('first frame of `runbook run`, sprint-3 seed (827 lines), parse cached', samples.seed),
    row('first frame of `runbook run`, sprint-3 seed, first run of the file (no cache)', samples.seedCold),
    row('first frame of `runbook run`, one-step runbook', samples.small),
  ];
}
