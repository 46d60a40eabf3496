// A shell step hands its working directory and environment back to the runner through a
// private file, and that environment holds the run's secrets (a secret input reaches the
// step as a variable). Before, a runner killed -9 mid-step never removed it: the step,
// living on, wrote the whole environment there when it ended, and a secret input stayed in
// clear under $TMPDIR for good. The step now leaves nothing behind once its runner is gone.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

const NAP = '1.37';
const SECRET = 'LeftBehindVaultTok3n';

const RUNBOOK = `---
title: Left behind
inputs:
  vault_token: { prompt: Vault token, secret: true }
---
# Left behind

## Phase 1: Work

Vault token: ____

\`\`\`bash {#long}
echo started; sleep ${NAP}; echo ended
\`\`\`
`;

/** The step's processes: its sleep, and the shell whose script holds it. */
function naps(): number[] {
  try {
    return execFileSync('pgrep', ['-f', `sleep ${NAP}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

afterEach(() => {
  for (const pid of naps()) process.kill(pid, 'SIGKILL');
});

/** Every file under dir, with its text. */
function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'latin1')]);
}

describe("a step's environment after its runner was killed -9", () => {
  it('is not left in the temp directory, with the secret input in it, when the step ends', async () => {
    const dir = tempDir('runbook-step-state-');
    mkdirSync(join(dir, 'home'));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const env = cliEnv(join(dir, 'home'), { TMPDIR: tmp });
    writeFileSync(join(dir, 'left.md'), RUNBOOK);
    const journal = join(dir, 'run.runbook.sqlite');

    const driver = startCli(['run', 'left.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
    const exited = new Promise((resolve) => driver.on('close', resolve));
    driver.stdout?.resume();
    driver.stderr?.resume();
    driver.stdin?.write(`${SECRET}\ny\n`);
    const started = () => {
      try {
        return readEvents(journal).some((e) => e.type === 'output' && e.payload.step === 'long');
      } catch {
        return false; // the journal is still being created
      }
    };
    await waitFor(() => started() && naps().length > 0, 'the step to print and sleep', 20_000);
    driver.kill('SIGKILL');
    await exited;
    // The step outlives its runner, and ends on its own (its shell, EXIT trap and all).
    await waitFor(() => naps().length === 0, 'the orphaned step to end', 20_000);

    expect(filesUnder(tmp).filter(([, text]) => text.includes(SECRET)).map(([path]) => path)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('runbook-step-'))).toEqual([]);
  });
});
