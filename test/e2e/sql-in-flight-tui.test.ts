// The screen's side of resume after a runner killed mid-statement (test/commands/
// resume-sql-in-flight.test.ts has the plain side): the banner that lists the interrupted
// step says its SQL may have been applied on the server all the same. A real 80×24 pane.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/pg';
import { killMidInsert } from '../helpers/sql-in-flight';
import { has, openPane, type OpenPane } from './tmux-pane';

const databases = testDatabases('sqlinflighttui');
afterAll(() => databases.dropAll());

let open: OpenPane | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

describe('resume on the screen of an SQL step killed mid-statement (80×24)', () => {
  it('says in the resumed-run banner that its SQL may have been applied', async () => {
    const url = await databases.fresh('CREATE TABLE entries (v text)');
    open = openPane('runbook-sql-in-flight-', {});
    const { tmux, pane, dir, env } = open;
    writeFileSync(join(dir, 'ledger.md'), `---\ntargets:\n  ledger: { kind: postgres, url: "${url}" }\n---\n# Ledger\n\n## Change\n\n\`\`\`sql {#entry}\nINSERT INTO entries SELECT 'applied' FROM pg_sleep(1.5);\n\`\`\`\n`);
    await killMidInsert({ url, file: 'ledger.md', journal: 'run.journal', env, cwd: dir });

    tmux.command(pane, 'runbook resume run.journal');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    const text = banner.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('! entry: Its SQL may have run to its end on the server all the same');
    expect(text).toContain('look before you re-run it.');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
  });
});
