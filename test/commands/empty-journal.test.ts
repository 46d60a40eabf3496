// A run killed between claiming its journal's name and writing its first event leaves an
// empty file among the journals. `list` goes on past it, naming it once and saying what it
// is; `resume`, finding no run to go on with, says a journal did not read; `show` of it says
// what list does. Before, list said the path twice and called the file "an SQLite database
// without its tables", and resume said nothing of it.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an empty file among the journals', () => {
  it('is passed over by list and resume, named once, and said to be empty', async () => {
    dir = tempDir('rb-empty-journal-');
    writeFileSync(join(dir, 'deploy.md'), '# Deploy orders\n\n- [ ] Look at the dashboard\n');
    const env = cliEnv(dir);
    const ran = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana'], { env, cwd: dir, input: 'y\n' });
    expect(ran.code, ran.stderr).toBe(0);
    const empty = join(dir, 'runbook', 'journals', '2026-12-07T03-00-00Z-deploy-orders.runbook.sqlite');
    writeFileSync(empty, '');
    const said = `runbook: skipped ${empty}: not a runbook journal (empty: what a run leaves when it stops before recording anything)\n`;

    const listed = await runCli(['list'], { env, cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Deploy orders');
    expect(listed.stderr).toBe(said);

    // The run is over and the empty file is no run: nothing to resume, and list tells why.
    const resumed = await runCli(['resume', '--plain'], { env, cwd: dir });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe('runbook: no unfinished run to resume (runbook list shows the runs this account knows; 1 journal here does not read, and list names it)\n');

    const shown = await runCli(['show', empty], { env, cwd: dir });
    expect(shown.code).toBe(2);
    expect(shown.stderr.trim().split('\n')).toEqual([`runbook: ${empty}: not a runbook journal (empty: what a run leaves when it stops before recording anything)`]);
  });
});
