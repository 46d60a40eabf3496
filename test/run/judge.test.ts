import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { judgeOutput, judgeResultSet } from '../../source/run/judge';
import { parseExpectation, parseExpectedTable } from '../../source/runbook/expectations';
import type { Cell, ResultSet } from '../../source/run/results';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a shell step's operator sees: stdout and stderr together, from a real bash. */
function shell(command: string): string {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `{ ${command}; } 2>&1`], { encoding: 'utf8' });
  return r.stdout;
}

const expected = (text: string) => parseExpectation(text, 1);

describe('judgeOutput against real command output', () => {
  it('a one-line JSON expectation matches jq’s pretty output', () => {
    const out = shell(`printf '%s' '{"database":"connected","status":"healthy"}' | jq .`);
    expect(out).toContain('\n  "status"');
    expect(judgeOutput(expected('{"status": "healthy", "database": "connected"}'), out)).toBe('passed');
    expect(judgeOutput(expected('{"status": "healthy", "database": "down"}'), out)).toBe('failed');
  });

  it('JSON after noise on earlier lines: the last document counts', () => {
    const out = shell(`echo 'warning: something'; printf '%s' '[]' | jq .`);
    expect(judgeOutput(expected('[]'), out)).toBe('passed');
  });

  it('alternatives: either the empty list or the 401 body passes', () => {
    const alt = expected('[] or {"detail": "Not authenticated"}');
    expect(judgeOutput(alt, shell(`printf '%s' '{"detail":"Not authenticated"}' | jq .`))).toBe('passed');
    expect(judgeOutput(alt, shell(`printf '%s' '[]' | jq .`))).toBe('passed');
    expect(judgeOutput(alt, shell(`printf '%s' '[{"id":1}]' | jq .`))).toBe('failed');
  });

  it('a value: the whole trimmed output, or its last line', () => {
    expect(judgeOutput(expected('0'), shell(`printf 'a\\nb\\n' | grep -c zzz || true`))).toBe('passed');
    expect(judgeOutput(expected('200'), shell(`echo fetching; echo 200`))).toBe('passed');
    expect(judgeOutput(expected('0'), shell(`echo 10`))).toBe('failed');
  });

  it('containment, with whitespace normalised (stderr counts as output)', () => {
    const out = shell(`echo 'INFO  [alembic]  Running upgrade 005_add_immutability_triggers  ->  006_add_pending_proposals' >&2`);
    expect(judgeOutput(expected('"Running upgrade 005_add_immutability_triggers -> 006_add_pending_proposals"'), out)).toBe('passed');
    expect(judgeOutput(expected('007_add_agent_traces (head)'), shell(`echo '007_add_agent_traces (head)'`))).toBe('passed');
    expect(judgeOutput(expected('007_add_agent_traces (head)'), shell(`echo '006_add_pending_proposals'`))).toBe('failed');
    expect(judgeOutput(expected('✓ ALL TESTS PASSED'), shell(`echo 'ran 12'; echo '✓ ALL TESTS PASSED'`))).toBe('passed');
  });

  it('rows: non-empty lines, or psql’s (N rows) footer', () => {
    expect(judgeOutput(expected('3 rows'), shell(`printf 'a\\n\\nb\\nc\\n'`))).toBe('passed');
    expect(judgeOutput(expected('5+ indexes'), shell(`seq 1 4`))).toBe('failed');
    expect(judgeOutput(expected('5+ indexes'), shell(`seq 1 7`))).toBe('passed');
    const psql = shell(`psql '${DATABASE_URL}' -c "SELECT g FROM generate_series(1,2) g"`);
    expect(psql).toContain('(2 rows)');
    expect(judgeOutput(expected('2 rows'), psql)).toBe('passed');
  });

  it('column and table expectations read psql’s aligned output', () => {
    const out = shell(`psql '${DATABASE_URL}' -c "SELECT 'x' AS id, 'expired' AS status UNION ALL SELECT 'y', 'expired'"`);
    expect(judgeOutput(expected("status = 'expired'"), out)).toBe('passed');
    expect(judgeOutput(expected("status = 'pending'"), out)).toBe('failed');
    const table = parseExpectedTable(['status | id', 'expired | y', 'expired | x'], 1);
    expect(judgeOutput(table, out)).toBe('passed');
  });

  it('column/table against output that is no table is left to the operator', () => {
    expect(judgeOutput(expected("status = 'expired'"), shell('echo done'))).toBe('manual');
  });

  it('prose and empty expectations are manual, whatever the output', () => {
    expect(judgeOutput(expected('Valid JSON with counts'), shell(`echo '{}'`))).toBe('manual');
    expect(judgeOutput(expected(''), '')).toBe('manual');
  });
});

describe('judgeResultSet against real PostgreSQL results', () => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  const schema = `judge_${process.pid}_${Date.now()}`;

  /** The statement's result as the executor hands it over (cells JSON-safe). */
  async function query(sql: string): Promise<ResultSet> {
    const r = await client.query({ text: sql, rowMode: 'array' });
    return {
      statement: 0,
      command: r.command,
      columns: r.fields.map((f) => ({ name: f.name, type: String(f.dataTypeID) })),
      rows: (r.rows as unknown[][]).map((row) => row.map((c): Cell => (c === null || typeof c === 'boolean' || typeof c === 'number' || typeof c === 'string' ? c : JSON.stringify(c)))),
      rowCount: r.rowCount ?? r.rows.length,
    };
  }

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`CREATE TABLE proposals (id int, status text, flagged boolean, note text, payload jsonb)`);
    await client.query(`INSERT INTO proposals VALUES (1, 'expired', true, NULL, '{"test": true}'), (2, 'expired', false, 'x', '[]')`);
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('rows: the statement’s row count (eq and at least)', async () => {
    const rs = await query(`SELECT * FROM proposals`);
    expect(judgeResultSet(expected('2 rows'), rs)).toBe('passed');
    expect(judgeResultSet(expected('0 rows'), rs)).toBe('failed');
    expect(judgeResultSet(expected('2+ rows'), rs)).toBe('passed');
    expect(judgeResultSet(expected('5+ indexes'), rs)).toBe('failed');
  });

  it('value: COUNT(*) comes back as text "0" and equals Expected: 0', async () => {
    const rs = await query(`SELECT COUNT(*) AS orphaned FROM proposals WHERE id > 10`);
    expect(rs.rows[0]?.[0]).toBe('0');
    expect(judgeResultSet(expected('0'), rs)).toBe('passed');
    expect(judgeResultSet(expected('0'), await query(`SELECT COUNT(*) FROM proposals`))).toBe('failed');
    expect(judgeResultSet(expected('1.5'), await query(`SELECT 1.50::numeric`))).toBe('passed');
  });

  it('value needs exactly one cell', async () => {
    expect(judgeResultSet(expected('1'), await query(`SELECT id FROM proposals`))).toBe('failed');
  });

  it("column: every row holds the value, and there is a row", async () => {
    expect(judgeResultSet(expected("status = 'expired'"), await query(`SELECT id, status FROM proposals`))).toBe('passed');
    expect(judgeResultSet(expected("STATUS = 'expired'"), await query(`SELECT id, status FROM proposals`))).toBe('passed');
    expect(judgeResultSet(expected("status = 'expired'"), await query(`SELECT id, status FROM proposals WHERE id < 0`))).toBe('failed');
    expect(judgeResultSet(expected("id = '1'"), await query(`SELECT id FROM proposals`))).toBe('failed');
    expect(judgeResultSet(expected("nope = 'x'"), await query(`SELECT id FROM proposals`))).toBe('failed');
  });

  it('table: same columns case-insensitively, same rows in any order; psql’s t/f and empty NULL match', async () => {
    const rs = await query(`SELECT id, flagged, note FROM proposals ORDER BY id DESC`);
    const table = parseExpectedTable(['ID | Flagged | note', '---+---------+-----', '1  | t       |', '2  | f       | x'], 1);
    expect(judgeResultSet(table, rs)).toBe('passed');
    const wrong = parseExpectedTable(['id | flagged | note', '1 | t |', '2 | t | x'], 1);
    expect(judgeResultSet(wrong, rs)).toBe('failed');
    const fewer = parseExpectedTable(['id | flagged | note', '1 | t |'], 1);
    expect(judgeResultSet(fewer, rs)).toBe('failed');
    const otherColumns = parseExpectedTable(['id | status', '1 | expired', '2 | expired'], 1);
    expect(judgeResultSet(otherColumns, rs)).toBe('failed');
  });

  it('the seed’s trigger table against real triggers', async () => {
    await client.query(`CREATE FUNCTION ${schema}.deny() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'immutable'; END $$`);
    await client.query(`CREATE TRIGGER proposals_immutable BEFORE UPDATE ON proposals FOR EACH ROW EXECUTE FUNCTION ${schema}.deny()`);
    const rs = await query(
      `SELECT tgname, tgrelid::regclass AS table_name, tgenabled FROM pg_trigger WHERE tgname LIKE '%_immutable' AND tgrelid = '${schema}.proposals'::regclass`,
    );
    const table = parseExpectedTable(['tgname              | table_name | tgenabled', 'proposals_immutable | proposals  | O'], 120);
    expect(judgeResultSet(table, rs)).toBe('passed');
  });

  it('contains: any cell holds the text', async () => {
    const rs = await query(`SELECT 'Running upgrade 006 -> 007' AS message`);
    expect(judgeResultSet(expected('"upgrade 006 -> 007"'), rs)).toBe('passed');
    expect(judgeResultSet(expected('"upgrade 007 -> 008"'), rs)).toBe('failed');
  });

  it('json: a single jsonb cell equals the expected JSON', async () => {
    expect(judgeResultSet(expected('{"test": true}'), await query(`SELECT payload FROM proposals WHERE id = 1`))).toBe('passed');
    expect(judgeResultSet(expected('[] or {"test": true}'), await query(`SELECT payload FROM proposals WHERE id = 2`))).toBe('passed');
    expect(judgeResultSet(expected('{"test": false}'), await query(`SELECT payload FROM proposals WHERE id = 1`))).toBe('failed');
  });

  it('prose stays manual', async () => {
    expect(judgeResultSet(expected('modest growth (not exploding)'), await query(`SELECT 1`))).toBe('manual');
  });
});

describe('judgeResultSet against a real SQLite file', () => {
  it('COUNT(*) as a number equals Expected: 0; row counts match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-'));
    try {
      const db = new Database(join(dir, 'production.db'));
      db.exec(`CREATE TABLE risk_log (episode_id INTEGER); INSERT INTO risk_log VALUES (1), (2);`);
      const stmt = db.prepare(`SELECT COUNT(*) AS n FROM risk_log WHERE episode_id > 5`).raw(true);
      const rows = stmt.all() as Cell[][];
      const rs: ResultSet = { statement: 0, command: 'SELECT', columns: [{ name: 'n', type: 'INTEGER' }], rows, rowCount: rows.length };
      expect(rows[0]?.[0]).toBe(0);
      expect(judgeResultSet(expected('0'), rs)).toBe('passed');
      expect(judgeResultSet(expected('1 row'), rs)).toBe('passed');
      db.close();
      // The same check through the sqlite3 CLI's output, as a shell step would see it.
      const out = execFileSync('sqlite3', [join(dir, 'production.db'), 'SELECT COUNT(*) FROM risk_log;'], { encoding: 'utf8' });
      expect(judgeOutput(expected('2'), out)).toBe('passed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
