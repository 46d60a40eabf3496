// An `Expected:` line written under a fence is checked when the step runs (the real CLI, a
// real shell, a real journal): before, it was prose, and a step whose output said the
// opposite passed.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = [
  '# Verify',
  '',
  '## Phase 1: Checks',
  '',
  '```bash',
  'echo "deployment payments-api successfully rolled out"',
  '```',
  '',
  'Expected: `successfully rolled out`',
  '',
  '```bash',
  `echo '{"status":"degraded"}'`,
  '```',
  '',
  '**Expected:** `{"status": "ok"}`',
  '',
].join('\n');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an Expected: line under a fence, in a run', () => {
  it('is shown with the step and judged on its output: held for the first, failed for the second', async () => {
    dir = tempDir('rb-expected-after-');
    writeFileSync(join(dir, 'verify.md'), RUNBOOK);
    const journal = join(dir, 'j.runbook.sqlite');
    const run = await runCli(['run', 'verify.md', '--plain', '--operator', 'tester', '--journal', journal], { env: cliEnv(dir), cwd: dir, input: 'y\ny\nq\n' });
    expect(run.stdout, run.stderr).toContain('Expected: `successfully rolled out`\n');
    expect(run.stdout).toContain('✔ passed (exit 0) · expectation passed');
    expect(run.stdout).toContain('✘ failed (exit 0) · expectation failed');
    expect(run.stdout).toContain(`✘ echo '{"status":"degraded"}' — expected {"status": "ok"}`);
    const finished = readEvents(journal).filter((e) => e.type === 'step.finished').map((e) => [e.payload.status, e.payload.expectation]);
    expect(finished).toEqual([
      ['passed', { text: '`successfully rolled out`', result: 'passed' }],
      ['failed', { text: '{"status": "ok"}', result: 'failed' }],
    ]);
  });
});
