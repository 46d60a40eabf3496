// A checklist written for psql: `\c other_db` above a DELETE in a SQL fence. runbook sends SQL to the
// database, and a backslash is a syntax error there, after the statements before it have
// run. Before, check said "Warnings: none" and the run failed with `syntax error at or near
// "\"`; now check names the line, and the step sends nothing. Real CLI, real SQLite file.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { tableFile, valuesIn } from '../helpers/sqlite-table';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a SQL client's own commands in a SQL step", () => {
  it('check names each with its line; the run sends nothing of the step', async () => {
    dir = tempDir('rb-psql-');
    const table = tableFile(dir);
    const file = join(dir, 'p.md');
    writeFileSync(file, ['---', 'targets:', '  db: { kind: sqlite, path: ./t.db }', '---', '# P', '', '## Clean up', '', '```sql', 'DELETE FROM t WHERE id = 1;', '\\c other_db', 'SELECT * FROM t;', '```', ''].join('\n'));
    const env = cliEnv(dir, { COLUMNS: '300' });

    const check = await runCli(['check', file], { env, cwd: dir });
    expect(check.stdout).toContain(`${file}:11: \\c other_db is a psql command, not SQL: runbook sends SQL to the database, which cannot run it`);

    const run = await runCli(['run', file, '--plain', '--operator', 't'], { env, cwd: dir, input: 'y\ndb\nq\n' });
    expect(run.stdout).toContain('✘ failed · line 11: \\c other_db is a psql command, not SQL');
    expect(run.stdout).toContain('nothing was sent');
    expect(valuesIn(table)).toEqual(['a', 'b']);
  });

  it("leaves psql's display settings out, says so, and runs the rest", async () => {
    dir = tempDir('rb-psql-');
    tableFile(dir);
    const file = join(dir, 'p.md');
    writeFileSync(file, ['---', 'targets:', '  db: { kind: sqlite, path: ./t.db }', '---', '# P', '', '## Look', '', '```sql', '.headers on', '\\set ON_ERROR_STOP on', '\\x', 'SELECT count(*) AS n FROM t;', '-- Expected: 2', '\\timing', '```', ''].join('\n'));
    const env = cliEnv(dir, { COLUMNS: '300' });
    const check = await runCli(['check', file], { env, cwd: dir });
    expect(check.stdout).toContain(`${file}:10: .headers on is a display setting of sqlite3's own: runbook leaves the line out`);
    expect(check.stdout).toContain(`${file}:12: \\x is a display setting of psql's own: runbook leaves the line out`);
    const run = await runCli(['run', file, '--plain', '--operator', 't'], { env, cwd: dir, input: 'y\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("-- left out, the SQL client's own display settings: .headers on, \\set ON_ERROR_STOP on, \\x, \\timing");
    expect(run.stdout).toContain('✔ passed · expectation passed');
  });
});
