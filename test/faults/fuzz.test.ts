// Hostile and broken runbooks, thousands of them: random mutations of the seeds and the
// shipped runbooks, and random Markdown from the dialect's pieces (seeded: the seed is
// printed; RUNBOOK_FAULT_SEED=… replays a run). `check` in-process, each case in a worker
// under a time limit, then a sample through the real CLI: it never crashes, never hangs,
// and exits 0 or 2 with one `file:line: message` line.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../helpers/cli';
import { fuzzCase, judgeCheck } from './support/fuzz-case';
import { fuzzCheck, fuzzSources } from './support/fuzz-runner';
import { suiteSeed } from './support/prng';

const CASES = 3000;
const CLI_CASES = 60;
/** Far above the slowest case seen (a few hundred ms); a case this slow is a hang. */
const LIMIT_MS = 10_000;

describe('check on thousands of broken runbooks', () => {
  it(`${CASES} cases in-process: exit 0 or 2, one located line on error, never a crash or a hang`, async () => {
    const seed = suiteSeed(7_331);
    const report = await fuzzCheck({ seed, count: CASES, workers: 2, limitMs: LIMIT_MS });
    console.log(`fuzz: seed ${seed} (replay with RUNBOOK_FAULT_SEED=${seed}); ${report.cases} cases, exits ${JSON.stringify(report.exits)}, slowest case ${report.slowest.index} at ${report.slowest.ms} ms`);
    expect(report.failures.slice(0, 10)).toEqual([]);
    expect(report.cases).toBe(CASES);
  }, 900_000);

  it(`${CLI_CASES} cases through the real CLI: the same, as a process`, async () => {
    const seed = suiteSeed(7_331) + 1;
    const sources = fuzzSources();
    const dir = mkdtempSync(join(tmpdir(), 'runbook-fuzz-cli-'));
    const env = cliEnv(dir);
    for (let index = 0; index < CLI_CASES; index++) {
      const c = fuzzCase(sources, seed, index);
      const file = join(dir, `case-${index}.md`);
      writeFileSync(file, c.bytes);
      const result = await runCli(['check', file, ...(c.json ? ['--json'] : [])], { env, timeoutMs: LIMIT_MS });
      const problem = judgeCheck(file, c.bytes, c.json, { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr });
      expect(problem, `case ${index} (${c.origin}, seed ${seed}): ${file}`).toBeNull();
    }
  }, 900_000);
});
