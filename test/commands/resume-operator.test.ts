// Who resumes a run, when nobody says: the run's own operator goes on. A run started with
// `--operator ana` (the name not remembered) and resumed without `--operator` was recorded
// as resumed by $USER, or by "operator" where $USER is unset: the report's sessions table
// then named someone who never touched it, with no handover. The real CLI, real journals.

import { rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = `# Resume me

- [ ] Look at the dashboard

- [ ] Look at it again
`;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setUp() {
  dir = tempDir('rb-resume-operator-');
  writeFileSync(join(dir, 'deploy.md'), RUNBOOK);
  return { env: cliEnv(dir, { USER: 'deploy-bot' }), journal: join(dir, 'j.runbook.sqlite') };
}

describe('resume without --operator', () => {
  it("goes on as the run's operator, in the session's record and the report, not as $USER", async () => {
    const { env, journal } = setUp();
    const started = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'y\nq\n' });
    expect(started.stdout, started.stderr).toContain('Run paused');
    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'q\n' });
    expect(resumed.stdout, resumed.stderr).toContain('Run paused');

    const events = readEvents(journal);
    const sessions = events.filter((e) => e.type === 'session.started').map((e) => e.payload as { identity: { operator: string; user: string | null }; resumed: boolean });
    expect(sessions.map((s) => [s.identity.operator, s.resumed])).toEqual([
      ['ana', false],
      ['ana', true],
    ]);
    // The account is recorded beside the name, from the system, as before.
    expect(sessions[1]?.identity.user).toBe(userInfo().username);
    expect(events.some((e) => e.type === 'operator.changed')).toBe(false);

    const report = await runCli(['report', journal], { env, cwd: dir });
    const resumedRow = report.stdout.split('\n').find((l) => / \| resumed \| /.test(l));
    expect(resumedRow, report.stdout).toMatch(/\| resumed \| ana \| /);
  });

  // The remembered name was recorded as the session's operator, yet the run's operator
  // stayed the old one: the report's sessions table said bob resumed, while every step
  // after it was done "by ana", and the screen's header still named ana.
  it('resumed under a remembered name that is not the run\'s operator, hands the run over to it, journaled and said', async () => {
    const { env, journal } = setUp();
    await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'q\n' });
    writeFileSync(join(dir, 'runbook', 'config.json'), `${JSON.stringify({ operator: 'bob' })}\n`);
    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'y\nq\n' });
    expect(resumed.stdout, resumed.stderr).toContain('Run handed over from ana to bob.');
    expect(resumed.stdout).toContain('operator bob · journal');
    const events = readEvents(journal);
    expect(events.find((e) => e.type === 'operator.changed')?.payload).toMatchObject({ from: 'ana', to: 'bob' });
    const report = await runCli(['report', journal], { env, cwd: dir });
    expect(report.stdout.split('\n').filter((l) => l.startsWith('✔ passed'))).toEqual([expect.stringContaining(' · by bob · ')]);
  });

  it('--operator still hands the run over to the one named', async () => {
    const { env, journal } = setUp();
    await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'q\n' });
    const handed = await runCli(['resume', journal, '--plain', '--operator', 'bob'], { env, cwd: dir, input: 'q\n' });
    expect(handed.stdout, handed.stderr).toContain('Run handed over from ana to bob.');
    const events = readEvents(journal);
    expect(events.filter((e) => e.type === 'session.started').map((e) => (e.payload as { identity: { operator: string } }).identity.operator)).toEqual(['ana', 'bob']);
    expect(events.find((e) => e.type === 'operator.changed')?.payload).toMatchObject({ from: 'ana', to: 'bob' });
  });
});
