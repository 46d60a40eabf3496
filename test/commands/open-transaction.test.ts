// BEGIN in one step and COMMIT in a later one, as in psql. A failure in between rolls the
// transaction back (the next step must not trip over an aborted one), and that undoes the
// first step's change too. Before, the record read "✔ passed · UPDATE 1" for that step and
// said nothing of the ROLLBACK: a change the report showed as made was gone. Now the step that
// leaves the transaction open says so, and the failure names what its ROLLBACK undid. The
// real CLI, piped answers, against a real PostgreSQL database and a real SQLite file.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases, withClient } from '../helpers/pg';
import { readEvents } from '../faults/support/journal-file';
import { tableFile, valuesIn } from '../helpers/sqlite-table';

const databases = testDatabases('opentx');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => databases.dropAll());

const runbook = (target: string): string =>
  [
    '---',
    'targets:',
    `  db: ${target}`,
    '---',
    '# Tx',
    '',
    '## Change',
    '',
    '```sql {#open}',
    'BEGIN;',
    "UPDATE t SET v = 'changed' WHERE id = 1;",
    '```',
    '',
    '```sql {#fails}',
    "UPDATE t SET v = 'x' WHERE id = 2;",
    "INSERT INTO t VALUES (1, 'again');",
    '```',
    '',
  ].join('\n');

async function walk(target: string, read: () => Promise<string[]>) {
  const file = join(dir, 'tx.md');
  writeFileSync(file, runbook(target));
  const journal = join(dir, 'j.sqlite');
  const env = cliEnv(dir, { COLUMNS: '400' });
  const run = await runCli(['run', file, '--plain', '--operator', 't', '--journal', journal], { env, cwd: dir, input: 'y\ndb\ny\ndb\nq\n' });
  expect(await read()).toEqual(['a', 'b']);
  const notes = Object.fromEntries(readEvents(journal).flatMap((e) => (e.type === 'step.finished' ? [[e.payload.step, e.payload.note]] : [])));
  const report = await runCli(['report', journal], { env, cwd: dir });
  const failure = readEvents(journal).find((e) => e.type === 'step.finished' && e.payload.step === 'fails')?.payload.error;
  return { run, notes, report: report.stdout, failure };
}

function expectTold(w: Awaited<ReturnType<typeof walk>>) {
  const open = 'transaction open on db: nothing is committed until a COMMIT';
  const undone = 'ROLLBACK on db undid the transaction open since step open, all its changes';
  expect(w.run.stdout).toContain(`✔ passed · ${open}`);
  expect(w.run.stdout).toContain(`✘ failed · ${w.failure} · ${undone}`);
  expect(w.failure).toMatch(/duplicate key|UNIQUE constraint failed/);
  expect(w.notes).toEqual({ open, fails: undone });
  expect(w.report).toContain(`- Note: ${open}`);
  expect(w.report).toContain(`- Note: ${undone}`);
}

describe('a transaction left open from one step to the next', () => {
  it('PostgreSQL: the step says it is open, and the failure says what its ROLLBACK undid', async () => {
    dir = tempDir('rb-opentx-');
    const url = await databases.fresh("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
    const read = () => withClient(url, async (c) => (await c.query<{ v: string }>('SELECT v FROM t ORDER BY id')).rows.map((r) => r.v));
    expectTold(await walk(`{ kind: postgres, url: "${url}" }`, read));
  });

  it('SQLite: the same', async () => {
    dir = tempDir('rb-opentx-');
    const table = tableFile(dir);
    const read = async () => valuesIn(table);
    expectTold(await walk('{ kind: sqlite, path: ./t.db }', read));
  });

  it('a COMMIT in a later step ends it: that step has no such note, and the change stays', async () => {
    dir = tempDir('rb-opentx-');
    const table = tableFile(dir);
    const file = join(dir, 'tx.md');
    writeFileSync(file, runbook('{ kind: sqlite, path: ./t.db }').replace("INSERT INTO t VALUES (1, 'again');", 'COMMIT;'));
    const journal = join(dir, 'j.sqlite');
    const run = await runCli(['run', file, '--plain', '--operator', 't', '--journal', journal], { env: cliEnv(dir), cwd: dir, input: 'y\ndb\ny\ndb\n' });
    expect(run.code, run.stderr).toBe(0);
    const finished = readEvents(journal).filter((e) => e.type === 'step.finished').map((e) => [e.payload.step, e.payload.status, e.payload.note ?? null]);
    expect(finished).toEqual([
      ['open', 'passed', 'transaction open on db: nothing is committed until a COMMIT'],
      ['fails', 'passed', null],
    ]);
    expect(valuesIn(table)).toEqual(['changed', 'x']);
  });

  it('stopping the run with a transaction open says it is rolled back', async () => {
    dir = tempDir('rb-opentx-');
    const table = tableFile(dir);
    const file = join(dir, 'tx.md');
    writeFileSync(file, runbook('{ kind: sqlite, path: ./t.db }'));
    const run = await runCli(['run', file, '--plain', '--operator', 't', '--journal', join(dir, 'j.sqlite')], { env: cliEnv(dir, { COLUMNS: '400' }), cwd: dir, input: 'y\ndb\nq\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('! The transaction open on db since step open is rolled back as the run stops: nothing in it was committed.\nRun paused (stopped by operator).');
    expect(valuesIn(table)).toEqual(['a', 'b']);
  });

  it('resume after a stop with a transaction open says it was rolled back, and notes it on the step that opened it', async () => {
    dir = tempDir('rb-opentx-');
    const table = tableFile(dir);
    const file = join(dir, 'tx.md');
    writeFileSync(file, runbook('{ kind: sqlite, path: ./t.db }').replace("INSERT INTO t VALUES (1, 'again');", 'COMMIT;'));
    const journal = join(dir, 'j.sqlite');
    const env = cliEnv(dir, { COLUMNS: '400' });
    await runCli(['run', file, '--plain', '--operator', 't', '--journal', journal], { env, cwd: dir, input: 'y\ndb\nq\n' });

    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'y\ndb\n' });
    expect(resumed.stdout).toContain('! The transaction open on db since step open was rolled back when the run stopped: nothing in it was committed. Run its steps again before a COMMIT.');
    const noted = readEvents(journal).filter((e) => e.type === 'note.added').map((e) => [e.payload.step, e.payload.text]);
    expect(noted).toEqual([['open', expect.stringContaining('its transaction on db was rolled back when the run stopped: nothing in it was committed')]]);
    // After the resume the UPDATE runs on its own (autocommit) and the COMMIT has nothing to
    // commit (SQLite says so; PostgreSQL only warns): step open's change is not there.
    const commit = readEvents(journal).find((e) => e.type === 'step.finished' && e.payload.step === 'fails');
    expect(commit?.payload).toMatchObject({ status: 'failed', error: 'cannot commit - no transaction is active' });
    expect(commit?.payload.note).toBeUndefined();
    expect(valuesIn(table)).toEqual(['a', 'x']);
    const report = await runCli(['report', journal], { env, cwd: dir });
    expect(report.stdout).toContain('its transaction on db was rolled back when the run stopped');
  });
});
