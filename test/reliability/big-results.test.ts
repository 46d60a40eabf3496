// Results of any size through the real CLI, against the real PostgreSQL and a real SQLite
// file: a 1,000,000-row SELECT and a 300,000-row INSERT … RETURNING run in bounded memory
// (the runner's peak RSS is read from /proc while it waits at the last prompt) and are
// recorded as they happened — passed, with the exact row count, the rows committed once.
// A capture of a big table still catches any change in a compare, through its digest.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases, withClient } from '../helpers/pg';
import { ScriptedRun } from '../faults/support/scripted-run';

/** A generous ceiling: the runner idles near 70 MB; holding 1,000,000 rows would take several times this. */
const PEAK_RSS_CEILING_MB = 400;

const databases = testDatabases('big');
const freshDatabase = (setup: string) => databases.fresh(setup);

afterAll(() => databases.dropAll());

/** The high-water mark of the process's resident memory, in MB (Linux). */
function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

interface ShownStep {
  id: string;
  status: string;
  notes: string[];
  expectation: { text: string; result: string } | null;
  resultSets?: { statement: number; command: string; rowCount: number }[];
}

interface Shown {
  steps: ShownStep[];
  comparisons: { step: string; passed: boolean; rows: { notes: string[]; whole?: { before: number; after: number; identical: boolean | null } }[] }[];
  captures: { name: string; resultSets: { rowCount: number; rows: unknown[][]; omitted?: { at: number; count: number }; digest?: string }[] }[];
}

/** Answers every prompt (a typed word where one is asked for); `atLast` runs at the prompt `last` names. */
async function drive(dir: string, runbook: string, env: Record<string, string>, last: RegExp, atLast: (pid: number) => void): Promise<{ code: number | null; out: string; shown: Shown }> {
  const file = join(dir, 'big.md');
  writeFileSync(file, runbook);
  const journal = join(dir, 'run.sqlite');
  const run = new ScriptedRun(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
  for (;;) {
    const block = await run.prompt(180_000);
    if (last.test(block)) {
      atLast(run.child.pid ?? 0);
      run.answer('y');
      break;
    }
    run.answer(/Type "([^"]+)" to run it/.exec(block)?.[1] ?? 'y');
  }
  const code = await run.exited;
  const shown = JSON.parse((await runCli(['show', journal, '--json'], { env })).stdout) as Shown;
  return { code, out: run.out, shown };
}

const step = (shown: Shown, id: string): ShownStep => {
  const found = shown.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

describe('a million-row SELECT and a 300,000-row INSERT … RETURNING through the CLI', () => {
  it('run in bounded memory and are recorded truthfully, on PostgreSQL and on SQLite', async () => {
    const dir = tempDir('runbook-big-');
    const lite = new Database(join(dir, 'big.db'));
    lite.exec('CREATE TABLE t (g INTEGER)');
    lite.close();
    const env = cliEnv(dir, { BIG_DATABASE_URL: await freshDatabase('CREATE TABLE t (g int)') });
    const series = (n: number) => `WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${n})`;
    const runbook = `---
title: Big results
targets:
  db: { kind: postgres, url: env:BIG_DATABASE_URL }
  lite: { kind: sqlite, path: ./big.db }
---

# Big results

## Phase 1

\`\`\`sql {#pg-select}
SELECT g, md5(g::text) AS h FROM generate_series(1, 1000000) g;
-- Expected: 1000000 rows
\`\`\`

\`\`\`sql {#pg-insert}
INSERT INTO t SELECT generate_series(1, 300000) RETURNING g;
\`\`\`

\`\`\`sql {#lite-select target=lite}
${series(1_000_000)} SELECT g, 'row ' || g AS label FROM s;
-- Expected: 1000000 rows
\`\`\`

\`\`\`sql {#lite-insert target=lite}
INSERT INTO t ${series(300_000)} SELECT g FROM s RETURNING g;
\`\`\`

- [ ] The counts are as expected
`;
    let peak = 0;
    const started = Date.now();
    const { code, out, shown } = await drive(dir, runbook, env, /The counts are as expected/, (pid) => (peak = peakRssMb(pid)));
    console.log(`peak RSS of the runner over a 1,000,000-row SELECT and a 300,000-row INSERT … RETURNING on each target: ${peak.toFixed(1)} MB (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).not.toContain('Maximum call stack');
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(PEAK_RSS_CEILING_MB);

    const counts = (id: string) => step(shown, id).resultSets?.map((rs) => [rs.command, rs.rowCount]);
    expect(shown.steps.map((s) => [s.id, s.status])).toEqual([
      ['pg-select', 'passed'],
      ['pg-insert', 'passed'],
      ['lite-select', 'passed'],
      ['lite-insert', 'passed'],
      [expect.stringMatching(/counts-are-as-expected/), 'passed'],
    ]);
    expect(counts('pg-select')).toEqual([['SELECT', 1_000_000]]);
    expect(counts('pg-insert')).toEqual([['INSERT', 300_000]]);
    expect(counts('lite-select')).toEqual([['SELECT', 1_000_000]]);
    expect(counts('lite-insert')).toEqual([['INSERT', 300_000]]);
    expect(step(shown, 'pg-select').expectation).toEqual({ text: '1000000 rows', result: 'passed' });
    expect(step(shown, 'lite-select').expectation).toEqual({ text: '1000000 rows', result: 'passed' });
    // what the operator saw: the first and last rows, a line for the rest, the exact count
    expect(out).toMatch(/^1 +\| c4ca4238a0b923820dcc509a6f75849b$/m);
    expect(out).toMatch(/^… 999450 rows not shown …$/m);
    expect(out).toMatch(/^1000000 +\| [0-9a-f]{32}$/m);
    expect(out).toContain('(1000000 rows)');
    expect(out).toContain('(300000 rows)');

    // committed exactly once on each target
    expect(await withClient(env.BIG_DATABASE_URL!, async (c) => (await c.query('SELECT count(*)::int AS n FROM t')).rows[0].n)).toBe(300_000);
    const check = new Database(join(dir, 'big.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 300_000 });
    check.close();
  }, 240_000);
});

describe('a capture of a big table', () => {
  it('catches a change in a row it did not keep, and names the count delta and the first differing row', async () => {
    const dir = tempDir('runbook-big-capture-');
    const env = cliEnv(dir, { BIG_DATABASE_URL: await freshDatabase('CREATE TABLE big (g int PRIMARY KEY, n int); INSERT INTO big SELECT g, g * 10 FROM generate_series(1, 50000) g') });
    const fence = (attrs: string, sql: string) => `\n\`\`\`sql {${attrs}}\n${sql}\n\`\`\`\n`;
    const runbook =
      `---\ntitle: Big capture\ntargets:\n  db: { kind: postgres, url: env:BIG_DATABASE_URL }\n---\n\n# Big capture\n\n## Phase 1\n` +
      fence('#before capture=big', 'SELECT g, n FROM big ORDER BY g;') +
      fence('#unchanged compare=big', 'select g, n from big order by g') +
      fence('#touch-middle', 'UPDATE big SET n = -1 WHERE g = 25000;') +
      fence('#after-touch compare=big', 'SELECT g, n FROM big ORDER BY g;') +
      fence('#drop-early', 'DELETE FROM big WHERE g = 5000;') +
      fence('#after-drop compare=big', 'SELECT g, n FROM big ORDER BY g;') +
      '\n- [ ] Seen\n';
    const { code, out, shown } = await drive(dir, runbook, env, /Seen/, () => undefined);
    expect(code, out.slice(-3000)).toBe(1);

    // what the capture stores: the first and last rows, the count and digest of all of them
    const captured = shown.captures.find((c) => c.name === 'big')?.resultSets[0];
    expect(captured?.rowCount).toBe(50_000);
    expect(captured?.rows).toHaveLength(11_000);
    expect(captured?.omitted).toEqual({ at: 10_000, count: 39_000 });
    expect(captured?.digest).toMatch(/^[0-9a-f]{64}$/);

    const comparison = (id: string) => shown.comparisons.find((c) => c.step === id)!;
    expect(comparison('unchanged')).toMatchObject({ passed: true, rows: [{ whole: { before: 50_000, after: 50_000, identical: true } }] });
    expect(out).toContain('passed: 50000 unchanged');
    // row 25,000 is in neither side's kept rows: the digest catches it
    const touched = comparison('after-touch');
    expect(touched.passed).toBe(false);
    expect(touched.rows[0]?.whole).toEqual({ before: 50_000, after: 50_000, identical: false });
    expect(touched.rows[0]?.notes.join('\n')).toContain('the whole-set SHA-256 digests differ');
    const dropped = comparison('after-drop');
    expect(dropped.passed).toBe(false);
    expect(dropped.rows[0]?.notes).toEqual(expect.arrayContaining(['rows: 50000 → 49999 (-1)', 'first difference at row 5000: 5000 | 50000 → 5001 | 50010']));
    expect(shown.steps.filter((s) => s.id.startsWith('after-') || s.id === 'unchanged').map((s) => [s.id, s.status])).toEqual([
      ['unchanged', 'passed'],
      ['after-touch', 'failed'],
      ['after-drop', 'failed'],
    ]);
    expect(out).toContain('rows: 50000 → 49999 (-1)');
  }, 240_000);
});
