// Runs fuzz cases through `check` in-process, in a worker thread, so the main thread can
// stop a case that hangs (a synchronous parser loop cannot be interrupted any other way).
// Reports each case's start before running it, and what was wrong with it after.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { checkCommand } from '../../../source/commands/check';
import { fuzzCase, judgeCheck, type FuzzSource } from './fuzz-case';

interface Job {
  sources: FuzzSource[];
  seed: number;
  from: number;
  to: number;
  dir: string;
}

export type WorkerMessage =
  | { type: 'start'; index: number; origin: string }
  | { type: 'done'; index: number; ms: number; code: number; problem: string | null }
  | { type: 'end' };

const job = workerData as Job;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

for (let index = job.from; index < job.to; index++) {
  const c = fuzzCase(job.sources, job.seed, index);
  const file = join(job.dir, `case-${index}.md`);
  writeFileSync(file, c.bytes);
  post({ type: 'start', index, origin: c.origin });
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  let code = -1;
  let problem: string | null;
  try {
    code = await checkCommand({ file, json: c.json, preflight: false }, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    problem = judgeCheck(file, c.bytes, c.json, { code, stdout, stderr });
  } catch (error) {
    problem = `check threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.slice(0, 1500);
  }
  post({ type: 'done', index, ms: performance.now() - started, code, problem });
}
post({ type: 'end' });
