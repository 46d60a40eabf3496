// Issue 14.6: safety by meaning — destructive steps by their verb and flags across the CLIs
// teams use, interactive commands given the terminal, placeholders in the forms real
// runbooks write them.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, fixture } from '../helpers/check';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

describe('destructive by what the command means', () => {
  it('asks a typed confirmation for every removal, stop, apply and forced flag, and none for the look-around', async () => {
    const json = await checkJson(fixture('dialect/safety-destructive.md'));
    expect(json.steps.filter((s) => s.destructive).map((s) => s.line)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    expect(json.steps.filter((s) => !s.destructive).map((s) => s.line)).toEqual([5]);
  });
});

describe('interactive commands', () => {
  it('says why each one waits for a person, and nothing for the same programs given their input', async () => {
    const json = await checkJson(fixture('dialect/safety-interactive.md'));
    expect(json.steps.map((s) => [s.line, s.interactive ?? null])).toEqual([
      [6, 'read waits for input'],
      [7, 'opens an editor'],
      [8, 'gitlab-psql with no -c or -f opens a SQL shell'],
      [9, 'su opens a shell'],
      [10, 'ssh with no command opens a login shell'],
      [11, 'gitlab-rails console opens a console'],
      [12, 'kubectl exec -it wants a terminal'],
      [13, 'mysql -p asks for a password'],
      [19, null],
      [20, null],
      [21, null],
      [22, null],
      [27, 'psql with no -c or -f opens a SQL shell'],
    ]);
    expect(json.warnings.find((w) => w.line === 8)?.message).toBe(
      'interactive (gitlab-psql with no -c or -f opens a SQL shell): run gives it the terminal; add {tty} to make it exact, or {tty=false} to run it with no input',
    );
    // {tty=false} made it exact: no warning.
    expect(json.warnings.filter((w) => w.line === 27)).toEqual([]);
  });

  // A heredoc's body is data (a script written to a file, SQL sent elsewhere): a database
  // shell named there was taken for one the step opens, and the step run with the terminal,
  // its output unrecorded.
  it('reads no command in a heredoc body, and goes on reading after it ends', async () => {
    const json = await checkJson(fixture('dialect/safety-heredoc.md'));
    expect(json.steps.map((s) => [s.line, s.interactive ?? null])).toEqual([
      [5, null],
      [13, null],
      [22, 'psql with no -c or -f opens a SQL shell'],
      [29, 'psql with no -c or -f opens a SQL shell'],
      [36, null],
      [44, 'psql with no -c or -f opens a SQL shell'],
    ]);
  });

  it('tells the operator the step gets the terminal when run', async () => {
    const home = tempDir('runbook-dialect-run-');
    const run = await runCli(['run', fixture('dialect/safety-interactive.md'), '--plain', '--rehearse', '--operator', 'tester', '--journal', join(home, 'j.sqlite')], {
      env: cliEnv(home),
      input: 'y\n'.repeat(14),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Interactive (gitlab-psql with no -c or -f opens a SQL shell): it gets the terminal\n$ gitlab-psql\n');
    expect(run.stdout).not.toContain('Interactive (psql with no -c or -f');
  });
});

describe('placeholders', () => {
  it('catches <angle>, {{ template }}, XXX, CHANGEME, ??? and ALL_CAPS names nothing sets', async () => {
    const json = await checkJson(fixture('dialect/safety-placeholders.md'));
    const held = json.warnings.filter((w) => w.message.startsWith('command still holds placeholder')).map((w) => [w.line, w.message.replace('command still holds placeholder ', '')]);
    expect(held).toEqual([
      [6, '<zone_name>'],
      [7, '{{ page.version }}'],
      [8, 'XXX-backups'],
      [9, 'CHANGEME'],
      [10, '???'],
      [11, 'DISK_NAME'],
      [11, 'PROJECT_ID'],
    ]);
  });
});
