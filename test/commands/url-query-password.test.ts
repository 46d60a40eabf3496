// libpq takes a password from a URL's query string too (`?password=…`): it is refused
// wherever a password in the URL is (a runbook's target, --target, --store), as one line,
// exit 2, the password never echoed.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, TEST_DATABASE_URL, tempDir } from '../helpers/cli';

const SECRET = 'zzQuerySecret99';
const withPassword = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}sslmode=disable&password=${SECRET}`;

const runbook = (url: string): string => `---
title: Query password
targets:
  db:
    kind: postgres
    url: ${url}
---

# Query password

## One

\`\`\`sql db
SELECT 1 AS one;
\`\`\`
`;

let dir = '';

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('a password in the query string of a URL', () => {
  it('is refused in a runbook target: file and line, exit 2', async () => {
    dir = tempDir('runbook-query-password-');
    writeFileSync(join(dir, 'q.md'), runbook(withPassword(TEST_DATABASE_URL)));
    const result = await runCli(['check', 'q.md'], { env: cliEnv(dir), cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('q.md:4: target "db" url holds a password; use env:VAR, ~/.pgpass or profile:NAME instead');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('is refused in --target and --store, and nothing is recorded', async () => {
    dir = tempDir('runbook-query-password-');
    writeFileSync(join(dir, 'q.md'), runbook('env:DB_URL'));
    const env = cliEnv(dir, { DB_URL: TEST_DATABASE_URL });
    const target = await runCli(['run', 'q.md', '--plain', '--operator', 'ana', '--journal', 'q.journal', '--target', `db=${withPassword(TEST_DATABASE_URL)}`], { env, cwd: dir, input: 'y\n' });
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('the URL holds a password');
    expect(target.stdout + target.stderr).not.toContain(SECRET);

    const store = await runCli(['store', 'status', '--store', withPassword('postgres://postgres@127.0.0.1:5432/test')], { env, cwd: dir });
    expect(store.code).toBe(2);
    expect(store.stderr.trim()).toBe('runbook: store (--store): the URL holds a password; use PGPASSWORD, ~/.pgpass or env:VAR');
  });
});
