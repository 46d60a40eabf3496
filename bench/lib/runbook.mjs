// Starting the real built CLI for a benchmark: its own home, its own bench log, and the
// runbooks the benchmarks drive (written into the run's temp dir, with absolute paths).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marks } from './bench-log.mjs';
import { shellQuote } from './tmux.mjs';
import { waitFor } from './stats.mjs';

export const EMIT = fileURLToPath(new URL('../fixtures/emit-lines.mjs', import.meta.url));

/** An environment with its own runbook home, so the benchmarks never touch anyone's journals. */
export function runbookEnv(ctx, extra = {}) {
  const home = join(ctx.tmp, ctx.home ?? 'home');
  mkdirSync(home, { recursive: true });
  const env = { HOME: home, RUNBOOK_HOME: join(home, 'runbook'), PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (process.env.LANG) env.LANG = process.env.LANG;
  return { ...env, ...extra };
}

/** The id of the shell step of oneStepRunbook(). */
export const FIRST_STEP = 'stream';

/** A runbook of one shell step and a manual check after it (so the run does not end). */
export function oneStepRunbook(ctx, name, command) {
  const file = join(ctx.tmp, `${name}.md`);
  writeFileSync(file, `# Bench ${name}\n\n## PHASE 1: Stream\n\n### 1.1 Print\n\n\`\`\`bash {#${FIRST_STEP}}\n${command}\n\`\`\`\n\n- [ ] Looked fine\n`);
  return file;
}


export function cliCommand(ctx, args) {
  return [process.execPath, ctx.cli, ...args].map(shellQuote).join(' ');
}

/**
 * Starts `runbook ARGS` in a tmux pane and waits for its first frame; returns the time
 * from exec to that frame, and the pid of the runbook process.
 */
export async function startScreen(ctx, tmux, name, args, { log, width = 100, height = 30, env = {} } = {}) {
  const pane = tmux.start(name, { env: runbookEnv(ctx, { ...env, RUNBOOK_BENCH_LOG: log }), cwd: ctx.tmp, command: cliCommand(ctx, args), width, height });
  let frame;
  try {
    frame = await waitFor(() => marks(log, 'frame')[0], `the first frame of runbook ${args.join(' ')}`, 30_000, 2);
  } catch (error) {
    throw new Error(`${error.message}\nthe pane shows:\n${tmux.capture(name)}`);
  }
  await waitFor(() => existsSync(pane.startFile) && pane.startedAt() > 0, 'the pane start time');
  return { firstFrameMs: frame.at - pane.startedAt(), firstFrameCpu: frame.cpu, pid: tmux.panePid(name) };
}

export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb * 1024;
  } catch {
    return NaN;
  }
}

