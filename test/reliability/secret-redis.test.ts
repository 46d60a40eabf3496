// Redis names its password in its own words: `requirepass X` in redis.conf and CONFIG SET,
// CONFIG GET's reply on the line below the name, `AUTH X` and ACL SETUSER's `>X`. A step
// rotates a password that way (a function stands in for redis-cli) and prints the reply
// redis-cli gives (made by printf, so no text of the step names that value). None of the
// passwords may reach the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Redis',
  '',
  '## Phase 1: Rotate',
  '',
  '```bash {#rotate}',
  'redis-cli() { echo OK; }',
  'echo "requirepass RedisKw8501" > redis.conf',
  'grep requirepass redis.conf',
  'redis-cli -h cache CONFIG SET requirepass RedisKw8502',
  "redis-cli ACL SETUSER app on '>RedisKw8503' '~app:*'",
  'redis-cli -h cache AUTH default RedisKw8504',
  "printf '1) \"requirepass\"\\n2) \"Redis%s%s\"\\n' Kw85 05",
  '```',
  '',
].join('\n');

describe('a Redis password in Redis words', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-redis-', { 'redis.md': RUNBOOK });
    // What the step printed, on the operator's screen: the reply really named the password.
    expect(run.stdout).toContain('2) "RedisKw8505"\n');
  });

  it('records the config line and the reply with [REDACTED] in place of the password', () => {
    expect(readOutput(run.journal, 'rotate')).toEqual(['requirepass [REDACTED]', 'OK', 'OK', 'OK', '1) "requirepass"', '2) "[REDACTED]"']);
  });

  it('keeps every password out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/RedisKw85/);
  });
});
