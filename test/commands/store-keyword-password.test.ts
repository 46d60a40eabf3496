// A store (or a target) given as a libpq `key=value` string is refused — runbook takes a
// postgres:// URL — in one line, exit 2, and the `password=` in it is never echoed: through
// env:VAR, RUNBOOK_STORE, or typed after --store. A word after --store that a verb has no
// room for is --store's value, refused as such ("expected a postgres:// URL"), not an
// "unexpected argument"; `--store RUN` still names the run when the verb takes one.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { storeDatabases } from '../helpers/store';

const SECRET = 'SuperSecretPW';
const KV = `host=127.0.0.1 user=postgres password=${SECRET} dbname=x`;

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function refused(args: string[], extra: Record<string, string> = {}) {
  dir ||= tempDir('runbook-kv-password-');
  const result = await runCli(args, { env: cliEnv(dir, extra), cwd: dir });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stdout + result.stderr).not.toContain(SECRET);
  return result.stderr.trim();
}

describe('a libpq key=value string where a store URL goes', () => {
  it('from env:VAR: refused, the password redacted', async () => {
    expect(await refused(['list', '--store', 'env:KV'], { KV })).toBe('runbook: store (--store): expected a postgres:// URL, got "host=127.0.0.1 user=postgres password=[REDACTED] dbname=x"');
  });

  it('from RUNBOOK_STORE with a bare --store: refused, the password redacted', async () => {
    expect(await refused(['list', '--store'], { RUNBOOK_STORE: KV })).toBe('runbook: store (RUNBOOK_STORE): expected a postgres:// URL, got "host=127.0.0.1 user=postgres password=[REDACTED] dbname=x"');
  });

  it('typed after --store: read as the store, refused as one, the password redacted', async () => {
    expect(await refused(['list', '--store', `host=127.0.0.1 password=${SECRET}`])).toBe('runbook: store (--store): expected a postgres:// URL, got "host=127.0.0.1 password=[REDACTED]"');
    expect(await refused(['show', '--store', `host=127.0.0.1 password=${SECRET}`, 'abcd'])).toMatch(/^runbook: store \(--store\): expected a postgres:\/\/ URL/);
  });

  it('as a runbook target: the password redacted', async () => {
    dir = tempDir('runbook-kv-password-');
    writeFileSync(join(dir, 'kv.md'), '---\ntitle: KV\ntargets:\n  db:\n    kind: postgres\n    url: env:DB_URL\n---\n\n# KV\n\n## One\n\n```sql db\nSELECT 1;\n```\n');
    const message = await refused(['run', 'kv.md', '--plain', '--operator', 'ana'], { DB_URL: KV });
    expect(message).toContain('password=[REDACTED]');
  });
});

describe('a word after --store', () => {
  it('that the verb has no room for is the store, and says what --store wants', async () => {
    expect(await refused(['list', '--store', 'garbage'])).toBe('runbook: store (--store): expected a postgres:// URL, got "garbage"');
    expect(await refused(['show', 'abcd', '--store', 'garbage'])).toBe('runbook: store (--store): expected a postgres:// URL, got "garbage"');
  });

  it('that the verb takes as its argument stays the argument (--store alone: the configured store)', async () => {
    expect(await refused(['show', '--store', 'abcd'])).toBe('runbook show: no team store configured: give --store URL, or set RUNBOOK_STORE or store: in the config');
  });

  it('an unexpected argument shaped like a credential is not echoed', async () => {
    expect(await refused(['list', `password=${SECRET}`])).toBe('runbook list: unexpected argument "password=[REDACTED]" (see runbook help list)');
  });
});

describe('a store URL with its password typed where a run or a journal goes', () => {
  const stores = storeDatabases('typedpassword');
  afterAll(() => stores.dropAll());
  const url = `postgres://ana:${SECRET}@db-1/runbook`;
  it.each([
    ['show RUN --store', ['show', url, '--store'], 'runbook: "postgres://ana:[REDACTED]@db-1/runbook" is not a run id: give the id, or at least its first 4 hex digits (runbook list --store)'],
    ['resume RUN --store', ['resume', url, '--store', '--plain'], 'runbook: store 127.0.0.1:1/none: connection refused'],
    ['show JOURNAL', ['show', url], 'runbook: postgres://ana:[REDACTED]@db-1/runbook: no such journal'],
    ['report JOURNAL', ['report', url], 'runbook: postgres://ana:[REDACTED]@db-1/runbook: no such journal'],
  ])('%s: refused in one line, the password never echoed', async (_what, args, line) => {
    expect(await refused(args, { RUNBOOK_STORE: 'postgres://postgres@127.0.0.1:1/none' })).toBe(line);
  });

  it('store push: the journal not found, the password never echoed', async () => {
    dir = tempDir('runbook-kv-password-');
    const result = await runCli(['store', 'push', url], { env: cliEnv(dir, { RUNBOOK_STORE: await stores.store() }), cwd: dir });
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stderr).toBe('runbook store: postgres://ana:[REDACTED]@db-1/runbook: no such journal\n');
    expect(result.code).toBe(2);
  });
});
