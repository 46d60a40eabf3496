import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { ResultSet } from '../../source/run/results';
import { SCHEMA_SIGNATURE_SQL, compareResultSets, formatComparison } from '../../source/run/compare';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `runbook_cmp_${process.pid}_${Date.now().toString(36)}`;
let client: pg.Client;

// The executors are written alongside this; run the catalog queries with pg directly.
async function signature(): Promise<ResultSet[]> {
  const sets: ResultSet[] = [];
  for (const [statement, text] of SCHEMA_SIGNATURE_SQL.postgres.entries()) {
    const result = await client.query({ text, values: [schema], rowMode: 'array' });
    sets.push({
      statement,
      command: result.command,
      columns: result.fields.map((f) => ({ name: f.name, type: String(f.dataTypeID) })),
      rows: (result.rows as unknown[][]).map((row) => row.map((cell) => (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean' ? cell : String(cell)))),
      rowCount: result.rowCount ?? 0,
    });
  }
  return sets;
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  await client.query(`CREATE TABLE decisions (id serial PRIMARY KEY, decision_type text NOT NULL CHECK (decision_type <> ''))`);
  await client.query(`CREATE TABLE audit_events (id bigserial PRIMARY KEY, decision_id int REFERENCES decisions(id), occurred_at timestamptz NOT NULL DEFAULT now())`);
  await client.query(`CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at)`);
  await client.query(`CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'immutable'; END $$`);
  await client.query(`CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
  await client.query(`CREATE TRIGGER decisions_immutable BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
});

afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('schema signature on PostgreSQL', () => {
  it('captures triggers, constraints, indexes and columns of the bound schema', async () => {
    const sets = await signature();
    const keys = sets.map((set) => set.rows.map((row) => row[0]));
    expect(keys[0]).toEqual(['audit_events_immutable', 'decisions_immutable']);
    expect(keys[1]).toEqual(expect.arrayContaining(['audit_events_pkey', 'audit_events_decision_id_fkey', 'decisions_decision_type_check']));
    expect(keys[2]).toEqual(expect.arrayContaining(['audit_events_occurred_at', 'decisions_pkey']));
    expect(keys[3]).toEqual(['audit_events.id', 'audit_events.decision_id', 'audit_events.occurred_at', 'decisions.id', 'decisions.decision_type']);
    expect(sets[0]!.rows[0]!.slice(1, 3)).toEqual(['audit_events', 'O']);
  });

  it('names a dropped trigger as missing and passes what did not change', async () => {
    const before = await signature();
    expect(compareResultSets(before, await signature()).passed).toBe(true);

    await client.query(`DROP TRIGGER audit_events_immutable ON audit_events`);
    const c = compareResultSets(before, await signature());
    expect(c.passed).toBe(false);
    expect(c.resultSets[0]!.rows.find((r) => r.key === 'audit_events_immutable')!.status).toBe('missing');
    expect(c.resultSets.slice(1).every((s) => s.passed)).toBe(true);
    expect(c.summary).toMatch(/^failed: 1 row missing: audit_events_immutable; \d+ unchanged$/);
    expect(formatComparison(c, 80).join('\n')).toContain('audit_events_immutable');
  });

  it('shows a disabled trigger as a changed enabled state', async () => {
    const before = await signature();
    await client.query(`ALTER TABLE decisions DISABLE TRIGGER decisions_immutable`);
    const c = compareResultSets(before, await signature());
    expect(c.passed).toBe(false);
    const row = c.resultSets[0]!.rows.find((r) => r.key === 'decisions_immutable')!;
    expect(row.cells.find((cell) => cell.column === 'enabled')).toMatchObject({ before: 'O', after: 'D', status: 'changed' });
    expect(c.summary).toContain('1 row changed: decisions_immutable (enabled O → D');
  });

  it('names an added column and a dropped index', async () => {
    const before = await signature();
    await client.query(`ALTER TABLE decisions ADD COLUMN agent_id text`);
    await client.query(`DROP INDEX audit_events_occurred_at`);
    const c = compareResultSets(before, await signature());
    expect(c.summary).toContain('1 row missing: audit_events_occurred_at');
    expect(c.summary).toContain('1 row added: decisions.agent_id');
  });
});
