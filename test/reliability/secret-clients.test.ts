// Credentials a client takes in a way no `--password` names: on stdin because a flag
// says so (`docker login --password-stdin <<< X`, `echo X | gh auth login --with-token`),
// by a short flag of the client alone (`az login -p X`, `ssh-keygen -N X`), as a Java
// system property (`-Djavax.net.ssl.keyStorePassword=X`), or as Oracle's user/X@db. A
// step runs each such command (ssh-keygen itself; a function of the client's name for the
// others) and prints it: neither the command text nor the output may carry the credential
// to the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const LINES = [
  'docker login -u bot --password-stdin <<< LoginKw8301 registry.example.com',
  "echo 'LoginKw8302' | gh auth login --with-token",
  'java -Djavax.net.ssl.keyStorePassword=LoginKw8304 -Dspring.datasource.password=LoginKw8305 -jar app.jar',
  'ssh-keygen -q -t ed25519 -C deploy -N LoginKw8306 -f deploy_key && echo "key written"',
];
// Only printed: a step that runs `az login` or `sqlplus` is handed the terminal, and its
// output is not recorded; curl would go to the network.
const PRINTED = ['az login -u ops@example.com -p LoginKw8303', 'sqlplus -s system/LoginKw8307@pdb1 @report.sql', 'curl --oauth2-bearer LoginKw8308 https://api.example.com/health'];

const RUNBOOK = [
  '# Logins',
  '',
  '## Phase 1: Log in',
  '',
  '```bash {#logins}',
  'docker() { echo "docker read $(wc -c) bytes"; }',
  'gh() { echo "gh read $(wc -c) bytes"; }',
  'java() { echo "java given $# arguments"; }',
  ...LINES,
  "cat <<'EOF'",
  ...LINES,
  ...PRINTED,
  'EOF',
  '```',
  '',
].join('\n');

describe('a credential no --password names', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-clients-', { 'clients.md': RUNBOOK });
    // What the step printed, on the operator's screen: the logins really read their input.
    expect(run.stdout).toContain('docker read 12 bytes\n');
  });

  it('records each command with [REDACTED] in place of the credential', () => {
    expect(readOutput(run.journal, 'logins')).toEqual([
      'docker read 12 bytes',
      'gh read 12 bytes',
      'java given 4 arguments',
      'key written',
      'docker login -u bot --password-stdin <<< [REDACTED] registry.example.com',
      "echo '[REDACTED]' | gh auth login --with-token",
      'java -Djavax.net.ssl.keyStorePassword=[REDACTED] -Dspring.datasource.password=[REDACTED] -jar app.jar',
      'ssh-keygen -q -t ed25519 -C deploy -N [REDACTED] -f deploy_key && echo "key written"',
      'az login -u ops@example.com -p [REDACTED]',
      'sqlplus -s system/[REDACTED]@pdb1 @report.sql',
      'curl --oauth2-bearer [REDACTED] https://api.example.com/health',
    ]);
  });

  it('keeps every credential out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/LoginKw83/);
  });
});
