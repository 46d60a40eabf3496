// Passwords that stand on a command line by their place alone: aws's and npm's config set
// value, htpasswd -b's and openssl passwd's last argument, the user:password lines fed to
// chpasswd, rabbitmqctl's and mysqladmin's password arguments, and mysql's -pX quoted
// whole. No name of a known secret holds them, so only their shape can hide them.
// A step echoes each command line: the step's command text and its output both carry
// them, and neither may reach the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const LINES = [
  'aws configure set aws_secret_access_key AwsPositional8101',
  'aws configure set default.aws_session_token AwsPositional8102',
  'htpasswd -bcB /etc/nginx/.htpasswd admin HtPositional8103',
  'htpasswd -nb admin HtPositional8104',
  "echo 'deploy:ChPositional8105' | chpasswd",
  'chpasswd <<< "deploy:ChPositional8106"',
  "echo 'deploy:ChPositional8109' | sudo -S chpasswd",
  // -e: a bare `mysql` is a SQL shell, and an interactive step's output is not recorded.
  "mysql -u root '-pMyPositional8107' -e 'select 1' app",
  'rabbitmqctl change_password deploy RabbitPositional8112',
  'mysqladmin -u root password MyPositional8113',
  'openssl passwd -6 -salt s4lt SslPositional8115',
  'npm config set //npm.example.com/:_authToken NpmPositional8116',
  'aws configure set region eu-west-1',
  'htpasswd usage',
];

const RUNBOOK = [
  '# Accounts',
  '',
  '## Phase 1: Print',
  '',
  '```bash {#accounts}',
  "cat <<'EOF'",
  ...LINES,
  'EOF',
  'echo "aws configure set aws_secret_access_key AwsPositional8108"',
  // A heredoc's lines fed to chpasswd: a function of that name here, which counts them.
  'chpasswd() { wc -l; }',
  "chpasswd <<'USERS'",
  'deploy:ChPositional8110',
  'audit:ChPositional8111',
  'USERS',
  '```',
  '',
].join('\n');

const SECRET = /Positional81/;

describe('a password that stands on a command line by its place alone', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-positional-', { 'accounts.md': RUNBOOK });
    // What the step printed, on the operator's screen: the last line really ran.
    expect(run.stdout).toContain('aws configure set aws_secret_access_key AwsPositional8108\n');
  });

  it('records each line with [REDACTED] in place of the password, and the prose as it was', () => {
    expect(readOutput(run.journal, 'accounts')).toEqual([
      'aws configure set aws_secret_access_key [REDACTED]',
      'aws configure set default.aws_session_token [REDACTED]',
      'htpasswd -bcB /etc/nginx/.htpasswd admin [REDACTED]',
      'htpasswd -nb admin [REDACTED]',
      "echo 'deploy:[REDACTED]' | chpasswd",
      'chpasswd <<< "deploy:[REDACTED]"',
      "echo 'deploy:[REDACTED]' | sudo -S chpasswd",
      "mysql -u root '-p[REDACTED]' -e 'select 1' app",
      'rabbitmqctl change_password deploy [REDACTED]',
      'mysqladmin -u root password [REDACTED]',
      'openssl passwd -6 -salt s4lt [REDACTED]',
      'npm config set //npm.example.com/:_authToken [REDACTED]',
      'aws configure set region eu-west-1',
      'htpasswd usage',
      'aws configure set aws_secret_access_key [REDACTED]',
      '2',
    ]);
  });

  it('keeps every password out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(SECRET);
  });
});
