// Baselines against the real PostgreSQL: capture, change, compare. The diff must name
// exactly what changed, pass what did not, and catch a dropped trigger by its signature.

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { testDatabases } from '../helpers/pg';

const FIXTURE = new URL('../fixtures/baselines/baselines.md', import.meta.url).pathname;
const databases = testDatabases('baselines');

/** A fresh database with two tables and an immutability trigger. */
const freshDatabase = () =>
  databases.fresh(`
    CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE orders (id int PRIMARY KEY, item_id int REFERENCES items(id));
    INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c');
    INSERT INTO orders VALUES (1, 1), (2, 2), (3, 3);
    CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'immutable'; END $$;
    CREATE TRIGGER items_immutable BEFORE UPDATE OR DELETE ON items FOR EACH ROW EXECUTE FUNCTION refuse_change();
  `);

afterAll(() => databases.dropAll());

interface Shown {
  steps: { id: string; status: string }[];
  captures: { name: string; digest: string; resultSets: { columns: string[]; rows: unknown[][] }[] }[];
  comparisons: { name: string; passed: boolean; baselineDigest: string; digest: string; rows: { rows: { key: string; status: string; cells: { column: string; status: string; before: unknown; after: unknown; delta?: number }[] }[] }[] }[];
}

async function runWithChange(change: string): Promise<{ shown: Shown; stdout: string; code: number | null }> {
  const dir = tempDir('runbook-baselines-');
  const file = join(dir, 'baselines.md');
  copyFileSync(FIXTURE, file);
  const script = join(dir, 'change.sh');
  writeFileSync(script, change);
  const env = cliEnv(dir, { BASELINE_DATABASE_URL: await freshDatabase(), CHANGE_SCRIPT: script });
  const journal = join(dir, 'run.sqlite');
  const result = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'tester'], { env, input: 'y\n'.repeat(8) });
  const shown = JSON.parse((await runCli(['show', journal, '--json'], { env })).stdout) as Shown;
  return { shown, stdout: result.stdout, code: result.code };
}

describe('baselines against PostgreSQL', () => {
  let unchanged: Awaited<ReturnType<typeof runWithChange>>;
  let changed: Awaited<ReturnType<typeof runWithChange>>;

  beforeAll(async () => {
    unchanged = await runWithChange('echo "no change"\n');
    changed = await runWithChange(
      'psql "$BASELINE_DATABASE_URL" -v ON_ERROR_STOP=1 -q -c "INSERT INTO orders VALUES (4, 1)" -c "DROP TRIGGER items_immutable ON items"\n',
    );
  });

  it('an unchanged database passes both comparisons, digests equal', () => {
    expect(unchanged.code, unchanged.stdout).toBe(0);
    expect(unchanged.shown.comparisons.map((c) => [c.name, c.passed])).toEqual([
      ['counts', true],
      ['schema', true],
    ]);
    for (const c of unchanged.shown.comparisons) expect(c.digest).toBe(c.baselineDigest);
    const counts = unchanged.shown.captures.find((c) => c.name === 'counts');
    expect(counts?.resultSets[0]?.rows).toEqual([
      ['items', '3'],
      ['orders', '3'],
    ]);
  });

  it('names exactly the changed row and cell, with its delta, and passes the unchanged one', () => {
    expect(changed.code).toBe(1);
    const counts = changed.shown.comparisons.find((c) => c.name === 'counts');
    expect(counts?.passed).toBe(false);
    const rows = counts?.rows[0]?.rows ?? [];
    expect(rows.find((r) => r.key === 'items')?.status).toBe('unchanged');
    const orders = rows.find((r) => r.key === 'orders');
    expect(orders?.status).toBe('changed');
    expect(orders?.cells.find((c) => c.column === 'count')).toMatchObject({ status: 'changed', before: '3', after: '4', delta: 1 });
    expect(rows).toHaveLength(2);
  });

  it('catches the dropped trigger in the schema signature', () => {
    const schema = changed.shown.comparisons.find((c) => c.name === 'schema');
    expect(schema?.passed).toBe(false);
    const missing = schema?.rows.flatMap((rs) => rs.rows).filter((r) => r.status !== 'unchanged');
    expect(missing?.map((r) => [r.key, r.status])).toEqual([['items_immutable', 'missing']]);
    expect(changed.stdout).toContain('items_immutable');
    expect(changed.shown.steps.find((s) => s.id === 'schema-after')?.status).toBe('failed');
  });
});
