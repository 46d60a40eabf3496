// Ctrl-C stops a step, never the run (issue 18, defect 7): the real CLI in a real tmux pane
// at 80×24, a real `select pg_sleep(30)` against a database of this file's own and a real
// shell `sleep`. Two Ctrl-C 0.3 s apart stop the step and leave the operator on the
// screen; with no step running Ctrl-C says q leaves; q while a step runs says Ctrl-C first.
// The --plain runner: a second Ctrl-C right after the one that stopped a step stays there too.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir, waitFor } from '../helpers/cli';
import { testDatabases, withClient } from '../helpers/pg';
import { all, exited, has, lastLine, see, setUp, show, status, tearDown } from './tui-screen';

const databases = testDatabases('ctrlc');
afterAll(() => databases.dropAll());
afterEach(tearDown);

const RUNBOOK = `---
title: TUI fixture
targets:
  pg:
    kind: postgres
    url: env:CTRLC_DATABASE_URL
---

# TUI fixture

## Phase 1: Wait

\`\`\`sql {#nap-sql}
select pg_sleep(30);
\`\`\`

\`\`\`bash {#nap-shell}
echo "napping"; sleep 30
\`\`\`

- [ ] The dashboard is green
`;

const IDLE = '^C no step is running · q leaves; the run stays resumable';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls an async check (waitFor takes sync ones). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

/** Sleeping queries still running on the database (a cancel ends them). */
const sleeping = (url: string) =>
  withClient(url, async (c) => (await c.query("SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'select pg_sleep(30)%'")).rowCount ?? 0);

describe('Ctrl-C on the run screen', () => {
  it('two Ctrl-C 0.3 s apart stop a pg_sleep and a shell sleep, and the operator stays; idle Ctrl-C says how to leave; q while running says Ctrl-C first', async () => {
    const url = await databases.fresh('SELECT 1');
    const s = setUp();
    writeFileSync(join(s.dir, 'nap.md'), RUNBOOK);
    s.tmux.command(s.drive, `CTRLC_DATABASE_URL='${url}' runbook run nap.md --journal run.journal --operator tester`);
    await see(s, all(has('select pg_sleep(30);'), (l) => lastLine(l).startsWith('enter run')), 'the SQL step');

    s.tmux.key(s.drive, 'Enter');
    await see(s, has('▸ running'), 'the query running');
    await until(async () => (await sleeping(url)) === 1, 'the query to reach PostgreSQL');
    // q while it runs: not ignored, and it leaves nothing.
    s.tmux.key(s.drive, 'q');
    await see(s, all(has('a step is running — Ctrl-C stops it first'), has('▸ running')), 'what q says while a step runs');

    s.tmux.key(s.drive, 'C-c');
    await pause(300);
    s.tmux.key(s.drive, 'C-c');
    await see(s, has('✘ The step failed'), 'the query stopped, the screen still there', s.drive, 15_000);
    await until(async () => (await sleeping(url)) === 0, 'the query to be cancelled in PostgreSQL');
    expect(s.tmux.commandPid(s.drive)).not.toBeNull();
    // Another Ctrl-C now, with nothing running: it says how to leave, and stays.
    s.tmux.key(s.drive, 'C-c');
    await see(s, has(IDLE), 'what Ctrl-C says with no step running');
    expect(s.tmux.commandPid(s.drive)).not.toBeNull();

    // On to the shell step: the same with a real sleep.
    s.tmux.key(s.drive, 'Enter');
    await see(s, all(has('$ echo "napping"; sleep 30'), (l) => lastLine(l).startsWith('enter run')), 'the shell step');
    s.tmux.key(s.drive, 'Enter');
    await see(s, all(has('▸ running'), has('│ napping')), 'the sleep running');
    s.tmux.key(s.drive, 'C-c');
    await pause(300);
    s.tmux.key(s.drive, 'C-c');
    await see(s, has('✘ The step failed'), 'the sleep stopped, the screen still there', s.drive, 15_000);
    s.tmux.key(s.drive, 'C-c');
    await see(s, has(IDLE), 'Ctrl-C with no step running');
    expect(s.tmux.commandPid(s.drive)).not.toBeNull();

    // q leaves, the run resumable.
    s.tmux.key(s.drive, 'q');
    const left = await exited(s);
    expect(left.join('\n').replace(/\s+/g, ' ')).toContain('Run paused (quit). Continue with: runbook resume');
    const run = await show(s);
    expect(run.state).toBe('in_progress');
    expect(status(run, 'nap-sql')).toBe('failed');
    expect(status(run, 'nap-shell')).toBe('failed');
  });
});

describe('Ctrl-C in --plain', () => {
  it('the first stops the step; a second 0.3 s later does not end the run; the run goes on at the prompt', async () => {
    const url = await databases.fresh('SELECT 1');
    const dir = tempDir('runbook-ctrlc-plain-');
    const file = join(dir, 'nap.md');
    writeFileSync(file, RUNBOOK);
    const child = startCli(['run', file, '--plain', '--journal', join(dir, 'run.journal'), '--operator', 'tester'], { env: cliEnv(dir, { CTRLC_DATABASE_URL: url }) });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => out.includes('select pg_sleep(30);') && /\[y\][^\n]*>\s*$/.test(out), 'the prompt to run the SQL step');
      child.stdin?.write('y\n');
      await until(async () => (await sleeping(url)) === 1, 'the query to reach PostgreSQL');
      child.kill('SIGINT');
      await pause(300);
      child.kill('SIGINT');
      await waitFor(() => out.includes('^C stopping the step (the run goes on)'), 'the step stopping');
      await until(async () => (await sleeping(url)) === 0, 'the query to be cancelled in PostgreSQL');
      // The run asks what next after the failure, and the second Ctrl-C says how to leave: it did not end.
      await waitFor(() => out.includes('Step failed: [y] continue') && out.includes('^C the step is stopped; q at the prompt leaves (the run stays resumable)'), 'the prompt after the failed step', 15_000).catch((error: Error) => {
        throw new Error(`${error.message}; the output:\n${out}`);
      });
      expect(child.exitCode).toBeNull();
      child.stdin?.write('q\n');
      expect(await ended).toBe(0);
      expect(out).toContain('runbook resume');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
