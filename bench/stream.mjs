// A step printing 2,000,000 lines as fast as it can, in a 100×30 tmux pane: wall time
// beside the bare command printing into the same pane, lines lost in the journal, journal
// commits (rate and duration, from the commit hook), and the runner's RSS.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { commits } from './lib/bench-log.mjs';
import { finished, started, verifySeqOutput } from './lib/journal.mjs';
import { cliCommand, FIRST_STEP, oneStepRunbook, rssOf, runbookEnv, startScreen } from './lib/runbook.mjs';
import { mb, median, ms, percentile, ratioRow, rotated, waitFor } from './lib/stats.mjs';
import { stop } from './first-frame.mjs';
import { spawn } from 'node:child_process';

const LINES = 2_000_000;

/** The bare command in a fresh 100×30 pane: exec → exit, timed by bash itself. */
async function bare(ctx, tmux, command) {
  const name = `bare${ctx.serial++}`;
  const end = join(ctx.tmp, `${name}.end`);
  const pane = tmux.start(name, { env: runbookEnv(ctx), cwd: ctx.tmp, command: `${command}; printf '%s\\n' "$EPOCHREALTIME" > ${end}`, exec: false });
  await waitFor(() => existsSync(end) && readFileSync(end, 'utf8').trim() !== '', 'the bare command to finish', 120_000, 20);
  const wall = Number(readFileSync(end, 'utf8').trim().replace(',', '.')) * 1000 - pane.startedAt();
  tmux.kill(name);
  return wall;
}

/** Samples a process's RSS until stopped; returns the peak. */
function sampleRss(pid, everyMs = 20) {
  let peak = 0;
  const timer = setInterval(() => {
    const rss = rssOf(pid);
    if (rss > peak) peak = rss;
  }, everyMs);
  // A benchmark that fails must not be kept alive by its sampler.
  timer.unref();
  return { stop: () => (clearInterval(timer), peak), peak: () => peak };
}

/** Wall time of a step from the journal: step.started → step.finished. */
function stepWall(journal, step) {
  const a = started(journal, step);
  const b = finished(journal, step);
  return Date.parse(b.at) - Date.parse(a.at);
}

function commitStats(log, from, to) {
  const list = commits(log).filter((c) => c.at >= from && c.at <= to);
  const seconds = (to - from) / 1000;
  const durations = list.map((c) => c.durationMs);
  // The busiest second: a steady rate can hide a burst.
  let worstSecond = 0;
  for (const c of list) worstSecond = Math.max(worstSecond, list.filter((d) => d.at >= c.at && d.at < c.at + 1000).length);
  return { count: list.length, perSecond: list.length / seconds, worstSecond, p99: percentile(durations, 99), max: Math.max(...durations), durations };
}

/** One screen run of the step: wall, journal check, commits, memory. */
async function screenRun(ctx, tmux, file) {
  const name = `st${ctx.serial++}`;
  const log = join(ctx.tmp, `${name}.log`);
  const journal = join(ctx.tmp, `${name}.db`);
  const { pid } = await startScreen(ctx, tmux, name, ['run', file, '--journal', journal, '--operator', 'bench'], { log });
  // Idle RSS: the screen up and waiting, sampled for a second.
  const idle = sampleRss(pid);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = idle.stop();
  const busy = sampleRss(pid);
  await tmux.sendKeys(name, 'Enter');
  await waitFor(() => finished(journal, FIRST_STEP), 'the 2M-line step to finish', 300_000, 50);
  const peakRss = busy.stop();
  const wall = stepWall(journal, FIRST_STEP);
  const from = Date.parse(started(journal, FIRST_STEP).at);
  const stats = commitStats(log, from, from + wall);
  const check = verifySeqOutput(journal, FIRST_STEP, LINES);
  await stop(tmux, name, pid);
  ctx.debug(`screen ingest: ${wall} ms, ${JSON.stringify(check)}, ${stats.count} commits (${stats.perSecond.toFixed(1)}/s, p99 ${stats.p99.toFixed(1)} ms), rss idle ${mb(idleRss)} peak ${mb(peakRss)}`);
  for (const f of [log, journal, `${journal}-wal`, `${journal}-shm`]) rmSync(f, { force: true });
  return { wall, check, stats, idleRss, peakRss };
}

/**
 * The step through `run --plain` in a fresh 100×30 pane, as an operator without the full
 * screen sees it: every line goes to the terminal. `y` and enter start it.
 */
async function plainPaneRun(ctx, tmux, file) {
  const name = `pp${ctx.serial++}`;
  const journal = join(ctx.tmp, `${name}.db`);
  tmux.start(name, { env: runbookEnv(ctx), cwd: ctx.tmp, command: cliCommand(ctx, ['run', file, '--journal', journal, '--operator', 'bench', '--plain']) });
  await waitFor(() => tmux.capture(name).includes('Run: [y]'), 'the plain prompt', 30_000, 10);
  await tmux.sendKeys(name, 'y', 'Enter');
  await waitFor(() => finished(journal, FIRST_STEP), 'the plain 2M-line step to finish in the pane', 300_000, 50);
  const wall = stepWall(journal, FIRST_STEP);
  const check = verifySeqOutput(journal, FIRST_STEP, LINES);
  tmux.kill(name);
  ctx.debug(`plain in a pane: ${wall} ms, ${JSON.stringify(check)}`);
  return { wall, check };
}

/** The same step through `run --plain` (output to /dev/null), for comparison. */
async function plainRun(ctx, file) {
  const name = `pl${ctx.serial++}`;
  const log = join(ctx.tmp, `${name}.log`);
  const journal = join(ctx.tmp, `${name}.db`);
  const child = spawn(process.execPath, [ctx.cli, 'run', file, '--journal', journal, '--operator', 'bench', '--plain'], {
    env: runbookEnv(ctx, { RUNBOOK_BENCH_LOG: log }),
    cwd: ctx.tmp,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const rss = sampleRss(child.pid);
  child.stdin.write('y\n');
  await waitFor(() => finished(journal, FIRST_STEP), 'the plain 2M-line step to finish', 300_000, 50);
  const peakRss = rss.stop();
  child.stdin.end('q\n');
  await new Promise((resolve) => child.once('exit', resolve));
  const wall = stepWall(journal, FIRST_STEP);
  const from = Date.parse(started(journal, FIRST_STEP).at);
  const stats = commitStats(log, from, from + wall);
  const check = verifySeqOutput(journal, FIRST_STEP, LINES);
  ctx.debug(`plain ingest: ${wall} ms, ${JSON.stringify(check)}, ${stats.count} commits (${stats.perSecond.toFixed(1)}/s, p99 ${stats.p99.toFixed(1)} ms), rss peak ${mb(peakRss)}`);
  for (const f of [log, journal, `${journal}-wal`, `${journal}-shm`]) rmSync(f, { force: true });
  return { wall, check, stats, peakRss };
}

export async function streamRows(ctx, tmux) {
  const command = `seq 1 ${LINES}`;
  const file = oneStepRunbook(ctx, 'stream', command);
  const runs = Math.max(3, Math.ceil(ctx.runs / 7));
  const bareWalls = [];
  const screens = [];
  for (let i = 0; i < runs; i++) {
    bareWalls.push(await bare(ctx, tmux, command));
    screens.push(await screenRun(ctx, tmux, file));
  }
  const plain = await plainRun(ctx, file);
  const panes = [];
  const paneBare = [];
  const panesBefore = [];
  // The build before a change (--before), in the same loop; each round starts one further along.
  const tasks = [
    [paneBare, () => bare(ctx, tmux, command)],
    [panes, () => plainPaneRun(ctx, tmux, file)],
    ...(ctx.before ? [[panesBefore, () => plainPaneRun(ctx.before, tmux, file)]] : []),
  ];
  for (let i = 0; i < runs; i++) {
    for (const [samples, once] of rotated(tasks, i)) samples.push(await once());
  }
  const paneLost = Math.max(...panes.map((p) => p.check.lost + p.check.wrong + p.check.extra));
  const bareP50 = median(bareWalls);
  const wallP50 = median(screens.map((s) => s.wall));
  const lost = Math.max(...screens.map((s) => s.check.lost + s.check.wrong + s.check.extra));
  const rate = Math.max(...screens.map((s) => s.stats.perSecond));
  const worstSecond = Math.max(...screens.map((s) => s.stats.worstSecond));
  // Every commit of every screen run, pooled.
  const durations = screens.flatMap((s) => s.stats.durations);
  const commitP99 = percentile(durations, 99);
  const commitMax = Math.max(...durations);
  const peak = Math.max(...screens.map((s) => s.peakRss));
  const idle = median(screens.map((s) => s.idleRss));
  const ratio = wallP50 / bareP50;
  return [
    {
      what: `ingest: \`seq 1 ${LINES.toLocaleString('en')}\` in a 100×30 tmux pane`,
      budget: '0 lines lost; wall ≤ 1.5× bare',
      value: `${lost} lines lost/wrong in ${runs} runs; ${ms(wallP50)} p50 = ${ratio.toFixed(2)}× bare (plain: ${ms(plain.wall)}, ${plain.check.lost + plain.check.wrong} lost)`,
      reference: `bare command in the pane: ${ms(bareP50)} p50`,
      met: lost === 0 && plain.check.lost + plain.check.wrong === 0 && ratio <= 1.5,
      measured: ratio,
      budgetValue: 1.5,
      unit: 'ratio',
      runs,
    },
    {
      ...ratioRow({
        what: `\`seq 1 ${LINES.toLocaleString('en')}\` through \`run --plain\` in a 100×30 tmux pane`,
        walls: panes.map((p) => p.wall),
        reference: median(paneBare),
        referenceText: `bare command in the pane: ${ms(median(paneBare))} p50`,
        budget: 1.5,
        ...(ctx.before ? { before: { walls: panesBefore.map((p) => p.wall) } } : {}),
      }),
      value: `${ratioRow({ what: '', walls: panes.map((p) => p.wall), reference: median(paneBare), budget: 1.5 }).value}; ${paneLost} lines lost/wrong`,
      met: paneLost === 0 && median(panes.map((p) => p.wall)) / median(paneBare) <= 1.5,
    },
    {
      what: 'journal commits during the 2M-line step',
      budget: '≤ 30 commits/s, commit p99 ≤ 10 ms',
      value: `${rate.toFixed(1)}/s average, ${worstSecond} in the busiest second; p99 ${ms(commitP99, 1)}, max ${ms(commitMax, 1)} over ${durations.length} commits (plain: ${plain.stats.perSecond.toFixed(1)}/s, p99 ${ms(plain.stats.p99, 1)})`,
      reference: '—',
      met: worstSecond <= 30 && commitP99 <= 10,
      measured: commitP99,
      budgetValue: 10,
      why: 'a commit is one fsync; this VM disk takes 1–15 ms for one under load',
      runs,
    },
    {
      what: 'memory during the 2M-line step (peak RSS of the runner)',
      budget: '≤ 250 MB',
      value: `${mb(peak)} peak (plain: ${mb(plain.peakRss)})`,
      reference: `idle screen: ${mb(idle)}`,
      met: peak <= 250 * 1024 * 1024 && plain.peakRss <= 250 * 1024 * 1024,
      measured: peak / 1024 / 1024,
      budgetValue: 250,
      unit: 'MB',
      runs,
    },
  ];
}
