// A reader that goes away (`runbook list | head -1`): every verb ends quietly — no stack
// trace, no "internal error", the same exit code it gives with its output read. (A driver
// whose terminal goes away mid-step is test/reliability/hangup.test.ts.)

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cliEnv, runCli, startCli, tempDir } from '../helpers/cli';

const TICKS = new URL('fixtures/ticks.md', import.meta.url).pathname;

/** Runs the CLI with its stdout's reading end closed before it writes a byte. */
function withClosedStdout(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = startCli(args, { env, cwd });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    child.stdin?.end();
  });
}

describe('a closed stdout', () => {
  it('every verb ends quietly with its own exit code', async () => {
    const dir = tempDir('runbook-closed-stdout-');
    mkdirSync(join(dir, 'home'));
    const file = join(dir, 'ticks.md');
    copyFileSync(TICKS, file);
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'run.runbook.sqlite');
    const run = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\ny\n' });
    expect(run.code, run.stderr).toBe(0);

    const verbs = [
      ['--help'],
      ['--version'],
      ['check', file],
      ['check', file, '--json'],
      ['list'],
      ['list', '--json'],
      ['list', '--due'],
      ['show', journal],
      ['show', journal, '--json'],
      ['verify', journal],
      ['report', journal],
      ['report', journal, '--format', 'json'],
    ];
    for (const args of verbs) {
      const open = await runCli(args, { env, cwd: dir });
      expect(open.stdout.length, `runbook ${args.join(' ')} prints something`).toBeGreaterThan(0);
      const closed = await withClosedStdout(args, env, dir);
      expect(closed.stderr, `runbook ${args.join(' ')}`).toBe('');
      expect({ code: closed.code, signal: closed.signal }, `runbook ${args.join(' ')}`).toEqual({ code: open.code, signal: null });
    }
  });

  it('`runbook list | true` in a shell: no trace, exit 0', () => {
    const dir = tempDir('runbook-closed-stdout-');
    const env = cliEnv(join(dir, 'home'));
    // `true` reads nothing and is usually gone before runbook writes its first line.
    const result = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" list 2>err.txt | true; echo "exit $?"; cat err.txt`], { env, cwd: dir, encoding: 'utf8' });
    expect(result).toBe('exit 0\n');
  });
});
