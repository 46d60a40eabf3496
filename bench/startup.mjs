// Startup rows: `runbook --help` and `runbook check` of the largest seed (cached, first time,
// and with every cache off), beside a bare `node -e 0` on the same Node; budgets are ratios to it. The commands are run round-robin, so a change in the machine's load
// hits all of them alike, each round starting one further along; p50 of the wall time, warm-up runs excluded.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { median, ms, ratioRow, rotated } from './lib/stats.mjs';

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

/**
 * The Markdown floor: a bare script that loads markdown-it (bundled, as runbook's own chunk
 * is, and read from Node's compile cache once warm) and parses a file with the options
 * runbook's reader uses, and does nothing else. No first check that reads CommonMark with
 * markdown-it can start faster: the rest of runbook (its CLI, the dialect's rules, `bash -n`,
 * the parse cache) comes on top. Built into the run's temp directory; nothing is committed.
 */
async function markdownFloor(ctx) {
  const dir = join(ctx.tmp, 'markdown-floor');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.mjs');
  writeFileSync(
    entry,
    [
      "import MarkdownIt from 'markdown-it';",
      "import { readFileSync } from 'node:fs';",
      'const md = new MarkdownIt("default", { html: true, linkify: false, typographer: false });',
      'md.parse(readFileSync(process.argv[2], "utf8"), {});',
      '',
    ].join('\n'),
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'bundle.mjs'), nodePaths: [join(ctx.repo, 'node_modules')], logLevel: 'error' });
  const main = join(dir, 'floor.mjs');
  writeFileSync(main, ["import module from 'node:module';", `module.enableCompileCache(${JSON.stringify(join(dir, 'compiled'))});`, "await import('./bundle.mjs');", ''].join('\n'));
  return main;
}

export async function startupRows(ctx) {
  const floor = await markdownFloor(ctx);
  const seed = join(ctx.repo, 'test/fixtures/seeds/sprint-3-checklist.md');
  const seedText = readFileSync(seed, 'utf8');
  let fresh = 0;
  // A copy of the seed whose content no earlier run has seen: the first check of a file
  // (nothing in the parse cache for it), on a runbook already started before (its code in
  // Node's compile cache), as an operator meets a new checklist.
  const newFile = () => {
    const file = join(ctx.tmp, `first-${fresh}.md`);
    writeFileSync(file, `${seedText}\n<!-- bench copy ${fresh++} -->\n`);
    return file;
  };
  const commandsOf = (c, tag = '') => ({
    [`help${tag}`]: () => [[process.execPath, c.cli, '--help'], c.env],
    [`check${tag}`]: () => [[process.execPath, c.cli, 'check', seed], c.env],
    [`checkFirst${tag}`]: () => [[process.execPath, c.cli, 'check', newFile()], c.env],
    [`checkBare${tag}`]: () => [[process.execPath, c.cli, 'check', seed], { ...c.env, RUNBOOK_NO_CACHE: '1' }],
  });
  // The build before a change (--before), if any, in the same round-robin.
  const commands = {
    node: () => [[process.execPath, '-e', '0'], ctx.env],
    markdownFloor: () => [[process.execPath, floor, newFile()], ctx.env],
    ...commandsOf(ctx),
    ...(ctx.before ? commandsOf(ctx.before, 'Before') : {}),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const warmup = 3;
  for (let i = 0; i < warmup + ctx.runs; i++) {
    for (const [name, make] of rotated(Object.entries(commands), i)) {
      const [argv, env] = make();
      const s = once(argv, { env, cwd: ctx.tmp }, ctx.tmp);
      if (i >= warmup) samples[name].push(s);
    }
  }
  const walls = (name) => samples[name].map((s) => s.wall);
  const cpus = (name) => samples[name].map((s) => s.cpu);
  const reference = median(walls('node'));
  ctx.reference.nodeStartup = reference;
  const referenceText = `node -e 0: ${ms(reference)} p50 (cpu ${ms(median(cpus('node')))})`;
  // The floor is not runbook's: no build runs it, so it has no "before".
  const before = (name) => (ctx.before && samples[`${name}Before`] ? { walls: walls(`${name}Before`), cpus: cpus(`${name}Before`) } : undefined);
  const row = (what, name, budget, why) => ratioRow({ what, walls: walls(name), cpus: cpus(name), reference, referenceText, budget, why, before: before(name) });
  return [
    row('`runbook --help`', 'help', 1.5),
    row('`runbook check` sprint-3 seed (827 lines), checked before (parse cached)', 'check', 2),
    row('`runbook check` sprint-3 seed, first check of the file (compile cache warm, no parsed copy)', 'checkFirst', 3, 'a cold Markdown parse: markdown-it and the dialect rules run for the first time in the process (see the notes)'),
    row('`runbook check` sprint-3 seed with RUNBOOK_NO_CACHE=1 (no compile cache, no parsed copy: as the very first start)', 'checkBare', null),
    row('floor of a first check: a bare script loading markdown-it (bundled, compile cache warm) and parsing a new copy of the seed, nothing else', 'markdownFloor', null),
  ];
}
