// A runner killed -9 while PostgreSQL runs one of its statements: the server does not
// notice its client is gone until the statement ends, and then commits it (autocommit, as
// psql). The step is interrupted, never done — but before, `resume` offered to re-run it
// as if nothing had happened, and the INSERT below went in twice. Now resume says that the
// statement may have been applied, before the operator chooses.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases, withClient } from '../helpers/pg';
import { insertsEnded, killMidInsert } from '../helpers/sql-in-flight';

const databases = testDatabases('sqlinflight');
afterAll(() => databases.dropAll());

const runbook = (url: string) => `---
targets:
  ledger: { kind: postgres, url: "${url}" }
---
# Ledger entry

## Phase 1: Change

\`\`\`sql {#entry}
INSERT INTO entries SELECT 'applied' FROM pg_sleep(1.5);
\`\`\`

\`\`\`bash {#after}
echo after
\`\`\`
`;

describe('an SQL step whose runner was killed mid-statement', () => {
  it('is interrupted, and resume says its statement may have run to its end on the server', async () => {
    const url = await databases.fresh('CREATE TABLE entries (v text)');
    const dir = tempDir('runbook-sql-in-flight-');
    mkdirSync(join(dir, 'home'));
    const env = cliEnv(join(dir, 'home'));
    writeFileSync(join(dir, 'ledger.md'), runbook(url));
    const journal = join(dir, 'run.runbook.sqlite');

    await killMidInsert({ url, file: 'ledger.md', journal, env, cwd: dir });
    // The server finishes the statement its client left, and commits it.
    await insertsEnded(url);
    const rows = await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM entries')).rows[0] as { n: number });
    expect(rows.n).toBe(1);

    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'q\n' });
    expect(resumed.code, resumed.stderr).toBe(0);
    const said = resumed.stdout.replace(/\s+/g, ' ');
    expect(said).toContain('! entry was running when the run stopped: it is interrupted, not done.');
    expect(said).toContain('Its SQL may have run to its end on the server all the same (PostgreSQL finishes a statement whose client went away, and commits it): look before you re-run it.');
    expect(said).not.toContain('! after was running');
  });
});
