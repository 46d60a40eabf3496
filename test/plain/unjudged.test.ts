// A step whose expectation is the operator's to judge, left at the question: the run is not
// done with it. Before, resume went on to the next step and the run ended "completed, 2
// passed" with the judgment never made, though the output said the opposite of the
// expectation (the real CLI, a real shell, a real journal).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const RUNBOOK = ['# Judge', '', '## Phase 1: Checks', '', '```bash', 'echo "dashboard: 3 warnings"', '# Expected: the dashboard shows no errors', '```', '', '- [ ] Tell the team', ''].join('\n');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an expectation left unjudged', () => {
  it('keeps the run open, and resume asks the question again before anything else', async () => {
    dir = tempDir('rb-unjudged-');
    writeFileSync(join(dir, 'judge.md'), RUNBOOK);
    const env = cliEnv(dir);
    const journal = join(dir, 'j.runbook.sqlite');
    const first = await runCli(['run', 'judge.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Does the output meet the expectation?');
    expect(first.stdout).toContain('? ran (exit 0) · unjudged: the expectation is yours to judge\nExpected: the dashboard shows no errors\n');
    expect(first.stdout).not.toContain('✔ passed');

    const outcome = await runCli(['verify', journal, '--outcome'], { env, cwd: dir });
    expect(outcome.stdout + outcome.stderr).toContain('not completed: in progress, 2 walk steps open');
    const report = await runCli(['report', journal], { env, cwd: dir });
    expect(report.stdout).toContain("- Steps: 1 not done, 1 unjudged (ran; awaits the operator's judgment of its expectation)\n");
    // The evidence never shows a judgment not made as a pass: no ✔ on the step, not finished in its phase.
    expect(report.stdout).toContain('0 of 2 steps finished.');
    expect(report.stdout).toContain('### 1. ? ');
    expect(report.stdout).toContain("? unjudged: ran, awaits the operator's judgment of its expectation · shell");
    expect(report.stdout).not.toContain('✔ passed');
    const shown = await runCli(['show', journal], { env, cwd: dir });
    expect(shown.stdout).toMatch(/^ {2}\? unjudged {4}echo "dashboard: 3 warnings"/m);
    expect(shown.stdout.replace(/\s+/g, ' ')).toContain("expected the dashboard shows no errors → awaits the operator's judgment");
    expect(shown.stdout).not.toContain('✔ passed');

    const resumed = await runCli(['resume', journal, '--plain', '--operator', 'ana'], { env, cwd: dir, input: 'n\ny\ny\n' });
    const asked = resumed.stdout.indexOf('This step ran; whether its output meets the expectation is still yours to say.');
    expect(asked, resumed.stdout + resumed.stderr).toBeGreaterThan(-1);
    expect(resumed.stdout).toContain('── Phase 1: Checks · step 1/2 · shell · unjudged\n');
    expect(resumed.stdout.indexOf('  | dashboard: 3 warnings')).toBeGreaterThan(asked);
    expect(resumed.stdout.indexOf('[ ] Tell the team', asked)).toBeGreaterThan(asked);
    expect(resumed.stdout).toContain('Run completed with failures: 1 failed, 1 passed');
    expect((await runCli(['report', journal], { env, cwd: dir })).stdout).toContain('- Steps: 1 passed, 1 failed\n');
  });
});
