// The screen's side of resume after a runner killed mid-statement (test/commands/
// resume-sql-in-flight.test.ts has the plain side): the banner that lists the interrupted
// step says its SQL may have been applied on the server all the same. A real 80×24 pane.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCli, waitFor } from '../helpers/cli';
import { testDatabases, withClient } from '../helpers/pg';
import { has, openPane, type OpenPane } from './tmux-pane';

const databases = testDatabases('sqlinflighttui');
afterAll(() => databases.dropAll());

let open: OpenPane | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

async function inserting(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'INSERT INTO entries%'");
    return (r.rows[0] as { n: number }).n;
  });
}

describe('resume on the screen of an SQL step killed mid-statement (80×24)', () => {
  it('says in the resumed-run banner that its SQL may have been applied', async () => {
    const url = await databases.fresh('CREATE TABLE entries (v text)');
    open = openPane('runbook-sql-in-flight-', {});
    const { tmux, pane, dir, env } = open;
    writeFileSync(join(dir, 'ledger.md'), `---\ntargets:\n  ledger: { kind: postgres, url: "${url}" }\n---\n# Ledger\n\n## Change\n\n\`\`\`sql {#entry}\nINSERT INTO entries SELECT 'applied' FROM pg_sleep(1.5);\n\`\`\`\n`);
    const driver = startCli(['run', 'ledger.md', '--plain', '--journal', 'run.journal', '--operator', 'ana'], { env, cwd: dir });
    const exited = new Promise((resolve) => driver.on('close', resolve));
    driver.stdout?.resume();
    driver.stderr?.resume();
    driver.stdin?.write('y\n');
    let running = 0;
    await waitFor(() => {
      void inserting(url).then((n) => (running = n));
      return running > 0;
    }, 'the INSERT to run on the server', 20_000);
    driver.kill('SIGKILL');
    await exited;

    tmux.command(pane, 'runbook resume run.journal');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    const text = banner.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('! entry: Its SQL may have run to its end on the server all the same');
    expect(text).toContain('look before you re-run it.');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
  });
});
