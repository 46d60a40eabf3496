// A SQLite target written as a PostgreSQL one is, with `url:`: check refused it with
// `sqlite target "ledger" needs path:`, which did not say that url: was the mistake, what
// path: is relative to, or how to name a file per host. The real CLI on a real file.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function check(target: string[]) {
  dir = tempDir('rb-sqlite-url-');
  const file = join(dir, 's.md');
  writeFileSync(file, ['---', 'targets:', '  ledger:', '    kind: sqlite', ...target, '---', '# S', '', '## P', '', '```sql', 'SELECT 1;', '```', ''].join('\n'));
  return { file, result: await runCli(['check', file], { env: cliEnv(dir), cwd: dir }) };
}

describe('check and a sqlite target with no path', () => {
  it('given url:, says that a sqlite target names its file with path:, and how to name one per host', async () => {
    const { file, result } = await check(['    url: sqlite:./ledger.db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:3: sqlite target "ledger" names its database file with path: (relative to the runbook file), not url: — write path: ./ledger.db; a file that differs per host is given on run as --target ledger=PATH\n`);
  });

  it('given neither, says what path: is', async () => {
    const { file, result } = await check([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:3: sqlite target "ledger" needs path: its database file, relative to the runbook file (path: ./ledger.db)\n`);
  });
});
