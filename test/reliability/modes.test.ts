// Journals are private: files 0600 (the write-ahead log and shared memory too), the journal
// directory 0700 — the default one under RUNBOOK_HOME and any directory created for
// --journal — whatever the umask. A directory the operator named that already exists (a
// shared one, even /tmp) keeps its own mode.

import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cliEnv, tempDir, waitFor } from '../helpers/cli';

const FIXTURE = new URL('fixtures/ticks.md', import.meta.url).pathname;

const mode = (path: string) => (statSync(path).mode & 0o7777).toString(8);

/** `runbook run` under `umask 000`, held at its first prompt while the test looks at the files. */
async function atFirstPrompt(args: string[], home: string, check: () => void): Promise<void> {
  const env = cliEnv(home);
  const child = spawn('sh', ['-c', 'umask 000; exec "$0" "$@"', process.execPath, CLI, 'run', FIXTURE, '--plain', '--operator', 'ana', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise((resolve) => child.on('close', resolve));
  try {
    await waitFor(() => out.includes('Run: [y] run'), `the first prompt (stderr: ${err})`);
    check();
  } finally {
    child.stdin.end('q\n');
    await exited;
  }
}

describe('journal files and directories are private', () => {
  it('the default journal directory under RUNBOOK_HOME is 0700 and the journal, its -wal and -shm 0600, under umask 000', async () => {
    const home = tempDir('runbook-modes-');
    const journals = join(home, 'runbook', 'journals');
    await atFirstPrompt([], home, () => {
      expect(mode(journals)).toBe('700');
      const journal = readdirSync(journals).find((f) => f.endsWith('.runbook.sqlite'));
      expect(journal).toBeDefined();
      for (const suffix of ['', '-wal', '-shm']) expect(mode(join(journals, `${journal}${suffix}`)), suffix || 'journal').toBe('600');
    });
  });

  it('directories created for --journal are 0700; an existing shared directory keeps its mode', async () => {
    const home = tempDir('runbook-modes-');
    const nested = join(home, 'new', 'deeper', 'run.runbook.sqlite');
    await atFirstPrompt(['--journal', nested], home, () => {
      expect(mode(join(home, 'new'))).toBe('700');
      expect(mode(join(home, 'new', 'deeper'))).toBe('700');
      expect(mode(nested)).toBe('600');
    });

    const shared = join(home, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await atFirstPrompt(['--journal', join(shared, 'run.runbook.sqlite')], home, () => {
      expect(mode(shared)).toBe('1777');
      expect(mode(join(shared, 'run.runbook.sqlite'))).toBe('600');
    });
    expect(mode(shared)).toBe('1777');
  });
});
