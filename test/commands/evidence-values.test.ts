// The evidence never calls a change unchanged, nor a failed check passed: a real run
// (`run --plain` of the real CLI) against a real PostgreSQL and a real SQLite file, read back
// by `report --format json` as the change ticket would.
// - numeric values compare exactly: a cent off 12345678901234567.89 is a change (a double
//   cannot tell them apart), and so is a bigint one off past 2^53;
// - text that looks like a number is text: version `1.10` → `1.1`, code `007` → `7`;
// - an `Expected:` text is found as a whole: `"0 errors"` is not in `10 errors`, `healthy`
//   not in `unhealthy`.

import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases } from '../helpers/pg';

const databases = testDatabases('evvalues');

const runbook = (url: string) => `---
title: Exact evidence
targets:
  db:
    kind: postgres
    url: ${url}
  lite:
    kind: sqlite
    path: ./lite.db
---

# Exact evidence

## PHASE 1: Before

\`\`\`sql {#ledger-before capture=ledger}
SELECT id, amount, version, code, seq FROM ledger ORDER BY id;
\`\`\`

\`\`\`sql {#releases-before capture=releases target=lite}
SELECT name, version FROM releases ORDER BY name;
\`\`\`

## PHASE 2: Change

\`\`\`sql {#change}
UPDATE ledger SET amount = amount - 0.01, version = '1.1', code = '7', seq = seq - 1 WHERE id = 1;
\`\`\`

\`\`\`sql {#release target=lite}
UPDATE releases SET version = '2.0' WHERE name = 'api';
\`\`\`

## PHASE 3: After

\`\`\`sql {#ledger-after compare=ledger}
SELECT id, amount, version, code, seq FROM ledger ORDER BY id;
\`\`\`

\`\`\`sql {#releases-after compare=releases target=lite}
SELECT name, version FROM releases ORDER BY name;
\`\`\`

\`\`\`bash {#log-scan}
echo "10 errors found in the last hour"
# Expected: "0 errors"
\`\`\`

\`\`\`bash {#health}
echo "status: unhealthy"
# Expected: healthy
\`\`\`

\`\`\`sql {#state}
SELECT 'not_expired' AS status;
-- Expected: "expired"
\`\`\`

\`\`\`sql {#top-seq}
SELECT seq FROM ledger WHERE id = 1;
-- Expected: 9007199254740993
\`\`\`

\`\`\`bash {#still-fine}
echo "0 errors found in the last hour; service healthy"
# Expected: "0 errors"
\`\`\`

\`\`\`bash {#in-bold}
printf 'total: \\033[1m0\\033[0m errors\\n'
# Expected: "0 errors"
\`\`\`

\`\`\`bash {#in-green}
printf 'status \\033[32mhealthy\\033[0m\\n'
# Expected: healthy
\`\`\`
`;

interface Report {
  run: { state: string; failures: { step: string; kind: string }[] };
  comparisons: { name: string; passed: boolean; summary: string; resultSets: { rows: { key: string; column: string; before: unknown; after: unknown; delta: string | null; status: string; passed: boolean }[] }[] }[];
  phases: { steps: { id: string; status: string; expectation: { text: string; result: string } | null }[] }[];
}

describe('values and expectations in the evidence', () => {
  const dir = tempDir('runbook-evidence-values-');
  const env = cliEnv(join(dir, 'home'));
  const journal = join(dir, 'run.runbook.sqlite');
  let report: Report;

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    const url = await databases.fresh(`
      CREATE TABLE ledger (id int PRIMARY KEY, amount numeric(30, 2), version text, code varchar(8), seq bigint);
      INSERT INTO ledger VALUES (1, 12345678901234567.89, '1.10', '007', 9007199254740993), (2, 5.00, '2.0', '010', 7);
    `);
    const lite = new Database(join(dir, 'lite.db'));
    lite.exec(`CREATE TABLE releases (name TEXT PRIMARY KEY, version TEXT); INSERT INTO releases VALUES ('api', '2'), ('web', '3.10');`);
    lite.close();
    writeFileSync(join(dir, 'exact.md'), runbook(url));
    // Each step: run it; the two changes: their typed confirmation; every failure: go on.
    const answers = ['y', 'y', 'y', 'db', 'y', 'lite', ...Array<string>(20).fill('y')].join('\n');
    const run = await runCli(['run', 'exact.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `${answers}\n`, timeoutMs: 60_000 });
    expect(run.stdout, run.stderr).toContain('Run completed with failures');
    const json = await runCli(['report', journal, '--format', 'json'], { env, cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    report = JSON.parse(json.stdout) as Report;
  }, 90_000);

  afterAll(() => databases.dropAll());

  const cell = (name: string, key: string, column: string) =>
    report.comparisons.find((c) => c.name === name)?.resultSets.flatMap((s) => s.rows).find((r) => r.key === key && r.column === column);
  const step = (id: string) => report.phases.flatMap((p) => p.steps).find((s) => s.id === id);

  it('fails the comparison on a cent off a numeric(30,2) and one off a bigint past 2^53, with exact deltas', () => {
    expect(cell('ledger', '1', 'amount')).toMatchObject({ before: '12345678901234567.89', after: '12345678901234567.88', delta: '-0.01', status: '✘ changed', passed: false });
    expect(cell('ledger', '1', 'seq')).toMatchObject({ before: '9007199254740993', after: '9007199254740992', delta: '-1', status: '✘ changed', passed: false });
    expect(cell('ledger', '2', 'amount')).toMatchObject({ status: 'unchanged' });
    expect(report.comparisons.find((c) => c.name === 'ledger')?.passed).toBe(false);
  });

  it('compares text columns as text on PostgreSQL and SQLite: 1.10 → 1.1, 007 → 7, 2 → 2.0 are changes', () => {
    expect(cell('ledger', '1', 'version')).toMatchObject({ before: '1.10', after: '1.1', status: '✘ changed', passed: false });
    expect(cell('ledger', '1', 'code')).toMatchObject({ before: '007', after: '7', status: '✘ changed', passed: false, delta: null });
    expect(cell('releases', 'api', 'version')).toMatchObject({ before: '2', after: '2.0', status: '✘ changed', passed: false });
    expect(cell('releases', 'web', 'version')).toMatchObject({ status: 'unchanged' });
    expect(report.comparisons.find((c) => c.name === 'releases')?.passed).toBe(false);
  });

  it('never finds an expected text inside a longer number or word', () => {
    expect(step('log-scan')).toMatchObject({ status: 'failed', expectation: { text: '"0 errors"', result: 'failed' } });
    expect(step('health')).toMatchObject({ status: 'failed', expectation: { text: 'healthy', result: 'failed' } });
    expect(step('state')).toMatchObject({ status: 'failed', expectation: { text: '"expired"', result: 'failed' } });
    expect(step('still-fine')).toMatchObject({ status: 'passed', expectation: { text: '"0 errors"', result: 'passed' } });
    // Judged as the terminal shows it: colours never hide a match, nor make one.
    expect(step('in-bold')).toMatchObject({ status: 'passed', expectation: { text: '"0 errors"', result: 'passed' } });
    expect(step('in-green')).toMatchObject({ status: 'passed', expectation: { text: 'healthy', result: 'passed' } });
  });

  it('judges an expected number exactly, past 2^53 too', () => {
    expect(step('top-seq')).toMatchObject({ status: 'failed', expectation: { text: '9007199254740993', result: 'failed' } });
  });

  it('lists every one of them as a failure of the run', () => {
    expect(report.run.state).toBe('completed_with_failures');
    expect(report.run.failures.map((f) => `${f.kind} ${f.step}`)).toEqual([
      'step ledger-after',
      'step releases-after',
      'step log-scan',
      'step health',
      'step state',
      'step top-seq',
      'comparison ledger-after',
      'comparison releases-after',
    ]);
  });
});

// A compare whose SQL the operator edited measured their query, not the runbook's: here a
// literal that repeats the baseline while a row was deleted. It may pass (the operator's
// call), but nowhere may it read as the runbook's comparison passing.
const EDITED = `---
title: Edited compare
targets:
  db:
    kind: sqlite
    path: ./items.db
---

# Edited compare

## PHASE 1: Before

\`\`\`sql {#count-before capture=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

## PHASE 2: Change

\`\`\`sql {#delete-one}
DELETE FROM items WHERE id = 2;
\`\`\`

\`\`\`sql {#count-after compare=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`
`;

describe('a compare run with SQL the operator edited', () => {
  const dir = tempDir('runbook-evidence-edited-');
  const env = cliEnv(join(dir, 'home'));
  const journal = join(dir, 'run.runbook.sqlite');
  const note = "compared what the SQL the operator edited before it ran returned, not the runbook's query";
  let printed = '';

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    const db = new Database(join(dir, 'items.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();
    writeFileSync(join(dir, 'edited.md'), EDITED);
    const answers = ['y', 'y', 'db', 'e', "SELECT 'items' AS k, 2 AS n", 'y'].join('\n');
    const run = await runCli(['run', 'edited.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `${answers}\n` });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    printed = run.stdout;
  }, 60_000);

  it('says so where the comparison is shown: --plain, show --json and the report', async () => {
    expect(printed).toContain(`! ${note}`);
    const shown = JSON.parse((await runCli(['show', journal, '--json'], { env, cwd: dir })).stdout) as { comparisons: { name: string; summary?: string }[] };
    const human = (await runCli(['show', journal], { env: { ...env, COLUMNS: '400' }, cwd: dir })).stdout;
    const md = (await runCli(['report', journal], { env, cwd: dir })).stdout;
    const json = JSON.parse((await runCli(['report', journal, '--format', 'json'], { env, cwd: dir })).stdout) as Report;
    expect(json.comparisons).toHaveLength(1);
    expect(json.comparisons[0]?.summary).toBe(`passed: 1 unchanged; ${note}`);
    expect(md).toContain(`Summary: passed: 1 unchanged; ${note}`);
    expect(shown.comparisons[0]?.summary).toBe(`passed: 1 unchanged; ${note}`);
    expect(human.replace(/\s+/g, ' ')).toContain(`comparison counts: passed — passed: 1 unchanged; ${note}`);
  });
});

// The change itself declined at its typed confirmation: nothing failed, and the run completes,
// but the evidence must not read as a change made. `verify --outcome` (the ticket's gate) and
// the report's header name the skipped step and why; a conditional step not needed does not count.
const DECLINED = `---
title: Declined change
targets:
  db:
    kind: sqlite
    path: ./items.db
---

# Declined change

## PHASE 1: Change

\`\`\`sql {#migrate}
DELETE FROM items WHERE id = 2;
\`\`\`

If the cache is warm, flush it:

\`\`\`bash {#flush}
echo flushed
\`\`\`

\`\`\`bash {#smoke}
echo ok
\`\`\`
`;

describe('a run whose change step was declined at its typed confirmation', () => {
  const dir = tempDir('runbook-evidence-declined-');
  const env = cliEnv(join(dir, 'home'));
  const journal = join(dir, 'run.runbook.sqlite');

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    const db = new Database(join(dir, 'items.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();
    writeFileSync(join(dir, 'declined.md'), DECLINED);
    // migrate: run, then a word that is not the target's name; flush: skip, no reason (its condition); smoke: run.
    const run = await runCli(['run', 'declined.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\nnope\ns\n\ny\n' });
    expect(run.stdout, run.stderr).toContain('Run completed');
  }, 60_000);

  it('verify --outcome passes, naming the skipped step and why', async () => {
    const outcome = await runCli(['verify', journal, '--outcome'], { env, cwd: dir });
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(0);
    expect(outcome.stdout).toContain('outcome: completed, nothing failed; 1 step skipped (migrate: typed confirmation declined)\n');
  });

  it('the report names it in its header, in Markdown and JSON', async () => {
    const md = (await runCli(['report', journal], { env, cwd: dir })).stdout;
    expect(md).toMatch(/^- Skipped: step 1 \(.*\): typed confirmation declined$/m);
    const json = JSON.parse((await runCli(['report', journal, '--format', 'json'], { env, cwd: dir })).stdout) as { run: { state: string; skipped: { step: string; why: string }[] } };
    expect(json.run.state).toBe('completed');
    expect(json.run.skipped).toEqual([{ step: 'migrate', title: expect.any(String), why: 'typed confirmation declined' }]);
  });
});

// SQL NULL and the text 'NULL' are different values: a row keyed NULL is not the row keyed
// 'NULL', and a cell that went from one to the other reads so in the evidence.
const NULLS = `---
title: Nulls
targets:
  db:
    kind: sqlite
    path: ./nulls.db
---

# Nulls

## PHASE 1: Before

\`\`\`sql {#before capture=regions}
SELECT region, n FROM regions ORDER BY n;
\`\`\`

\`\`\`sql {#owners-before capture=owners}
SELECT id, owner FROM accounts ORDER BY id;
\`\`\`

## PHASE 2: Change

\`\`\`sql {#swap}
UPDATE regions SET n = 3 - n;
UPDATE accounts SET owner = 'NULL' WHERE id = 1;
\`\`\`

\`\`\`sql {#after compare=regions}
SELECT region, n FROM regions ORDER BY n;
\`\`\`

\`\`\`sql {#owners-after compare=owners}
SELECT id, owner FROM accounts ORDER BY id;
\`\`\`
`;

describe('NULL and the text NULL in a comparison', () => {
  const dir = tempDir('runbook-evidence-nulls-');
  const env = cliEnv(join(dir, 'home'));
  const journal = join(dir, 'run.runbook.sqlite');
  let report: Report;
  let md = '';

  beforeAll(async () => {
    mkdirSync(join(dir, 'home'));
    const db = new Database(join(dir, 'nulls.db'));
    db.exec(`CREATE TABLE regions (region TEXT, n INTEGER); INSERT INTO regions VALUES (NULL, 1), ('NULL', 2);
             CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT); INSERT INTO accounts VALUES (1, NULL), (2, 'bo');`);
    db.close();
    writeFileSync(join(dir, 'nulls.md'), NULLS);
    const run = await runCli(['run', 'nulls.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `y\ny\ny\ndb\n${'y\n'.repeat(6)}` });
    expect(run.stdout, run.stderr).toContain('Run completed');
    report = JSON.parse((await runCli(['report', journal, '--format', 'json'], { env, cwd: dir })).stdout) as Report;
    md = (await runCli(['report', journal], { env, cwd: dir })).stdout;
  }, 60_000);

  it('never pairs the row keyed NULL with the row keyed the text NULL', () => {
    const regions = report.comparisons.find((c) => c.name === 'regions');
    expect(regions?.passed).toBe(false);
    expect(cell('∅', 'n')).toMatchObject({ before: '1', after: '2', status: '✘ changed' });
    expect(cell('NULL', 'n')).toMatchObject({ before: '2', after: '1', status: '✘ changed' });
  });

  it('shows a NULL that became the text NULL as ∅ → NULL, in the summary and the report', () => {
    const owners = report.comparisons.find((c) => c.name === 'owners');
    expect(owners?.summary).toContain('1 (owner ∅ → NULL)');
    expect(md).toContain('| 1 | owner | ∅ | NULL |  | ✘ changed |');
    expect(md).toContain('| 1 | ∅ |');
  });

  const cell = (key: string, column: string) =>
    report.comparisons.find((c) => c.name === 'regions')?.resultSets.flatMap((s) => s.rows).find((r) => r.key === key && r.column === column);
});

// A sign-off typed under another name at the operator's keyboard (--plain: "name = sign under
// that name"): the evidence says whose keyboard it was, so it never reads as that person's own.
const SIGNED = `# Signed

## PHASE 1: Work

\`\`\`bash {#work}
echo done
\`\`\`

## PHASE 2: Sign-off

| Role | Name | Signature | Date |
|------|------|-----------|------|
| Deploy Lead | | | |
| Reviewer | | | |
`;

describe('a sign-off typed under another name', () => {
  it('is shown with who entered it, in Markdown and JSON', async () => {
    const dir = tempDir('runbook-evidence-signed-');
    mkdirSync(join(dir, 'home'));
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'run.runbook.sqlite');
    writeFileSync(join(dir, 'signed.md'), SIGNED);
    const run = await runCli(['run', 'signed.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\ny\nbob\n' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const md = (await runCli(['report', journal], { env, cwd: dir })).stdout;
    expect(md).toMatch(/^\| Deploy Lead \| ana \| /m);
    expect(md).toMatch(/^\| Reviewer \| bob \(entered by ana\) \| /m);
    // Its step, too: not "by bob" alone.
    expect(md).toMatch(/^.* · by bob \(entered by ana\) · .*$/m);
    expect(md).not.toMatch(/ · by bob · /);
    const json = JSON.parse((await runCli(['report', journal, '--format', 'json'], { env, cwd: dir })).stdout) as { signoffs: { role: string; name: string; enteredBy: string }[] };
    expect(json.signoffs.map((s) => [s.role, s.name, s.enteredBy])).toEqual([
      ['Deploy Lead', 'ana', 'ana'],
      ['Reviewer', 'bob', 'ana'],
    ]);
  }, 60_000);
});

// A compare whose columns no longer pair with the capture's (an alias renamed) re-measures
// nothing: every baseline row "not re-measured" proved nothing, yet it passed.
const RENAMED = `---
title: Renamed columns
targets:
  db:
    kind: sqlite
    path: ./items.db
---

# Renamed columns

## PHASE 1: Before

\`\`\`sql {#count-before capture=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

## PHASE 2: Change

\`\`\`sql {#grow}
INSERT INTO items VALUES (3);
\`\`\`

\`\`\`sql {#count-after compare=counts}
SELECT 'items' AS table_name, COUNT(*) AS row_count FROM items;
\`\`\`
`;

describe('a compare that re-measures none of the baseline', () => {
  it('fails, saying nothing was re-measured', async () => {
    const dir = tempDir('runbook-evidence-renamed-');
    mkdirSync(join(dir, 'home'));
    const env = cliEnv(join(dir, 'home'));
    const journal = join(dir, 'run.runbook.sqlite');
    const db = new Database(join(dir, 'items.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();
    writeFileSync(join(dir, 'renamed.md'), RENAMED);
    const run = await runCli(['run', 'renamed.md', '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: 'y\ny\ny\ny\n' });
    expect(run.stdout, run.stderr).toContain('Run completed with failures');
    const json = JSON.parse((await runCli(['report', journal, '--format', 'json'], { env, cwd: dir })).stdout) as Report;
    expect(json.comparisons[0]).toMatchObject({
      passed: false,
      summary: "failed: nothing re-measured: no result set of this step pairs with the capture's (its columns differ); 1 not re-measured",
    });
    expect(json.run.failures.map((f) => `${f.kind} ${f.step}`)).toEqual(['step count-after', 'comparison count-after']);
  }, 60_000);
});
