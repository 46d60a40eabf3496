// The screen's verbs from a pipe (the real CLI, stdin not a terminal): a file that is not
// there, or a runbook that does not parse, is named before "needs a terminal", since a
// terminal would not help with it; a good file still gets the terminal hint.

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const RUNBOOK = ['# Deploy', '', '## Phase 1: Check', '', '```bash', 'echo ok', '```', ''].join('\n');

function setUp() {
  const dir = tempDir('runbook-no-terminal-');
  return { dir, env: cliEnv(join(dir, 'home')) };
}

describe('the screen verbs without a terminal', () => {
  it.each([
    [['run', 'missing.md'], 'runbook: missing.md: no such file'],
    [['resume', 'missing.db'], 'runbook: missing.db: no such journal'],
    [['watch', 'missing.db'], 'runbook: missing.db: no such journal'],
  ])('%j names the missing file, not the terminal', async (args, line) => {
    const { dir, env } = setUp();
    const result = await runCli(args, { env, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([line]);
  });

  it('run of a runbook that does not parse names its line, not the terminal', async () => {
    const { dir, env } = setUp();
    writeFileSync(join(dir, 'broken.md'), ['---', 'title: Deploy', 'targets:', '  - db', '', '# Deploy', ''].join('\n'));
    const result = await runCli(['run', 'broken.md'], { env, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^runbook: broken\.md:1: front matter opened here never closes/);
    expect(result.stderr).not.toContain('terminal');
  });

  it('run of a good runbook says it needs a terminal, and records nothing', async () => {
    const { dir, env } = setUp();
    writeFileSync(join(dir, 'deploy.md'), RUNBOOK);
    const result = await runCli(['run', 'deploy.md'], { env, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['runbook: run needs a terminal; add --plain to run line by line from a pipe or script']);
    const journals = join(dir, 'home', 'runbook', 'journals');
    expect(existsSync(journals) ? readdirSync(journals) : []).toEqual([]);
  });
});
