// A runbook reshaped mid-deploy: a phase retitled, a step with `{#id}` moved to the next
// phase. Step digests do not see where a step stands, so resume said only "The runbook
// changed" and walked the new shape unasked. It must list the rename and the move and ask
// before going on. The real CLI, piped answers, a real shell and a real journal.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const before = ['# M', '', '## Phase 1: Prepare', '', '- [ ] Check the backups', '', '```bash {#greet}', 'echo hello', '```', '', '## Phase 2: Deploy', '', '- [ ] Deploy the thing', ''];
const after = ['# M', '', '## Phase 1: Get ready', '', '- [ ] Check the backups', '', '## Phase 2: Deploy', '', '```bash {#greet}', 'echo hello', '```', '', '- [ ] Deploy the thing', ''];

function setUp() {
  dir = tempDir('rb-moved-');
  const file = join(dir, 'm.md');
  writeFileSync(file, before.join('\n'));
  return { file, journal: join(dir, 'j.sqlite'), env: cliEnv(dir, { COLUMNS: '200' }) };
}

describe('resume after a phase was renamed and a step moved to another phase', () => {
  it('lists the rename and the move, and asks before going on', async () => {
    const s = setUp();
    const run = await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'y\nq\n' });
    expect(run.stdout, run.stderr).toContain('Run paused');
    writeFileSync(s.file, after.join('\n'));

    const stopped = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'q\n' });
    expect(stopped.stdout).toContain(['  What changed for the steps not done yet:', '    phase renamed: "Phase 1: Prepare" → "Phase 1: Get ready"', '    → greet: moved from phase "Phase 1: Prepare" to phase "Phase 2: Deploy"', 'Use the new version?'].join('\n'));
    expect(stopped.stdout).toContain('Run paused (stopped by operator)');
    expect(readEvents(s.journal).filter((e) => e.type === 'step.started')).toHaveLength(0);

    const resumed = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'y\ny\ny\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Run completed: 3 passed');
    const changed = readEvents(s.journal).filter((e) => e.type === 'runbook.changed');
    expect(changed.at(-1)?.payload).toMatchObject({ accepted: true, details: expect.arrayContaining(['    → greet: moved from phase "Phase 1: Prepare" to phase "Phase 2: Deploy"']) });
  });

  it('a phase only retitled, its steps as they were, is said too; a step that stays put is not called moved', async () => {
    const s = setUp();
    await runCli(['run', s.file, '--plain', '--operator', 't', '--journal', s.journal], { env: s.env, cwd: dir, input: 'q\n' });
    writeFileSync(s.file, before.map((l) => (l === '## Phase 2: Deploy' ? '## Phase 2: Roll out' : l)).join('\n'));
    const stopped = await runCli(['resume', s.journal, '--plain'], { env: s.env, cwd: dir, input: 'q\n' });
    expect(stopped.stdout).toContain('    phase renamed: "Phase 2: Deploy" → "Phase 2: Roll out"\n');
    expect(stopped.stdout).not.toContain('moved from');
  });
});
