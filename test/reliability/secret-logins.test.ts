// Logins that take their credential in a way no `--password` names: on stdin because a
// flag says so (`docker login --password-stdin <<< X`, `echo X | gh auth login
// --with-token`), or by a short flag of the login alone (`az login -p X`). A step runs
// each such command (a function of the login's name stands in for it) and prints it:
// neither the command text nor the output may carry the credential to the journal file,
// `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const LINES = ['docker login -u bot --password-stdin <<< LoginKw8301 registry.example.com', "echo 'LoginKw8302' | gh auth login --with-token"];
// Only printed: a step that runs `az login` is handed the terminal, and its output is not recorded.
const PRINTED = ['az login -u ops@example.com -p LoginKw8303'];

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
  ...PRINTED,
  'EOF',
  '```',
  '',
].join('\n');

describe('a login whose credential no --password names', () => {
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
      'az login -u ops@example.com -p [REDACTED]',
    ]);
  });

  it('keeps every credential out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/LoginKw83/);
  });
});
