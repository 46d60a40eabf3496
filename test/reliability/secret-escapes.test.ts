// Terminal escapes inside a credential: `grep --color=always` colours the part it matched
// (of a known secret, or of a credential's name), a tool prints its keys in bold. The
// escape splits the word the redaction looks for; the journal must hold neither part.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Escapes',
  '',
  '## Phase 1: Print',
  '',
  '```bash {#colours}',
  `echo "PgEnv-Pass-Kw4821" | grep --color=always Pass`,
  `echo "DB_PASSWORD=Grep-Pass-Gq3344" | grep --color=always PASSWORD`,
  `printf '\\033[1mpassword\\033[0m: Bold-Pass-Bz7788\\n'`,
  `printf 'token\\033[0m=Reset-Tok-Rx5566\\n'`,
  '```',
  '',
].join('\n');

describe('a credential split by terminal escapes', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-escapes-', { 'escapes.md': RUNBOOK }, { PGPASSWORD: 'PgEnv-Pass-Kw4821' });
    expect(run.stdout).toContain('PgEnv-\\e[01;31m\\e[KPass\\e[m\\e[K-Kw4821');
  });

  it('records the colours around [REDACTED], not the credential', () => {
    expect(readOutput(run.journal, 'colours')).toEqual(['[REDACTED]', 'DB_\x1b[01;31m\x1b[KPASSWORD\x1b[m\x1b[K=[REDACTED]', '\x1b[1mpassword\x1b[0m: [REDACTED]', 'token\x1b[0m=[REDACTED]']);
  });

  it('keeps every part out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/Kw4821|Gq3344|Bz7788|Rx5566/);
  });
});
