// A password in bash's $'…' quotes: how an operator writes one with a tab or a quote in it,
// and how `declare -p` and `export -p` print any value holding a control character. It is
// a string, not a reference to a variable; neither it, nor its echo in the same step (the
// tab a real tab by then), may reach the journal file, `show --json` or the report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readOutput } from '../faults/support/journal-file';

const RUNBOOK = [
  '# Quotes',
  '',
  '## Phase 1: Set',
  '',
  '```bash {#ansi-c}',
  `export DB_PASSWORD=$'Ansi-C\\tPass-8813'`,
  'echo "set: $DB_PASSWORD"',
  'declare -p DB_PASSWORD',
  '```',
  '',
].join('\n');

describe("a password in $'…' quotes", () => {
  const dir = tempDir('runbook-ansi-c-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'quotes.md'), RUNBOOK);
    const run = await runCli(['run', 'quotes.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('set: Ansi-C\tPass-8813');
  });

  it('is recorded as [REDACTED], in the echo and in what declare -p printed', () => {
    expect(readOutput(journal, 'ansi-c')).toEqual(['set: [REDACTED]', "declare -x DB_PASSWORD=$'[REDACTED]'"]);
  });

  it('is in neither the journal file, show --json nor the report', async () => {
    const shown = await runCli(['show', journal, '--json'], { env, cwd: dir });
    const report = await runCli(['report', journal], { env, cwd: dir });
    for (const text of [journalBytes(journal).toString('latin1'), shown.stdout, report.stdout]) expect(text).not.toContain('8813');
  });
});
