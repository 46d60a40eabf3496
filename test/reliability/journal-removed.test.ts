// The journal file removed (or replaced) under a running run — `rm` in the wrong pane, a
// tmp cleaner — leaves SQLite writing into a file nobody can open again. Before, the run
// went on running steps, said "Run completed. Evidence: runbook report JOURNAL" and exited
// 0, with nothing of them recorded anywhere. Now, as with a full disk, the step under way
// finishes and the run stops before the next, in one line that says why.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = `# Removed

## Phase 1: Work

\`\`\`bash {#first}
echo first; sleep 1; echo first done
\`\`\`

\`\`\`bash {#second}
touch ran-second
\`\`\`
`;

describe('the journal file removed while the run goes on', () => {
  it('stops the run before the next step, in one line, exit 1', async () => {
    const dir = tempDir('runbook-journal-removed-');
    mkdirSync(join(dir, 'home'));
    const env = cliEnv(join(dir, 'home'));
    writeFileSync(join(dir, 'removed.md'), RUNBOOK);
    const journal = join(dir, 'run.runbook.sqlite');
    const driver = startCli(['run', 'removed.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
    let out = '';
    let err = '';
    driver.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    driver.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => driver.on('close', resolve));
    driver.stdin?.write('y\ny\ny\n');
    await waitFor(() => {
      try {
        return readEvents(journal).some((e) => e.type === 'step.started' && e.payload.step === 'first');
      } catch {
        return false; // the journal is still being created
      }
    }, 'the first step to start', 20_000);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${journal}${suffix}`, { force: true });

    expect(await exited, out + err).toBe(1);
    expect(existsSync(join(dir, 'ran-second'))).toBe(false);
    expect(out).not.toContain('Run completed');
    const lines = err.trim().split('\n');
    expect(lines, err).toHaveLength(1);
    expect(lines[0]).toContain(`${journal}: the journal file was removed or replaced while the run went on`);
  });
});
