// `show` on a run that is being driven right now: the step its driver is running is
// *running*, not interrupted. Once the driver is gone (kill -9), the same step is
// *interrupted* — never done.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

// A duration no other process on the machine sleeps for, to find (and end) the step's sleep.
const NAP = '30.4242';
const RUNBOOK = `# Live

## Phase 1: Wait

\`\`\`bash {#nap}
sleep ${NAP}
\`\`\`

\`\`\`bash {#after}
echo after
\`\`\`
`;

const started: number[] = [];

/** The pids of this test's `sleep NAP` processes. */
function naps(): number[] {
  try {
    return execFileSync('pgrep', ['-f', `^sleep ${NAP}$`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

afterEach(() => {
  for (const pid of [...started.splice(0), ...naps()]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

type Shown = { steps: { id: string; status: string }[] };

describe('show on a live run', () => {
  it('calls the step its driver is running "running", and "interrupted" once the driver is gone', async () => {
    const dir = tempDir('runbook-live-show-');
    mkdirSync(join(dir, 'home'));
    const file = join(dir, 'live.md');
    writeFileSync(file, RUNBOOK);
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'run.runbook.sqlite');

    const driver = startCli(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
    started.push(driver.pid ?? 0);
    const exited = new Promise((resolve) => driver.on('close', resolve));
    driver.stdout?.resume();
    driver.stderr?.resume();
    driver.stdin?.write('y\n');
    const napStarted = () => {
      try {
        return readEvents(journal).some((e) => e.type === 'step.started' && e.payload.step === 'nap');
      } catch {
        return false; // the journal is still being created
      }
    };
    await waitFor(() => napStarted() && naps().length > 0, 'the sleep step to start');

    const live = await runCli(['show', journal], { env });
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toMatch(/▸ running +sleep 30\.4242/);
    expect(live.stdout).not.toContain('interrupted');
    expect(live.stdout).toMatch(/driven now by ana \(.*, pid \d+\) since /);
    const liveJson = await runCli(['show', journal, '--json'], { env });
    expect((JSON.parse(liveJson.stdout) as Shown).steps.find((s) => s.id === 'nap')?.status).toBe('running');

    // The driver dies holding the lock: nobody is at work on the step any more.
    driver.kill('SIGKILL');
    await exited;
    const dead = await runCli(['show', journal, '--json'], { env });
    expect((JSON.parse(dead.stdout) as Shown).steps.find((s) => s.id === 'nap')?.status).toBe('interrupted');
    expect((await runCli(['show', journal], { env })).stdout).not.toContain('driven now by');
  });
});
