// Watch latency: a driver in one tmux pane runs a step printing 10,000 lines a second; a
// follower (`runbook watch`) in another pane shows the same run. For every journal commit
// of the driver (the commit hook logs when it is durable, and the seq it reached), the time
// until the follower writes a frame that shows that seq (the frame hook logs the seq the
// watcher's state holds).

import { join } from 'node:path';
import { commits, marks } from './lib/bench-log.mjs';
import { finished, started } from './lib/journal.mjs';
import { EMIT, FIRST_STEP, oneStepRunbook, startScreen } from './lib/runbook.mjs';
import { shellQuote } from './lib/tmux.mjs';
import { ms, percentile, waitFor } from './lib/stats.mjs';
import { stop } from './first-frame.mjs';

export async function watchRows(ctx, tmux) {
  const seconds = 15;
  const file = oneStepRunbook(ctx, 'watched', `node ${shellQuote(EMIT)} 10000 ${seconds}`);
  const driver = `drv${ctx.serial++}`;
  const follower = `fol${ctx.serial++}`;
  const driverLog = join(ctx.tmp, `${driver}.log`);
  const followerLog = join(ctx.tmp, `${follower}.log`);
  const journal = join(ctx.tmp, `${driver}.db`);
  const d = await startScreen(ctx, tmux, driver, ['run', file, '--journal', journal, '--operator', 'bench'], { log: driverLog });
  const f = await startScreen(ctx, tmux, follower, ['watch', journal], { log: followerLog });
  const from = Date.now();
  await tmux.sendKeys(driver, 'Enter');
  await waitFor(() => finished(journal, FIRST_STEP), 'the watched step to finish', (seconds + 60) * 1000, 50);
  const lastSeq = Math.max(...commits(driverLog).map((c) => c.seq));
  await waitFor(() => marks(followerLog, 'frame').some((m) => Number(m.detail) >= lastSeq), 'the follower to show the last event', 10_000, 10);
  const frames = marks(followerLog, 'frame').map((m) => ({ at: m.at, seq: Number(m.detail) }));
  const latencies = commits(driverLog)
    .filter((c) => c.at >= from)
    .map((c) => {
      const shown = frames.find((fr) => fr.seq >= c.seq && fr.at >= c.at);
      return shown ? shown.at - c.at : NaN;
    })
    .filter((v) => Number.isFinite(v));
  const begun = started(journal, FIRST_STEP);
  await stop(tmux, follower, f.pid);
  await stop(tmux, driver, d.pid);
  ctx.debug(`watch: ${latencies.length} commits, p50 ${percentile(latencies, 50).toFixed(1)} p95 ${percentile(latencies, 95).toFixed(1)} max ${Math.max(...latencies).toFixed(1)}`);
  const p95 = percentile(latencies, 95);
  return [
    {
      what: 'watch: driver commit → follower frame, while the step prints 10k lines/s',
      budget: 'p95 ≤ 100 ms',
      value: `p95 ${ms(p95, 1)}, p50 ${ms(percentile(latencies, 50), 1)}, max ${ms(Math.max(...latencies), 1)} (${latencies.length} commits${begun ? '' : ', step not started'})`,
      reference: '—',
      met: p95 <= 100,
      measured: p95,
      budgetValue: 100,
      runs: latencies.length,
    },
  ];
}
