// A paused run whose runbook file no longer reads as a runbook (a half-made edit, a
// directory in its place): resume says why, with the file and line, and asks whether to go
// on with the runbook as the run began. Before, it refused in one line and the operator,
// mid-deploy, could go on only by mending the file or moving it away. The real CLI, a real
// shell, a real journal; the questions at 80 columns, flowing at spaces.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { drivePlain, routineAnswer } from '../e2e/plain-driver';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = ['# Unusable', '', '## Phase 1: Steps', '', '```bash {#first}', 'echo first-ran', '```', '', '```bash {#second}', 'echo second-ran', '```', ''].join('\n');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setUp() {
  dir = tempDir('rb-unusable-');
  const file = join(dir, 'deploy.md');
  writeFileSync(file, RUNBOOK);
  return { file, journal: join(dir, 'run.journal'), env: cliEnv(dir) };
}

/** Runs the first step and stops at the second: the run is paused there. */
async function pausedAtSecond(s: ReturnType<typeof setUp>) {
  const run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ana'], {
    env: s.env,
    cwd: dir,
    answer: (p) => (p.block.includes('echo second-ran') && p.prompt.startsWith('Run:') ? null : routineAnswer(p)),
  });
  expect(run.stdout, run.stderr).toContain('Run paused');
}

const asked = (stdout: string) => stdout.replace(/\s+/g, ' ');

describe('resume, when the runbook file no longer reads as a runbook', () => {
  it('says why with its line, and q leaves the run paused with nothing run; y goes on as the run began', async () => {
    const s = setUp();
    await pausedAtSecond(s);
    writeFileSync(s.file, `---\ntitle: half an edit\n${RUNBOOK}`);

    const stopped = await drivePlain(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, answer: (p) => (p.block.includes('[y] go on') ? 'q' : routineAnswer(p)) });
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('! The runbook file no longer reads as a runbook:');
    expect(stopped.stdout).toContain(`${s.file}:1: front matter opened here never closes`);
    expect(asked(stopped.stdout)).toContain('Go on with the runbook as it was when the run began? [y] go on · q stop (the run stays paused; mend the file, then resume) >');
    expect(stopped.stdout).toContain('Run paused (stopped by operator)');
    // At 80 columns (off a terminal, without $COLUMNS) every line fits: the question flows at spaces.
    expect(stopped.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(readEvents(s.journal).filter((e) => e.type === 'step.started')).toHaveLength(1);
    // Stopped at that question from another account's home, the run is still its latest to resume.
    const elsewhere = cliEnv(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'elsewhere'));
    await drivePlain(['resume', s.journal, '--plain'], { env: elsewhere, cwd: dir, answer: (p) => (p.block.includes('[y] go on') ? 'q' : routineAnswer(p)) });
    expect((await runCli(['list'], { env: { ...elsewhere, COLUMNS: '200' }, cwd: dir })).stdout).toContain(s.journal);

    const went = await drivePlain(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, answer: (p) => (p.block.includes('[y] go on') ? 'y' : routineAnswer(p)) });
    expect(went.code, went.stderr).toBe(0);
    expect(went.stdout).toContain('second-ran');
    expect(went.stdout).toContain('Run completed');
    expect(readEvents(s.journal).filter((e) => e.type === 'step.started').map((e) => (e.payload as { step: string }).step)).toEqual(['first', 'second']);
  });

  it('asks the same when a directory has taken the file’s place', async () => {
    const s = setUp();
    await pausedAtSecond(s);
    rmSync(s.file);
    mkdirSync(s.file);
    const went = await drivePlain(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, answer: (p) => (p.block.includes('[y] go on') ? '' : routineAnswer(p)) });
    expect(went.code, went.stderr).toBe(0);
    expect(went.stdout).toContain(`${s.file}: is a directory, not a runbook file`);
    expect(went.stdout).toContain('Run completed');
  });

  it('flows the question about a changed runbook at spaces at 80 columns, never splitting a word', async () => {
    const s = setUp();
    await pausedAtSecond(s);
    writeFileSync(s.file, `${RUNBOOK}\n- [ ] Post in the release channel\n`);
    const stopped = await drivePlain(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, answer: (p) => (p.block.includes('[y] use it') ? 'q' : routineAnswer(p)) });
    expect(stopped.stdout.split('\n').filter((l) => l.length > 80)).toEqual([]);
    expect(stopped.stdout).toContain('    + phase-1-steps/post-in-the-release-channel: added; this run walks only the\n      steps it began with\n');
    expect(asked(stopped.stdout)).toContain('Use the new version? [y] use it · q stop (the run stays paused; put the file back to go on as it began) >');
  });
});
