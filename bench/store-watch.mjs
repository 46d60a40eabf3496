// `watch RUN --store` latency, as bench/watch.mjs measures the local watch: a driver in one
// tmux pane runs a step printing `rate` lines a second, publishing to the store; a follower
// in another pane watches the run through the store. For every driver commit (its commit
// hook: when durable, and the seq reached), the time until the follower writes a frame that
// shows that seq (its frame hook). Both processes on this machine: same clock.

import { join } from 'node:path';
import { commits, marks } from './lib/bench-log.mjs';
import { existsSync } from 'node:fs';
import { finished, openJournal } from './lib/journal.mjs';
import { EMIT, FIRST_STEP, oneStepRunbook, startScreen } from './lib/runbook.mjs';
import { hasTmux, shellQuote, Tmux } from './lib/tmux.mjs';
import { percentile, waitFor } from './lib/stats.mjs';
import { stop } from './first-frame.mjs';

/** `inStore(runId)`: whether the store has the run yet (the follower is started once it has). */
/** `noticeAt(runId, seq)`: when the store's NOTIFY of that event arrived (epoch ms), to split the lag. */
export async function storeWatchLag({ repo, tmp, storeUrl, inStore, noticeAt, rate = 10_000, seconds = 15 }) {
  if (!hasTmux()) throw new Error('the watch --store row needs tmux');
  const ctx = { repo, cli: join(repo, 'dist/cli.js'), tmp, serial: 0 };
  const tmux = new Tmux(tmp);
  try {
    const file = oneStepRunbook(ctx, 'store-watched', `node ${shellQuote(EMIT)} ${rate} ${seconds}`);
    const driverLog = join(tmp, 'store-driver.log');
    const followerLog = join(tmp, 'store-follower.log');
    const journal = join(tmp, 'store-driver.db');
    const env = { RUNBOOK_STORE: storeUrl };
    const d = await startScreen(ctx, tmux, 'sdrv', ['run', file, '--journal', journal, '--operator', 'bench'], { log: driverLog, env });
    const runId = await waitFor(() => firstHash(journal), 'the run id');
    // The store has the run once the publisher sent its first event.
    let known = false;
    await waitFor(() => {
      void inStore(runId).then((yes) => (known = yes));
      return known;
    }, 'the run in the store', 30_000, 100);
    const f = await startScreen(ctx, tmux, 'sfol', ['watch', runId, '--store'], { log: followerLog, env });
    const from = Date.now();
    tmux.sendKeys('sdrv', 'Enter');
    await waitFor(() => finished(journal, FIRST_STEP), 'the watched step to finish', (seconds + 120) * 1000, 50);
    const lastSeq = Math.max(...commits(driverLog).map((c) => c.seq));
    await waitFor(() => marks(followerLog, 'frame').some((m) => Number(m.detail) >= lastSeq), 'the follower to show the last event', 120_000, 20);
    const frames = marks(followerLog, 'frame').map((m) => ({ at: m.at, seq: Number(m.detail) }));
    const published = commits(driverLog)
      .filter((c) => c.at >= from)
      .map((c) => (noticeAt(runId, c.seq) ?? NaN) - c.at)
      .filter((v) => Number.isFinite(v));
    const lags = commits(driverLog)
      .filter((c) => c.at >= from)
      .map((c) => {
        const shown = frames.find((fr) => fr.seq >= c.seq && fr.at >= c.at);
        return shown ? shown.at - c.at : NaN;
      })
      .filter((v) => Number.isFinite(v));
    await stop(tmux, 'sfol', f.pid);
    await stop(tmux, 'sdrv', d.pid);
    return { p50: percentile(lags, 50), p95: percentile(lags, 95), max: Math.max(...lags), commits: lags.length, publishP50: percentile(published, 50), publishP95: percentile(published, 95) };
  } finally {
    tmux.close();
  }
}

function firstHash(journal) {
  if (!existsSync(journal)) return undefined;
  try {
    const db = openJournal(journal);
    try {
      return db.prepare('SELECT hash FROM events WHERE seq = 1').get()?.hash;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}
