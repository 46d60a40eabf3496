// A typo fixed in a command mid-deploy, in a step without `{#id}` (its id is made from its
// text, so the fix changes it). resume must show the edit as one step changed (was / now),
// offer that step with its new command once the operator accepts, and run the steps nobody
// edited as before. Before, the edit read as one step removed (skipped unoffered) and one
// added (never walked), and the run ended "completed". The real CLI, piped answers, a real
// shell and a real journal, as an operator types them.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setUp(commands: string[]) {
  dir = tempDir('rb-edited-');
  const file = join(dir, 'e.md');
  writeFileSync(file, ['# E', '', '## P', '', '```bash', ...commands.map((c) => `[ ] ${c}`), '```', ''].join('\n'));
  return { file, journal: join(dir, 'j.sqlite'), env: cliEnv(dir, { COLUMNS: '200' }) };
}

const started = (journal: string) => readEvents(journal).flatMap((e) => (e.type === 'step.started' ? [[e.payload.step, e.payload.command]] : []));

describe('resume after a typo fixed in a step without an id', () => {
  it('lists the step as changed (was / now), runs its new command, and runs the unedited steps as before', async () => {
    const s = setUp(['echo one', 'echo two', 'echo three']);
    const run = await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'y\nq\n' });
    expect(run.stdout, run.stderr).toContain('Run paused');
    writeFileSync(s.file, ['# E', '', '## P', '', '```bash', '[ ] echo one', '[ ] echo two fixed', '[ ] echo three', '```', ''].join('\n'));

    const resumed = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'y\ny\ny\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(['  What changed for the steps not done yet:', '    ~ p/echo-two', '        command was: echo two', '                now: echo two fixed', 'Use the new version?'].join('\n'));
    expect(resumed.stdout).not.toContain('removed from the file');
    expect(resumed.stdout).not.toContain('added; this run walks only the steps it began with');
    expect(resumed.stdout).toContain('$ echo two fixed\n');
    expect(resumed.stdout).toContain('Run completed: 3 passed');
    expect(started(s.journal)).toEqual([
      ['p/echo-one', 'echo one'],
      ['p/echo-two', 'echo two fixed'],
      ['p/echo-three', 'echo three'],
    ]);
    const changed = readEvents(s.journal).filter((e) => e.type === 'runbook.changed');
    expect(changed.map((e) => e.payload)).toMatchObject([{ changed: ['p/echo-two'], added: [], removed: [], accepted: true }]);

    const report = await runCli(['report', s.journal], { env: s.env, cwd: dir });
    expect(report.stdout).toContain('- Steps: 3 passed');
    expect(report.stdout).toContain('As the runbook had it when the run began (not what ran):\n\n```bash\necho two\n```\n\nThe runbook file changed it after the run began; this is what ran:\n\n```bash\necho two fixed\n```');
  });

  it('an edit to the first of two equal steps changes that one; its unedited twin keeps its place and runs', async () => {
    const s = setUp(['echo restart', 'echo health', 'echo restart', 'echo health']);
    await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'y\nq\n' });
    writeFileSync(s.file, ['# E', '', '## P', '', '```bash', '[ ] echo restart', '[ ] echo health -f', '[ ] echo restart', '[ ] echo health', '```', ''].join('\n'));

    const resumed = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'y\ny\ny\ny\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('    ~ p/echo-health\n        command was: echo health\n                now: echo health -f\n');
    expect(resumed.stdout).not.toMatch(/removed from the file|added; this run walks/);
    expect(resumed.stdout).toContain('Run completed: 4 passed');
    expect(started(s.journal)).toEqual([
      ['p/echo-restart', 'echo restart'],
      ['p/echo-health', 'echo health -f'],
      ['p/echo-restart-2', 'echo restart'],
      ['p/echo-health-2', 'echo health'],
    ]);
  });

  it('a step really removed from the file is listed, and said where it stood when the run passes it; the rest run', async () => {
    const s = setUp(['echo one', 'echo two', 'echo three']);
    await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'y\nq\n' });
    writeFileSync(s.file, ['# E', '', '## P', '', '```bash', '[ ] echo one', '[ ] echo three', '```', ''].join('\n'));
    const resumed = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'y\ny\n' });
    expect(resumed.stdout).toContain('    - p/echo-two: removed from the file\n');
    expect(resumed.stdout).toContain('\n↷ p/echo-two: skipped, the runbook file no longer has this step\n');
    expect(resumed.stdout).toContain('Run completed: 2 passed, 1 skipped');
    expect(started(s.journal).map(([step]) => step)).toEqual(['p/echo-one', 'p/echo-three']);
  });

  it('q at the question leaves the run paused with nothing run; the file put back resumes as it began', async () => {
    const s = setUp(['echo one', 'echo two', 'echo three']);
    await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'y\nq\n' });
    writeFileSync(s.file, ['# E', '', '## P', '', '```bash', '[ ] echo one', '[ ] echo two fixed', '[ ] echo three', '```', ''].join('\n'));
    const stopped = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'q\n' });
    expect(stopped.stdout).toContain('command was: echo two');
    expect(stopped.stdout).toContain('Run paused (stopped by operator)');
    expect(started(s.journal)).toHaveLength(1);

    writeFileSync(s.file, ['# E', '', '## P', '', '```bash', '[ ] echo one', '[ ] echo two', '[ ] echo three', '```', ''].join('\n'));
    const went = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'y\ny\n' });
    expect(went.stdout).not.toContain('The runbook changed');
    expect(went.stdout).toContain('Run completed: 3 passed');
    expect(started(s.journal).map(([, command]) => command)).toEqual(['echo one', 'echo two', 'echo three']);
  });
});
