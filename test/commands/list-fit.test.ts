// `list` fits the terminal (80 columns from a pipe): a long title flows at spaces under its
// own column, and a journal path too long for its indent goes on a line of its own, whole,
// to be copied. Before, both ran past the edge and the terminal broke them mid-word.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runbook list at 80 columns', () => {
  it('wraps a long title between words and gives a long journal path a line of its own', async () => {
    dir = tempDir('rb-list-fit-');
    const env = cliEnv(join(dir, 'home'));
    const title = 'Governance OS release 3.1: the quarterly database migration and its rollback rehearsal';
    writeFileSync(join(dir, 'long.md'), `# ${title}\n\n- [ ] Look at the dashboard\n`);
    writeFileSync(join(dir, 'short.md'), '# Short\n\n- [ ] Look\n');
    const deep = join(dir, 'journals-kept-for-the-change-ticket', 'payments-platform', 'quarter-four');
    mkdirSync(deep, { recursive: true });
    const longJournal = join(deep, '2026-12-06T16-22-15Z-governance-os-release.runbook.sqlite');
    const shortJournal = join(dir, 's.sqlite');
    for (const [file, journal] of [['long.md', longJournal], ['short.md', shortJournal]] as const) {
      const run = await runCli(['run', file, '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'q\n' });
      expect(run.stdout, run.stderr).toContain('Run paused');
    }
    const listed = await runCli(['list'], { env, cwd: dir });
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l !== `  ${longJournal}`).every((l) => [...l].length <= 80), listed.stdout).toBe(true);
    expect(lines).toContain(`  ${longJournal}`);
    expect(lines).toContain(`${' '.repeat(12)}${shortJournal}`);
    // The title's words in order, each whole, the further lines under the title's column.
    const at = lines.findIndex((l) => l.includes('Governance OS'));
    const column = lines[at]?.indexOf('Governance') ?? -1;
    const titleLines = [lines[at]?.slice(column) ?? ''];
    for (let i = at + 1; lines[i]?.startsWith(' '.repeat(column)) && lines[i]?.[column] !== ' '; i++) titleLines.push(lines[i]?.slice(column) ?? '');
    expect(titleLines.length).toBeGreaterThan(1);
    expect(titleLines.join(' ')).toBe(title);
  });
});
