// The main-thread side of the fuzzer: bundles the worker (Node cannot run the TypeScript
// sources directly), hands each worker a range of cases, and stops a worker whose case runs
// past the time limit — a hang is a failure like any other, named by its case number.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { FuzzSource } from './fuzz-case';
import type { WorkerMessage } from './fuzz-worker';

export interface FuzzFailure {
  index: number;
  origin: string;
  problem: string;
}

export interface FuzzReport {
  cases: number;
  failures: FuzzFailure[];
  slowest: { index: number; ms: number };
  exits: Record<string, number>;
}

let bundled: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'runbook-fuzz-')), 'fuzz-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('fuzz-worker.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      external: ['better-sqlite3'],
      // Some dependencies require() Node built-ins; give the ESM bundle a require.
      banner: { js: "import { createRequire as __fuzzRequire } from 'node:module'; const require = __fuzzRequire(import.meta.url);" },
    });
    return outfile;
  })();
  return bundled;
}

/** The checklists the mutations start from: the seeds and the shipped runbooks. */
export function fuzzSources(): FuzzSource[] {
  const dirs = [new URL('../../fixtures/seeds/', import.meta.url), new URL('../../../runbooks/', import.meta.url)].map((u) => fileURLToPath(u));
  return dirs.flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.md'));
    } catch {
      return [];
    }
    return names.sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  });
}

function runRange(worker: string, job: { sources: FuzzSource[]; seed: number; from: number; to: number; dir: string }, limitMs: number, report: FuzzReport): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(worker, { workerData: job });
    let current: { index: number; origin: string; since: number } | null = null;
    const watchdog = setInterval(() => {
      if (current && Date.now() - current.since > limitMs) {
        report.failures.push({ index: current.index, origin: current.origin, problem: `check ran past ${limitMs} ms (hung)` });
        clearInterval(watchdog);
        const hung = current.index;
        void w.terminate().then(() => {
          // Carry on after the hung case, so one hang does not hide the rest.
          if (hung + 1 < job.to) runRange(worker, { ...job, from: hung + 1 }, limitMs, report).then(resolve, reject);
          else resolve();
        });
        current = null;
      }
    }, 100);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'start') current = { index: m.index, origin: m.origin, since: Date.now() };
      else if (m.type === 'done') {
        report.cases += 1;
        report.exits[String(m.code)] = (report.exits[String(m.code)] ?? 0) + 1;
        if (m.ms > report.slowest.ms) report.slowest = { index: m.index, ms: Math.round(m.ms) };
        if (m.problem) report.failures.push({ index: m.index, origin: current?.origin ?? '?', problem: m.problem });
        current = null;
      } else {
        clearInterval(watchdog);
        void w.terminate().then(() => resolve());
      }
    });
    w.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

/** Runs cases [0, count) of `seed` across `workers` threads, each case within `limitMs`. */
export async function fuzzCheck(options: { seed: number; count: number; workers: number; limitMs: number; sources?: FuzzSource[] }): Promise<FuzzReport> {
  const worker = await bundleWorker();
  const sources = options.sources ?? fuzzSources();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-fuzz-cases-'));
  const report: FuzzReport = { cases: 0, failures: [], slowest: { index: -1, ms: 0 }, exits: {} };
  const per = Math.ceil(options.count / options.workers);
  await Promise.all(
    Array.from({ length: options.workers }, (_, k) => {
      const from = k * per;
      const to = Math.min(options.count, from + per);
      return from < to ? runRange(worker, { sources, seed: options.seed, from, to, dir }, options.limitMs, report) : Promise.resolve();
    }),
  );
  report.failures.sort((a, b) => a.index - b.index);
  return report;
}
