// Logins that take their credential in a way no `--password` names: on stdin because a
// flag says so (`docker login --password-stdin <<< X`, `echo X | gh auth login
// --with-token`). A step runs each such command (a function of the login's name stands in
// for it) and prints it: neither the command text nor the output may carry the credential
// to the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const LINES = ['docker login -u bot --password-stdin <<< LoginKw8301 registry.example.com', "echo 'LoginKw8302' | gh auth login --with-token"];

const RUNBOOK = [
  '# Logins',
  '',
  '## Phase 1: Log in',
  '',
  '```bash {#logins}',
  'docker() { echo "docker read $(wc -c) bytes"; }',
  'gh() { echo "gh read $(wc -c) bytes"; }',
  ...LINES,
  "cat <<'EOF'",
  ...LINES,
  'EOF',
  '```',
  '',
].join('\n');

describe('a login that reads its credential on stdin', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-logins-', { 'logins.md': RUNBOOK });
    // What the step printed, on the operator's screen: the logins really read their input.
    expect(run.stdout).toContain('docker read 12 bytes\n');
  });

  it('records each login with [REDACTED] in place of the credential', () => {
    expect(readOutput(run.journal, 'logins')).toEqual([
      'docker read 12 bytes',
      'gh read 12 bytes',
      'docker login -u bot --password-stdin <<< [REDACTED] registry.example.com',
      "echo '[REDACTED]' | gh auth login --with-token",
    ]);
  });

  it('keeps every credential out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/LoginKw83/);
  });
});
