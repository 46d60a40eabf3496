// Paths named as journals that are no SQLite file: a named pipe (what `runbook show
// <(ssh bastion cat run.runbook.sqlite)` hands over, or a FIFO left among the journals).
// Before, SQLite opened it and waited for a writer: show, verify, report and resume hung
// for good, and so did `list`, which reads every journal of the account.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a named pipe where a journal should be', () => {
  it('is refused in one line by show, verify, report and resume, never a hang', async () => {
    dir = tempDir('rb-fifo-journal-');
    const env = cliEnv(dir);
    const fifo = join(dir, 'run.runbook.sqlite');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['show', fifo], ['show', fifo, '--json'], ['verify', fifo], ['report', fifo], ['resume', fifo, '--plain']]) {
      const result = await runCli(args, { env, cwd: dir, timeoutMs: 10_000 });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`runbook: ${fifo}: is a named pipe (FIFO), not a journal\n`);
    }
  });

  it('among the journals, is named once by list, list --due and resume, which go on past it', async () => {
    dir = tempDir('rb-fifo-journal-');
    writeFileSync(join(dir, 'deploy.md'), '# Deploy orders\n\n- [ ] Look at the dashboard\n');
    const env = cliEnv(dir);
    const ran = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(ran.code, ran.stderr).toBe(0);
    mkdirSync(join(dir, 'runbook', 'journals'), { recursive: true });
    const fifo = join(dir, 'runbook', 'journals', '2026-12-07T03-00-00Z-deploy-orders.runbook.sqlite');
    execFileSync('mkfifo', [fifo]);
    const said = `runbook: skipped ${fifo}: is a named pipe (FIFO), not a journal\n`;

    const listed = await runCli(['list'], { env, cwd: dir, timeoutMs: 10_000 });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Deploy orders');
    expect(listed.stderr).toBe(said);
    const due = await runCli(['list', '--due'], { env, cwd: dir, timeoutMs: 10_000 });
    expect(due.code).toBe(0);
    expect(due.stderr).toBe(said);
    const resumed = await runCli(['resume', '--plain'], { env, cwd: dir, timeoutMs: 10_000 });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe('runbook: no unfinished run to resume (runbook list shows the runs this account knows; 1 journal here does not read, and list names it)\n');
  });
});

describe('a symlink among the journals whose journal is gone', () => {
  // An archived journal linked into the directory, then moved. Before, `list` and `resume`
  // stopped with `internal error: ENOENT … stat` (exit 70) and listed nothing.
  it('is passed over by list, list --due and resume, which show the rest', async () => {
    dir = tempDir('rb-dangling-journal-');
    writeFileSync(join(dir, 'deploy.md'), '# Deploy orders\n\n- [ ] Look at the dashboard\n');
    const env = cliEnv(dir);
    const ran = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana'], { env, cwd: dir, input: 'q\n' });
    expect(ran.code, ran.stderr).toBe(0);
    symlinkSync(join(dir, 'archive', 'gone.runbook.sqlite'), join(dir, 'runbook', 'journals', 'archived.runbook.sqlite'));

    const listed = await runCli(['list'], { env, cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Deploy orders');
    expect(listed.stderr).toBe('');
    const due = await runCli(['list', '--due'], { env, cwd: dir });
    expect(due.code, due.stderr).toBe(0);
    expect(due.stderr).toBe('');
    const resumed = await runCli(['resume', '--plain'], { env, cwd: dir, input: 'y\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Run completed');
  });
});
