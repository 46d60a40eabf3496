// An answer that meets the author's STOP condition fails the step: the evidence says so,
// naming the value, never "marked failed by the operator" (the operator marked nothing).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const RUNBOOK = `# Stop why

## One

- Failed: ____ (STOP if > 0)

\`\`\`bash
echo hi
\`\`\`
`;

let dir = '';

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('a step failed by its STOP condition', () => {
  it('is named by the value that met it, in the run end, the report and --json', async () => {
    dir = tempDir('runbook-stop-why-');
    writeFileSync(join(dir, 'why.md'), RUNBOOK);
    const env = cliEnv(dir);
    const run = await runCli(['run', 'why.md', '--plain', '--operator', 'ana', '--journal', 'why.journal'], { env, cwd: dir, input: '5\ny\ny\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ Failed — 5 meets "STOP if > 0"');

    const report = await runCli(['report', 'why.journal'], { env, cwd: dir });
    expect(report.stdout).toContain('- Failed: step 1 (Failed): 5 meets "STOP if \\> 0"\n');
    expect(report.stdout).not.toContain('marked failed by the operator');

    const json = await runCli(['report', 'why.journal', '--format', 'json'], { env, cwd: dir });
    expect(JSON.parse(json.stdout)).toBeTypeOf('object');
    expect(json.stdout).toContain('5 meets \\"STOP if > 0\\"');
    expect(json.stdout).not.toContain('marked failed by the operator');
  });
});
