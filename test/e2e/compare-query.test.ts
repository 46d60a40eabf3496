// A compare is judged on what its SQL asks for, through the real CLI against the real
// PostgreSQL: the capture's own query re-typed in lower case (or re-laid out) must return
// every baseline row, a narrower query may leave rows out but not all of them and not the
// keys it names, and only rows a narrower query never asked for are "not re-measured".

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases } from '../helpers/pg';
import { drivePlain, typedWord } from './plain-driver';

const databases = testDatabases('cmpq');

/** A fresh database holding t(k, n) = (1, 10), (2, 20), (3, 30). */
const freshDatabase = () => databases.fresh('CREATE TABLE t (k int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)');

afterAll(() => databases.dropAll());

const FRONT = `---
title: Compare queries
targets:
  db:
    kind: postgres
    url: env:CMP_DATABASE_URL
---

# Compare queries

## Phase 1
`;

const fence = (attrs: string, sql: string) => `\n\`\`\`sql {${attrs}}\n${sql}\n\`\`\`\n`;

interface Shown {
  steps: { id: string; status: string }[];
  comparisons: { name: string; step: string; passed: boolean; rows: { rows: { key: string; status: string }[]; notes: string[] }[] }[];
}

/** Runs the runbook in --plain, confirming each step (a typed word where asked) and going on after failures. */
async function run(body: string): Promise<{ shown: Shown; stdout: string; code: number | null }> {
  const dir = tempDir('runbook-cmpq-');
  const file = join(dir, 'compare.md');
  writeFileSync(file, FRONT + body);
  const env = cliEnv(dir, { CMP_DATABASE_URL: await freshDatabase() });
  const journal = join(dir, 'run.sqlite');
  const result = await drivePlain(['run', file, '--plain', '--journal', journal, '--operator', 'tester'], {
    env,
    timeoutMs: 60_000,
    answer: (p) => typedWord(p) ?? 'y',
  });
  const shown = JSON.parse((await runCli(['show', journal, '--json'], { env })).stdout) as Shown;
  return { shown, stdout: result.stdout, code: result.code };
}

const comparison = (shown: Shown, step: string) => {
  const found = shown.comparisons.find((c) => c.step === step);
  if (!found) throw new Error(`no comparison made by ${step}`);
  return { passed: found.passed, status: Object.fromEntries(found.rows.flatMap((set) => set.rows).map((r) => [r.key, r.status])), notes: found.rows.flatMap((set) => set.notes) };
};

describe('which baseline rows a compare must return', () => {
  it('fails when every baseline row is deleted and the same query is re-run in lower case', async () => {
    const { shown, stdout, code } = await run(
      fence('#before capture=kt', 'SELECT k, n FROM t ORDER BY k;') + fence('#wipe', 'DELETE FROM t;') + fence('#after compare=kt', 'select k, n from t order by k'),
    );
    expect(code).toBe(1);
    const after = comparison(shown, 'after');
    expect(after).toMatchObject({ passed: false, status: { '1': 'missing', '2': 'missing', '3': 'missing' } });
    expect(shown.steps.find((s) => s.id === 'after')?.status).toBe('failed');
    expect(stdout).toContain('failed: 3 rows missing: 1, 2, 3');
    expect(stdout).not.toContain('not re-measured');
  }, 90_000);

  it('judges narrower queries by what their own SQL asks for', async () => {
    const { shown, code } = await run(
      fence('#before capture=kt', 'SELECT k, n FROM t ORDER BY k;') +
        fence('#drop-two', 'DELETE FROM t WHERE k = 2;') +
        // the capture's query, laid out and commented differently: still the same query
        fence('#same compare=kt', '/* re-count */ SELECT k,\n       n   -- the value\n  FROM t\n ORDER BY k ;;') +
        // a narrower query that names key 2: it has to come back
        fence('#named compare=kt', 'SELECT k, n FROM t WHERE k IN (1, 2) ORDER BY k;') +
        // a narrower query that never asked for 2 or 3: those are not re-measured
        fence('#narrow compare=kt', 'SELECT k, n FROM t WHERE k = 1;') +
        fence('#wipe', 'DELETE FROM t;') +
        // a narrower query that returns nothing at all where the baseline had rows
        fence('#empty compare=kt', 'SELECT k, n FROM t WHERE n > 0;'),
    );
    expect(code).toBe(1);
    expect(comparison(shown, 'same')).toMatchObject({ passed: false, status: { '1': 'unchanged', '2': 'missing', '3': 'unchanged' } });
    const named = comparison(shown, 'named');
    expect(named).toMatchObject({ passed: false, status: { '1': 'unchanged', '2': 'missing', '3': 'not-remeasured' } });
    expect(named.notes.join(' ')).toContain("missing although this step's SQL names it: 2");
    expect(comparison(shown, 'narrow')).toMatchObject({ passed: true, status: { '1': 'unchanged', '2': 'not-remeasured', '3': 'not-remeasured' } });
    const empty = comparison(shown, 'empty');
    expect(empty).toMatchObject({ passed: false, status: { '1': 'missing', '2': 'missing', '3': 'missing' } });
    expect(empty.notes).toContain('returned no rows where the baseline had 3');
    expect(shown.steps.filter((s) => ['same', 'named', 'narrow', 'empty'].includes(s.id)).map((s) => [s.id, s.status])).toEqual([
      ['same', 'failed'],
      ['named', 'failed'],
      ['narrow', 'passed'],
      ['empty', 'failed'],
    ]);
  }, 90_000);
});
