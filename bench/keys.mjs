// Keypress latency: a key sent into the pane (tmux control client) → the run screen's key
// handler (source/bench-hooks.ts logs it on entry), idle and while a step prints 10,000
// lines a second. The key is `?` (help on, help off): harmless while a step runs. Also
// shown: key → the next frame on the terminal.

import { join } from 'node:path';
import { marks } from './lib/bench-log.mjs';
import { finished, started } from './lib/journal.mjs';
import { EMIT, FIRST_STEP, oneStepRunbook, startScreen } from './lib/runbook.mjs';
import { shellQuote } from './lib/tmux.mjs';
import { ms, percentile, waitFor } from './lib/stats.mjs';
import { stop } from './first-frame.mjs';

const KEYS = 120;

/** Sends KEYS keys 40–100 ms apart, each after the last was handled; latency to handler and to the next frame. */
async function pressKeys(ctx, tmux, name, log) {
  const handler = [];
  const frame = [];
  for (let i = 0; i < KEYS; i++) {
    const before = marks(log, 'key').length;
    const sentAt = await tmux.sendKeys(name, '?');
    const key = await waitFor(() => marks(log, 'key')[before], `key ${i} to reach the handler`, 10_000, 1);
    handler.push(key.at - sentAt);
    const next = await waitFor(() => marks(log, 'frame').find((f) => f.at >= key.at), `a frame after key ${i}`, 10_000, 2);
    frame.push(next.at - sentAt);
    await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 60));
  }
  return { handler, frame };
}

export async function keyRows(ctx, tmux) {
  // Long enough for every key to be pressed while it prints.
  const seconds = Math.ceil((KEYS * 0.2) + 10);
  const file = oneStepRunbook(ctx, 'paced', `node ${shellQuote(EMIT)} 10000 ${seconds}`);
  const name = `keys${ctx.serial++}`;
  const log = join(ctx.tmp, `${name}.log`);
  const journal = join(ctx.tmp, `${name}.db`);
  const { pid } = await startScreen(ctx, tmux, name, ['run', file, '--journal', journal, '--operator', 'bench'], { log });
  const idle = await pressKeys(ctx, tmux, name, log);
  // An even number of `?` leaves help closed: enter runs the step.
  await tmux.sendKeys(name, 'Enter');
  await waitFor(() => started(journal, FIRST_STEP), 'the 10k lines/s step to start', 30_000, 10);
  await waitFor(() => marks(log, 'commit').length > 3, 'output to stream', 30_000, 10);
  const busy = await pressKeys(ctx, tmux, name, log);
  const stillRunning = !finished(journal, FIRST_STEP);
  // Ctrl-C stops the step; a hangup while it runs would let it finish first.
  await tmux.sendKeys(name, 'C-c');
  await waitFor(() => finished(journal, FIRST_STEP), 'the step to stop after ctrl-c', 30_000, 20);
  await stop(tmux, name, pid);
  ctx.debug(`keys idle p50 ${percentile(idle.handler, 50).toFixed(1)} p99 ${percentile(idle.handler, 99).toFixed(1)}; busy p50 ${percentile(busy.handler, 50).toFixed(1)} p99 ${percentile(busy.handler, 99).toFixed(1)}; still running at the end: ${stillRunning}`);
  const p99 = percentile(busy.handler, 99);
  return [
    {
      what: 'keypress → handler while a step prints 10k lines/s',
      budget: 'p99 ≤ 50 ms',
      value: `p99 ${ms(p99, 1)}, p50 ${ms(percentile(busy.handler, 50), 1)}; key → next frame p99 ${ms(percentile(busy.frame, 99), 1)} (${KEYS} keys${stillRunning ? '' : '; the step ended before the last key'})`,
      reference: `idle: p99 ${ms(percentile(idle.handler, 99), 1)}, p50 ${ms(percentile(idle.handler, 50), 1)}; key → next frame p99 ${ms(percentile(idle.frame, 99), 1)}`,
      met: p99 <= 50 && stillRunning,
      measured: p99,
      budgetValue: 50,
      runs: KEYS,
    },
  ];
}
