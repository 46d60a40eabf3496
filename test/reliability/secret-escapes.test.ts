// Terminal escapes inside a credential: `grep --color=always` colours the part it matched
// (of a known secret, or of a credential's name), a tool prints its keys in bold. The
// escape splits the word the redaction looks for; the journal must hold neither part.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readOutput } from '../faults/support/journal-file';

const RUNBOOK = [
  '# Escapes',
  '',
  '## Phase 1: Print',
  '',
  '```bash {#colours}',
  `echo "PgEnv-Pass-4821" | grep --color=always Pass`,
  `echo "DB_PASSWORD=Grep-Pass-3344" | grep --color=always PASSWORD`,
  `printf '\\033[1mpassword\\033[0m: Bold-Pass-7788\\n'`,
  `printf 'token\\033[0m=Reset-Tok-5566\\n'`,
  '```',
  '',
].join('\n');

describe('a credential split by terminal escapes', () => {
  const dir = tempDir('runbook-escapes-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'), { PGPASSWORD: 'PgEnv-Pass-4821' });

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'escapes.md'), RUNBOOK);
    const run = await runCli(['run', 'escapes.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('PgEnv-\\e[01;31m\\e[KPass\\e[m\\e[K-4821');
  });

  it('records the colours around [REDACTED], not the credential', () => {
    expect(readOutput(journal, 'colours')).toEqual(['[REDACTED]', 'DB_\x1b[01;31m\x1b[KPASSWORD\x1b[m\x1b[K=[REDACTED]', '\x1b[1mpassword\x1b[0m: [REDACTED]', 'token\x1b[0m=[REDACTED]']);
  });

  it('keeps every part out of the journal file, show --json and the report', async () => {
    const shown = await runCli(['show', journal, '--json'], { env, cwd: dir });
    const report = await runCli(['report', journal], { env, cwd: dir });
    for (const text of [journalBytes(journal).toString('latin1'), shown.stdout, report.stdout]) expect(text).not.toMatch(/4821|3344|7788|5566/);
  });
});
