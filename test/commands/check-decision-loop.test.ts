// A decision tree whose answer leads back to a question already on its path: the answer
// named the tree's own section (which then became a plan that opens on that very question),
// or two trees led into each other. check passed it, and the menu went round for ever
// without reaching a plan. check must refuse it in one line, with file and line, exit 2.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function check(lines: string[]) {
  dir = tempDir('rb-loop-');
  const file = join(dir, 'loop.md');
  writeFileSync(file, lines.join('\n'));
  return { file, result: await runCli(['check', file], { env: cliEnv(dir), cwd: dir }) };
}

const head = ['# Loop', '', '## Phase 1: Deploy', '', '- [ ] Deploy it', '', '## Phase 2: Decide', ''];

describe('check and a decision tree that loops', () => {
  it('refuses an answer leading back to its own question, naming the answer line', async () => {
    const { file, result } = await check([...head, '### 2.1 Rollback decision', '', '- Is the release healthy?', '  - Yes → [Ask again](#21-rollback-decision)', '  - No → [Rollback Plan A](#22-rollback-plan-a)', '', '### 2.2 Rollback Plan A', '', '- [ ] Undo it', '']);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${file}:12: decision answer "Yes" leads back to "Is the release healthy\\?" \\(line 11\\), a question already on its path`))]);
  });

  it('refuses two trees whose plans open on each other', async () => {
    const { file, result } = await check([
      ...head,
      '### 2.1 First',
      '',
      '- Is the release healthy?',
      '  - Yes → [Second](#22-second)',
      '  - No → [Rollback Plan A](#23-rollback-plan-a)',
      '',
      '### 2.2 Second',
      '',
      '- Are the counts right?',
      '  - Yes → [First](#21-first)',
      '  - No → [Rollback Plan A](#23-rollback-plan-a)',
      '',
      '### 2.3 Rollback Plan A',
      '',
      '- [ ] Undo it',
      '',
    ]);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${file}:\\d+: decision answer "Yes" leads back to "(Is the release healthy|Are the counts right)\\?"`));
  });

  it('passes an answer leading to the phase the question stands in: the walk goes on from there, the question answered', async () => {
    const { result } = await check([...head, '- Is the release healthy?', '  - Yes → [Decide](#phase-2-decide)', '  - No → [Rollback Plan A](#rollback-plan-a)', '', '## Phase 3: Finish', '', '- [ ] Finish', '', '### Rollback Plan A', '', '- [ ] Undo it', '']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Yes → phase Phase 2: Decide');
  });

  it('passes a retry: the answer leads to a plan that does something before it asks again', async () => {
    const { result } = await check([
      ...head,
      '### 2.1 Rollback decision',
      '',
      '- Is the release healthy?',
      '  - Yes → [Wait and ask again](#22-wait-and-ask-again)',
      '  - No → [Rollback Plan A](#23-rollback-plan-a)',
      '',
      '### 2.2 Wait and ask again',
      '',
      '- [ ] Wait five minutes',
      '- Is it healthy now?',
      '  - Yes → [Rollback decision](#21-rollback-decision)',
      '  - No → [Rollback Plan A](#23-rollback-plan-a)',
      '',
      '### 2.3 Rollback Plan A',
      '',
      '- [ ] Undo it',
      '',
    ]);
    expect(result.code, result.stderr).toBe(0);
  });
});
