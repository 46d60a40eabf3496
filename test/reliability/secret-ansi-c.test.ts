// A password in bash's $'…' quotes: how an operator writes one with a tab or a quote in it,
// and how `declare -p` and `export -p` print any value holding a control character. It is
// a string, not a reference to a variable; neither it, nor its echo in the same step (the
// tab a real tab by then), may reach the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Quotes',
  '',
  '## Phase 1: Set',
  '',
  '```bash {#ansi-c}',
  `export DB_PASSWORD=$'Ansi-C\\tPass-Aq8813'`,
  'echo "set: $DB_PASSWORD"',
  'declare -p DB_PASSWORD',
  '```',
  '',
].join('\n');

describe("a password in $'…' quotes", () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-ansi-c-', { 'quotes.md': RUNBOOK });
    expect(run.stdout).toContain('set: Ansi-C\tPass-Aq8813');
  });

  it('is recorded as [REDACTED], in the echo and in what declare -p printed', () => {
    expect(readOutput(run.journal, 'ansi-c')).toEqual(['set: [REDACTED]', "declare -x DB_PASSWORD=$'[REDACTED]'"]);
  });

  it('is in neither the journal file, show --json nor the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toContain('Aq8813');
  });
});
