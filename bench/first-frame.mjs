// First frame of `runbook run`: from the exec of the process to the first frame Ink writes
// into a real 100×30 tmux pane (source/bench-hooks.ts logs each frame as it is written).

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, ratioRow, rotated, waitFor } from './lib/stats.mjs';
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

/** A copy of the file whose content no earlier run has seen: nothing parsed is kept for it. */
function freshCopy(ctx, file) {
  const copy = join(ctx.tmp, `fresh-${ctx.serial++}.md`);
  writeFileSync(copy, `${readFileSync(file, 'utf8')}\n<!-- bench copy ${ctx.serial} -->\n`);
  return copy;
}

export async function firstFrameRows(ctx, tmux) {
  const seed = join(ctx.repo, 'test/fixtures/seeds/sprint-3-checklist.md');
  const small = oneStepRunbook(ctx, 'small', 'echo hello');
  // The seed twice over: run before (its parse cached, as after a `check`) and a first run
  // of the file (a copy with new content: nothing parsed kept for it; Node's compile cache warm).
  // Each build (this one, and the one before a change when --before names it) in turn.
  const builds = [['', ctx], ...(ctx.before ? [['Before', ctx.before]] : [])];
  const samples = Object.fromEntries(builds.flatMap(([tag]) => ['seed', 'seedCold', 'small'].map((k) => [`${k}${tag}`, []])));
  const warmup = 2;
  for (let i = 0; i < warmup + ctx.runs; i++) {
    for (const [tag, c] of rotated(builds, i)) {
      const a = await firstFrame(c, tmux, seed, `seed${tag}`);
      const cold = await firstFrame(c, tmux, freshCopy(c, seed), `seed, first run of the file${tag}`);
      const b = await firstFrame(c, tmux, small, `small${tag}`);
      if (i >= warmup) {
        samples[`seed${tag}`].push(a);
        samples[`seedCold${tag}`].push(cold);
        samples[`small${tag}`].push(b);
      }
    }
  }
  ctx.reference.freshRunFirstFrame = median(samples.small.map((s) => s.wall));
  const why = 'Node, then loading the run path, Ink and React, and their cold first render (see the notes)';
  const of = (list) => (list ? { walls: list.map((s) => s.wall), cpus: list.map((s) => s.cpu) } : undefined);
  const row = (what, name) => ratioRow({ what, ...of(samples[name]), reference: ctx.reference.nodeStartup, budget: 5, why, before: of(samples[`${name}Before`]) });
  return [
    row('first frame of `runbook run`, sprint-3 seed (827 lines), parse cached', 'seed'),
    row('first frame of `runbook run`, sprint-3 seed, first run of the file (no parsed copy)', 'seedCold'),
    row('first frame of `runbook run`, one-step runbook', 'small'),
  ];
}
