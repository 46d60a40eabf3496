// What a secret store answers when a step asks it: `vault kv get` prints a Key/Value table,
// `vault write …/secret-id` a secret_id row, `consul acl bootstrap` a SecretID, `aws
// secretsmanager get-secret-value` a SecretString, `gcloud auth print-access-token` a bare
// ya29. token, an old Vault's `token lookup` an s. token. A step prints such answers (made
// by printf, so no text of the step names a value); none of the values may reach the
// journal file, `show --json` or the report, and the rows around them stay as they were.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Answers',
  '',
  '## Phase 1: Ask',
  '',
  '```bash {#ask}',
  "printf '====== Data ======\\nKey         Value\\n---         -----\\npassword    Store%s\\nusername    app\\n' Kw8601",
  "printf 'secret_id             Store%s\\nsecret_id_ttl         0s\\n' Kw8602",
  "printf 'AccessorID:       e7f2c1b0\\nSecretID:         Store%s\\n' Kw8603",
  "printf '{\\n    \"Name\": \"app/database\",\\n    \"SecretString\": \"Store%s\"\\n}\\n' Kw8606",
  "printf 'ya29.a0%s%s\\n' Kw86 04AbCdEfGhIjKlMnOpQr",
  "printf 'id                  s.%s%s\\n' Kw86 05AbCdEfGhIjKlMnOpQr",
  '```',
  '',
].join('\n');

describe('a secret store answering a step', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-answers-', { 'answers.md': RUNBOOK });
    // What the step printed, on the operator's screen: the answers really held the values.
    expect(run.stdout).toContain('password    StoreKw8601\n');
  });

  it('records each value as [REDACTED], and the rows around it as they were', () => {
    expect(readOutput(run.journal, 'ask')).toEqual([
      '====== Data ======',
      'Key         Value',
      '---         -----',
      'password    [REDACTED]',
      'username    app',
      'secret_id             [REDACTED]',
      'secret_id_ttl         0s',
      'AccessorID:       e7f2c1b0',
      'SecretID:         [REDACTED]',
      '{',
      '    "Name": "app/database",',
      '    "SecretString": "[REDACTED]"',
      '}',
      '[REDACTED]',
      'id                  [REDACTED]',
    ]);
  });

  it('keeps every value out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/StoreKw86|Kw860[45]/);
  });
});
