// `--plain` warns of a placeholder only where the operator still has to fill one in: a `$VAR`
// their environment sets is the shell's to expand (the real CLI, a real shell).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const RUNBOOK = '# Vars\n\n```bash\necho "deploying $RELEASE_TAG"\n```\n';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runWith(extra: Record<string, string>) {
  dir = tempDir('rb-plain-vars-');
  writeFileSync(join(dir, 'deploy.md'), RUNBOOK);
  return runCli(['run', 'deploy.md', '--plain', '--operator', 'tester', '--journal', join(dir, 'j.runbook.sqlite')], { env: cliEnv(dir, extra), cwd: dir, input: 'y\n' });
}

describe('a $VAR in a command under --plain', () => {
  it('set in the environment: no placeholder warning, and it runs with its value', async () => {
    const run = await runWith({ RELEASE_TAG: 'v4.2.0' });
    expect(run.stdout, run.stderr).toContain('deploying v4.2.0');
    expect(run.stdout).not.toContain('still holds');
  });

  it('unset: the warning names it before the question', async () => {
    const run = await runWith({});
    expect(run.stdout, run.stderr).toContain('! The command still holds $RELEASE_TAG: press e to edit it before it runs.');
  });
});
