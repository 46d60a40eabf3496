// The team store under load, against the PostgreSQL here (a database of its own, dropped
// after). Not part of `npm run bench` (it needs a PostgreSQL and takes minutes):
//
//   node bench/store.mjs [--runs 50] [--rate 10000] [--seconds 60] [--catch-up-lines 1000000]
//                        [--store postgres://postgres@127.0.0.1:5432/test] [--no-watch] [--no-write]
//
// 1. Publishing: `--runs` simulated runs (bench/store-sim.mjs, in a few worker processes),
//    each a real journal printing `--rate` lines a second for `--seconds`, each with the
//    real publisher. Lag = a local commit → the store's NOTIFY of that event (what a
//    watcher is woken by); events/s; the store's size per million lines.
// 2. `watch RUN --store` (bench/store-watch.mjs, tmux): driver's commit → watcher's frame.
// 3. Catching up: a journal of `--catch-up-lines` lines written over "an hour" offline
//    (36,000 frame commits), then published from nothing: seconds until the store has it.
// Journals live on /dev/shm when there is one: the store is measured, not the local disk.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { percentile } from './lib/stats.mjs';
import { loadNow } from './lib/report.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    'catch-up-lines': { type: 'string', default: '1000000' },
    store: { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'no-write': { type: 'boolean', default: false },
    'no-watch': { type: 'boolean', default: false },
    'watch-only': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const CATCH_UP = Number(values['catch-up-lines']);
const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const tmp = mkdtempSync(join(base, 'runbook-bench-store-'));
const say = (m) => process.stderr.write(`${m}\n`);

/** The journal, the publisher, the migrations and pg in one file (the native SQLite module loaded from here). */
async function bundle() {
  const outfile = join(tmp, 'store-bundle.mjs');
  const sqlite = require.resolve('better-sqlite3');
  await build({
    stdin: {
      contents: `export { Journal } from './source/journal/journal';\nexport { Publisher } from './source/store/publisher';\nexport { migrate } from './source/store/migrations';\nimport pg from 'pg';\nexport { pg };\n`,
      resolveDir: repo,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
          b.onResolve({ filter: /^pg-native$/ }, () => ({ path: 'pg-native', external: true }));
        },
      },
    ],
  });
  return outfile;
}

async function main() {
  const lib = await import(await bundle().then((f) => f));
  const { pg, migrate, Journal, Publisher } = lib;
  const name = `runbook_bench_store_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.store });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.store);
  url.pathname = `/${name}`;
  const storeUrl = url.toString();
  const db = new pg.Client({ connectionString: storeUrl });
  await db.connect();
  const results = {};
  try {
    await migrate(db);
    if (values['watch-only']) {
      results.watch = await watching(storeUrl, db, pg);
      process.stdout.write(`${JSON.stringify({ load: loadNow(), ...results.watch })}\n`);
      return;
    }
    say(`publishing: ${RUNS} runs × ${RATE} lines/s × ${SECONDS} s (load ${loadNow().toFixed(2)})`);
    Object.assign(results, await publishing(storeUrl, db, lib));
    if (!values['no-watch']) results.watch = await watching(storeUrl, db, pg);
    say(`catching up ${CATCH_UP} lines (load ${loadNow().toFixed(2)})`);
    Object.assign(results, await catchingUp(storeUrl, db, Journal, Publisher, pg));
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
  const text = report(results);
  process.stdout.write(text);
  if (!values['no-write']) writeSection(text);
}

/** `watch RUN --store` end to end (bench/store-watch.mjs), split at the store's NOTIFY. */
async function watching(storeUrl, db, pg) {
  say(`watch --store: driver commit → follower frame (load ${loadNow().toFixed(2)})`);
  const { storeWatchLag } = await import('./store-watch.mjs');
  const inStore = async (runId) => (await db.query('SELECT 1 FROM runbook.runs WHERE run_id = $1', [runId])).rowCount > 0;
  const listener = new pg.Client({ connectionString: storeUrl });
  await listener.connect();
  const notices = new Map();
  listener.on('notification', (n) => notices.set(n.payload, performance.timeOrigin + performance.now()));
  await listener.query('LISTEN runbook_events');
  const noticeAt = (runId, seq) => notices.get(`${runId} ${seq}`);
  try {
    return await storeWatchLag({ repo, tmp: mkdtempSync(join(tmpdir(), 'runbook-bench-store-watch-')), storeUrl, inStore, noticeAt });
  } finally {
    await listener.end();
  }
}

async function publishing(storeUrl, db, lib) {
  const notices = new Map();
  const runIds = new Map();
  const listener = new lib.pg.Client({ connectionString: storeUrl });
  await listener.connect();
  listener.on('notification', (n) => {
    const at = performance.timeOrigin + performance.now();
    notices.set(n.payload, at);
  });
  await listener.query('LISTEN runbook_events');
  const workers = Math.min(RUNS, Math.max(1, cpus().length * 2));
  const per = Math.ceil(RUNS / workers);
  const started = Date.now();
  const outputs = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const first = w * per;
      const count = Math.max(0, Math.min(per, RUNS - first));
      if (count === 0) return Promise.resolve('');
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(repo, 'bench/store-sim.mjs'), join(tmp, 'store-bundle.mjs'), storeUrl, tmp, String(first), String(count), String(RATE), String(SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        child.stdout.setEncoding('utf8').on('data', (d) => (text += d));
        child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`a simulated run worker exited ${code}`))));
      });
    }),
  );
  const wall = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  await listener.end();
  const { rows } = await db.query("SELECT run_id, (payload::json #>> '{runbook,title}') AS title FROM runbook.events WHERE seq = 1");
  for (const r of rows) runIds.set(Number(r.title.replace('Bench run ', '')), r.run_id);
  const lags = [];
  let lines = 0;
  let behind = 0;
  for (const line of outputs.join('\n').split('\n').filter(Boolean)) {
    const o = JSON.parse(line);
    if (o.done) {
      lines += o.lines;
      behind += o.behind;
      continue;
    }
    const seen = notices.get(`${runIds.get(o.run)} ${o.seq}`);
    if (seen !== undefined) lags.push(seen - o.at);
  }
  const counts = (await db.query('SELECT (SELECT count(*) FROM runbook.events) AS events, (SELECT count(*) FROM runbook.output) AS chunks')).rows[0];
  const size = (await db.query("SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'runbook' AND c.relkind = 'r'")).rows[0];
  return {
    lags,
    lines,
    behind,
    events: Number(counts.events),
    chunks: Number(counts.chunks),
    wall,
    bytesPerMillion: (Number(size.bytes) / lines) * 1e6,
  };
}

async function catchingUp(storeUrl, db, Journal, Publisher, pg) {
  const path = join(tmp, 'offline.runbook.sqlite');
  const journal = Journal.create(path);
  journal.append('run.started', { runbook: { file: '/bench/offline.md', sha256: 'offline', title: 'Offline for an hour' }, operator: 'op', identity: { host: 'bastion-x' } });
  journal.append('step.started', { step: 'flood', attempt: 1, command: 'emit' });
  const commits = 36_000;
  const perCommit = Math.ceil(CATCH_UP / commits);
  let n = 0;
  for (let c = 0; c < commits && n < CATCH_UP; c++) {
    let text = '';
    for (let k = 0; k < perCommit && n < CATCH_UP; k++) text += `${++n} 2026-12-06T07:00:00.000Z INFO worker=7 job=reindex progress=${n}\n`;
    journal.appendOutput('flood', 'stdout', text);
    journal.commit();
  }
  journal.append('step.finished', { step: 'flood', status: 'passed', exitCode: 0 });
  journal.close();
  const connect = async () => {
    const client = new pg.Client({ connectionString: storeUrl });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const started = performance.now();
  const publisher = new Publisher({ journalPath: path, connect });
  publisher.catchUp();
  // Never waits silently for ever: a publisher that cannot drain is reported as such.
  const deadline = started + 600_000;
  while ((publisher.status().behind > 0 || performance.now() - started < 50) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  const catchUpBehind = publisher.status().behind;
  await publisher.close();
  const { rows } = await db.query("SELECT count(*) AS n FROM runbook.events e JOIN runbook.runs r USING (run_id) WHERE r.title = 'Offline for an hour'");
  return { catchUpSeconds: seconds, catchUpEvents: Number(rows[0].n), catchUpLines: n, catchUpBehind };
}

function report(r) {
  const p = (q) => `${percentile(r.lags, q).toFixed(0)} ms`;
  return [
    `## Team store (bench/store.mjs)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (load ${loadNow().toFixed(2)} at the end), PostgreSQL on 127.0.0.1 (\`${values.store.replace(/\/\/[^@]*@/, '//')}\`); journals on ${base}.`,
    `Command: \`node bench/store.mjs --runs ${RUNS} --rate ${RATE} --seconds ${SECONDS} --catch-up-lines ${CATCH_UP}\``,
    '',
    '| What | Value |',
    '|---|---|',
    `| ${RUNS} runs × ${RATE.toLocaleString('en')} lines/s × ${SECONDS} s: lines published | ${r.lines.toLocaleString('en')} (${(r.lines / r.wall).toFixed(0)} lines/s over ${r.wall.toFixed(1)} s; ${r.behind} events still behind at the end) |`,
    `| publish lag, local commit → the store's NOTIFY (${r.lags.length.toLocaleString('en')} commits) | p50 ${p(50)}, p95 ${p(95)}, p99 ${p(99)}, max ${Math.max(...r.lags).toFixed(0)} ms |`,
    `| events/s into the store | ${(r.events / r.wall).toFixed(0)} (and ${(r.chunks / r.wall).toFixed(0)} output chunks/s) |`,
    `| store size per million lines (tables and indexes) | ${(r.bytesPerMillion / 1024 / 1024).toFixed(1)} MB |`,
    ...(r.watch ? [`| watch --store: driver's commit → watcher's frame, a step printing 10k lines/s for 15 s (${r.watch.commits} commits) | p50 ${r.watch.p50.toFixed(0)} ms, p95 ${r.watch.p95.toFixed(0)} ms, max ${r.watch.max.toFixed(0)} ms (target p95 ≤ 250 ms); of which commit → NOTIFY p50 ${r.watch.publishP50.toFixed(0)} ms, p95 ${r.watch.publishP95.toFixed(0)} ms |`] : []),
    `| catching up ${r.catchUpLines.toLocaleString('en')} lines written offline (${r.catchUpEvents.toLocaleString('en')} events) | ${r.catchUpSeconds.toFixed(1)} s${r.catchUpBehind > 0 ? ` (gave up: ${r.catchUpBehind} events still behind)` : ''} |`,
    '',
  ].join('\n');
}

/** Replaces (or adds) the "## Team store" section of bench/results.md. */
function writeSection(text) {
  const file = join(repo, 'bench/results.md');
  const old = readFileSync(file, 'utf8');
  const start = old.indexOf('## Team store (bench/store.mjs)');
  const next = start === -1 ? -1 : old.indexOf('\n## ', start + 1);
  const updated = start === -1 ? `${old.trimEnd()}\n\n${text}` : `${old.slice(0, start)}${text}${next === -1 ? '' : old.slice(next + 1)}`;
  writeFileSync(file, updated);
}

main().catch((error) => {
  process.stderr.write(`bench/store: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
