// Credential shapes printed by real steps — URL passwords, PGPASSWORD=, bearer tokens, AWS
// and GitHub keys, JWTs, private key blocks, a secret input, a token from the environment,
// a password a step exports — never reach the journal file (nor its write-ahead log), the
// report, or `show --json`. Ordinary text that merely looks similar stays as it was.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { journalBytes, readOutput } from '../faults/support/journal-file';

const FIXTURE = new URL('fixtures/secrets.md', import.meta.url).pathname;

const SECRETS = [
  'Url-Pass-8812',
  'Https-Pass-5521',
  'Pg-Pass-6633',
  'Db-Pass-7744',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSecret99',
  'Flag-Pass-9955',
  'Json-Secret-1166',
  'Hdr-Token-4411-abcdefgh',
  'tok_live_9f8e7d6c5b4a3210',
  'AKIAJ7Q2ZK4XEXAMPLE1',
  'ghp_R4nd0mG1tHubT0k3nValue1234567890',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJlLXBhcnQ',
  'Key-Body-Line-One',
  'Key-Body-Line-Two',
  'Typed-Api-Secret-2288',
  'Env-Token-5599-zyxw',
  'Exported-Pass-3377',
];

const LOOKALIKES = [
  'the password reset flow is enabled',
  'token count: 5',
  'Bearer of bad news',
  'primary_key: id',
  'secret_santa_list.txt',
  'postgres://app@db.internal:5432/govos',
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpublicbody',
  '-----END PUBLIC KEY-----',
  'AKIA is a prefix',
];

describe('secrets echoed by real steps', () => {
  const dir = tempDir('runbook-secrets-');
  const journal = join(dir, 'run.runbook.sqlite');
  const env = cliEnv(join(dir, 'home'), { DEPLOY_API_TOKEN: 'Env-Token-5599-zyxw' });
  let stdout = '';

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    copyFileSync(FIXTURE, join(dir, 'secrets.md'));
    const run = await runCli(['run', join(dir, 'secrets.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `Typed-Api-Secret-2288\n${'y\n'.repeat(20)}` });
    stdout = run.stdout;
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
  });

  it('are in neither the journal file nor its write-ahead log', () => {
    const bytes = journalBytes(journal);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(bytes.includes(secret), secret).toBe(false);
  });

  it('are in neither show --json, nor the Markdown or JSON report', async () => {
    for (const args of [['show', journal, '--json'], ['report', journal], ['report', journal, '--format', 'json']]) {
      const result = await runCli(args, { env, cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      for (const secret of SECRETS) expect(result.stdout, `${secret} in ${args.join(' ')}`).not.toContain(secret);
      expect(result.stdout).toContain('[REDACTED]');
    }
  });

  it('a password a step exports still reaches the next step (it is only kept out of the record)', () => {
    expect(stdout).toContain('length of the exported password: 18');
  });

  it('leaves ordinary text that merely looks like a credential intact', () => {
    expect(readOutput(journal, 'lookalikes')).toEqual(LOOKALIKES);
  });
});
