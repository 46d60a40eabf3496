// `show` fits the terminal (80 columns from a pipe): a step's row flows at spaces under the
// title's column, the journal's path alone on its line when it does not fit. Before, a row
// ran past the edge and the terminal broke its words.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CHECK = 'The counts look like a live governance database (policies, decisions, evidence packs, audit events, users)';
const RUNBOOK = ['# Fit', '', '## Phase 1: Checks', '', '```bash', 'echo "dashboard: 3 warnings"', '# Expected: the dashboard shows no errors and every panel is green', '```', '', `- [ ] ${CHECK}`, ''].join('\n');

describe('runbook show at 80 columns', () => {
  it("flows a long step row under its title's column, every word whole", async () => {
    dir = tempDir('rb-show-fit-');
    writeFileSync(join(dir, 'fit.md'), RUNBOOK);
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'j.runbook.sqlite');
    await runCli(['run', 'fit.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'y\nn\nq\n' });
    const shown = await runCli(['show', journal], { env, cwd: dir });
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines.every((l) => [...l].length <= 80), shown.stdout).toBe(true);
    const rowOf = (start: string) => {
      const at = lines.findIndex((l) => l.includes(start));
      const column = lines[at]?.indexOf(start) ?? -1;
      const row = [lines[at]?.slice(column) ?? ''];
      for (let i = at + 1; lines[i]?.startsWith(' '.repeat(column)) && lines[i]?.[column] !== ' '; i++) row.push(lines[i]?.slice(column) ?? '');
      return { column, text: row.join(' '), lines: row.length };
    };
    const failed = rowOf('echo "dashboard');
    expect(failed).toMatchObject({ column: 16, text: 'echo "dashboard: 3 warnings" · 1 lines · expected the dashboard shows no errors and every panel is green → failed' });
    expect(failed.lines).toBeGreaterThan(1);
    expect(rowOf('The counts look')).toMatchObject({ column: 16, text: CHECK });

    // Off a terminal, $COLUMNS asks for another width: each row whole on its line.
    const wide = await runCli(['show', journal], { env: { ...env, COLUMNS: '200' }, cwd: dir });
    expect(wide.stdout.split('\n')).toContain('  ✘ failed      echo "dashboard: 3 warnings" · 1 lines · expected the dashboard shows no errors and every panel is green → failed');
  });
});
