// `npm run bench`: builds dist/ if it is stale, runs every benchmark against the built CLI,
// prints each figure beside its budget and its reference, and writes bench/results.md.
//
//   node bench/run.mjs [--runs N] [--only startup,first-frame,stream,keys,resume,watch]
//                      [--cli PATH] [--before PATH] [--wait-quiet SECONDS] [--no-write] [--verbose]
//
// --before PATH: another build's dist/cli.js (the code before a change), measured in the same
// loops as --cli for the startup, first-frame, resume and --plain-in-a-pane rows: each row then shows both,
// beside the same node -e 0, so the machine's load moves them alike.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasTmux, Tmux } from './lib/tmux.mjs';
import { loadNow, machine, writeResults } from './lib/report.mjs';
import { nodeReference, startupRows } from './startup.mjs';
import { firstFrameRows } from './first-frame.mjs';
import { streamRows } from './stream.mjs';
import { keyRows } from './keys.mjs';
import { resumeRows } from './resume.mjs';
import { watchRows } from './watch.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SUITES = ['startup', 'first-frame', 'stream', 'keys', 'resume', 'watch'];
const SCREEN = new Set(['first-frame', 'stream', 'keys', 'resume', 'watch']);

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    only: { type: 'string' },
    cli: { type: 'string' },
    before: { type: 'string' },
    'wait-quiet': { type: 'string', default: '0' },
    'no-write': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

/** The same run for another build: its own home (so caches never mix), the same serial numbers. */
function beforeContext(ctx, cli) {
  return Object.create(ctx, {
    cli: { value: cli },
    home: { value: 'home-before' },
    env: { value: { ...ctx.env, RUNBOOK_HOME: join(ctx.tmp, 'rb-before') } },
    serial: {
      get: () => ctx.serial,
      set: (n) => {
        ctx.serial = n;
      },
    },
  });
}

/** dist/ is stale when any source file is newer than dist/cli.js. */
function distIsStale() {
  let built;
  try {
    built = statSync(join(repo, 'dist/cli.js')).mtimeMs;
  } catch {
    return true;
  }
  const newest = (dir) => {
    let latest = 0;
    for (const entry of execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      latest = Math.max(latest, statSync(entry).mtimeMs);
    }
    return latest;
  };
  return newest(join(repo, 'source')) > built;
}

/** The suites whose figures are start-up times: each waits for a quiet machine first (--wait-quiet). */
const QUIET_FIRST = new Set(['startup', 'first-frame', 'resume']);

async function waitQuiet(seconds) {
  const cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  const deadline = Date.now() + seconds * 1000;
  while (loadNow() > cores / 2 && Date.now() < deadline) {
    process.stderr.write(`\rwaiting for a quiet machine: load ${loadNow().toFixed(2)} on ${cores} cores `);
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (seconds > 0) process.stderr.write('\n');
}

async function main() {
  const only = values.only ? values.only.split(',') : SUITES;
  for (const s of only) if (!SUITES.includes(s)) throw new Error(`unknown suite ${s} (one of ${SUITES.join(', ')})`);
  let cli = values.cli ? resolve(values.cli) : join(repo, 'dist/cli.js');
  if (!values.cli && distIsStale()) {
    process.stderr.write('dist/ is stale: npm run build\n');
    const built = spawnSync(process.execPath, ['.ci/build.mjs'], { cwd: repo, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
  }
  await waitQuiet(Number(values['wait-quiet']));
  const tmp = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
  const ctx = {
    repo,
    cli,
    tmp,
    runs: Number(values.runs),
    env: { PATH: process.env.PATH, HOME: tmp, RUNBOOK_HOME: join(tmp, 'rb') },
    reference: {},
    serial: 0,
    debug: values.verbose ? (m) => process.stderr.write(`  ${m}\n`) : () => undefined,
    // A start-up figure is a few ms of CPU: it waits for the load the suites before it left.
    quiet: () => waitQuiet(Number(values['wait-quiet'])),
  };
  if (values.before) ctx.before = beforeContext(ctx, resolve(values.before));
  const needsTmux = only.some((s) => SCREEN.has(s));
  if (needsTmux && !hasTmux()) throw new Error('the screen benchmarks need tmux (apt-get install tmux)');
  const tmux = needsTmux ? new Tmux(tmp) : null;
  const rows = [];
  const loads = [];
  const suites = { startup: startupRows, 'first-frame': firstFrameRows, stream: streamRows, keys: keyRows, resume: resumeRows, watch: watchRows };
  try {
    // The node -e 0 reference is measured by the startup suite; other rows print it too.
    if (!only.includes('startup')) await nodeReference(ctx);
    for (const name of only) {
      if (QUIET_FIRST.has(name)) await ctx.quiet();
      const before = loadNow();
      process.stderr.write(`${name} (load ${before.toFixed(2)})…\n`);
      const found = await suites[name](ctx, tmux);
      const load = { suite: name, before, after: loadNow() };
      loads.push(load);
      rows.push(...found.map((r) => ({ ...r, load })));
    }
  } finally {
    tmux?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const info = machine();
  const text = writeResults({ rows, info, loads, cli, before: ctx.before?.cli, runs: ctx.runs, write: !values['no-write'] && only.length === SUITES.length, repo });
  process.stdout.write(text);
  if (!values['no-write'] && only.length !== SUITES.length) process.stderr.write('(a partial run: bench/results.md left as it was)\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
