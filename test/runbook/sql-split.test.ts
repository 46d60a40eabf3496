import { describe, it, expect } from 'vitest';
import { splitSql, sqlFenceLooksLikeSql } from '../../source/runbook/sql-split';
import { SEED_FILES, seedFence, seedFences } from './dialect-seeds';

const S3 = 'sprint-3-checklist.md';
const P4 = 'phase-4-governance-handoff.md';
const GOLDEN = 'golden-architecture-v5.1-checklist.md';

function split(file: string, fenceLine: number) {
  const fence = seedFence(file, fenceLine);
  return splitSql(fence.text, fence.firstLine);
}

describe('splitSql on the seeds', () => {
  it('§1.2 baseline counts: five statements, each at the line of its first code', () => {
    const statements = split(S3, 60);
    expect(statements.map((s) => s.line)).toEqual([66, 77, 82, 87, 92]);
    expect(statements[0]?.text.startsWith("SELECT 'policies' as table_name")).toBe(true);
    expect(statements[0]?.text.endsWith('FROM users')).toBe(true);
    expect(statements[4]?.text).toBe('SELECT MAX(id) as latest_audit_event_id,\n       MAX(occurred_at) as latest_audit_time\nFROM audit_events');
    expect(statements.every((s) => s.expectation === null)).toBe(true);
  });

  it('§1.3: leading comments are dropped, `-- Expected output:` becomes a table', () => {
    const [trigger, ...rest] = split(S3, 114);
    expect(rest).toEqual([]);
    expect(trigger?.line).toBe(116);
    expect(trigger?.text).toBe("SELECT tgname, tgrelid::regclass as table_name, tgenabled\nFROM pg_trigger\nWHERE tgname LIKE '%_immutable'");
    expect(trigger?.expectation).toMatchObject({
      auto: true,
      line: 120,
      check: {
        kind: 'table',
        columns: ['tgname', 'table_name', 'tgenabled'],
        rows: [
          ['decisions_immutable', 'decisions', 'O'],
          ['evidence_packs_immutable', 'evidence_packs', 'O'],
          ['audit_events_immutable', 'audit_events', 'O'],
        ],
      },
    });
  });

  it('§2.3: each `-- Expected:` belongs to the statement before it', () => {
    const statements = split(S3, 255);
    expect(statements.map((s) => [s.line, s.expectation?.text, s.expectation?.line])).toEqual([
      [257, '0 rows', 259],
      [262, '0 rows', 264],
      [267, '005_add_immutability_triggers', 268],
    ]);
    expect(statements[2]?.expectation?.check).toEqual({ kind: 'contains', text: '005_add_immutability_triggers' });
  });

  it('§3.3: rows, at-least rows, rows with a remark', () => {
    const checks = split(S3, 309).map((s) => s.expectation?.check);
    expect(checks).toEqual([
      { kind: 'rows', op: 'eq', count: 2 },
      { kind: 'rows', op: 'eq', count: 2 },
      { kind: 'rows', op: 'gte', count: 5 },
      { kind: 'rows', op: 'eq', count: 3 },
    ]);
  });

  it('§4.2: description comments before the next statement do not take its expectation', () => {
    const statements = split(S3, 368);
    expect(statements.map((s) => [s.line, s.expectation?.text ?? null])).toEqual([
      [370, '0'],
      [373, '0'],
      [379, null],
    ]);
  });

  it('§5.3: a comment inside a statement stays in its text; column expectation', () => {
    const [insert, select, del] = split(S3, 494);
    expect(insert?.line).toBe(496);
    expect(insert?.text).toContain("NOW() - INTERVAL '1 hour'  -- Already expired\n)");
    expect(insert?.expectation).toEqual({ text: "Test proposal should be marked 'expired'", auto: false, line: 510 });
    expect(select?.expectation?.check).toEqual({ kind: 'column', column: 'status', value: 'expired' });
    expect(del?.text).toBe("DELETE FROM pending_proposals WHERE proposed_by = 'deploy_test'");
    expect(del?.expectation).toBeNull();
  });

  it('§2.1 migration: enum values and an inline comment inside CREATE TABLE', () => {
    const statements = split(S3, 177);
    expect(statements.map((s) => s.line)).toEqual([179, 180, 183, 199, 200]);
    expect(statements[2]?.text).toContain('-- Foreign keys depend on proposal_type');
  });

  it('phase-4 Check 1: `Expected:` alone over `-- key: value` lines is one manual expectation', () => {
    const [statement] = split(P4, 134);
    expect(statement?.line).toBe(135);
    expect(statement?.expectation).toEqual({
      text: 'episodes: ~120 (20 per hour)\navg_draft: ~0.0\nmax_draft: < 2.0 (occasional high scores OK)\nhigh_risk_count: < 10',
      auto: false,
      line: 143,
    });
  });

  it('phase-4 Check 3: value and prose expectations', () => {
    const statements = split(P4, 164);
    expect(statements.map((s) => [s.line, s.expectation?.auto, s.expectation?.text])).toEqual([
      [166, true, '0'],
      [171, false, 'modest growth (not exploding)'],
    ]);
  });

  it('golden: trailing comment-only lines after the last statement are not a statement', () => {
    const statements = split(GOLDEN, 297);
    expect(statements.map((s) => s.line)).toEqual([299, 306]);
  });

  it('every SQL fence of every seed splits into statements that start with code', () => {
    for (const file of SEED_FILES) {
      for (const fence of seedFences(file).filter((f) => f.lang === 'sql')) {
        const statements = splitSql(fence.text, fence.firstLine);
        expect(statements.length, `${file}:${fence.line}`).toBeGreaterThan(0);
        for (const s of statements) {
          expect(s.text, `${file}:${s.line}`).toMatch(/^(SELECT|INSERT|UPDATE|DELETE|CREATE)\b/);
          expect(s.text.endsWith(';')).toBe(false);
        }
      }
    }
  });
});

describe('splitSql: quoting and comments', () => {
  it('semicolons inside strings, identifiers, E-strings, dollar quotes and comments do not split', () => {
    const sql = [
      "SELECT 'a;b', 'it''s; fine', E'esc\\'; still', \"odd;name\" FROM t; -- Expected: 1 row",
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      'DO $body$ BEGIN PERFORM 1; END $body$;',
      '/* outer /* nested; */ still comment; */ SELECT 2',
      '-- a comment; with a semicolon',
      'SELECT $1, ${commit_sha}',
    ].join('\n');
    const statements = splitSql(sql, 10);
    expect(statements.map((s) => s.text)).toEqual([
      "SELECT 'a;b', 'it''s; fine', E'esc\\'; still', \"odd;name\" FROM t",
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      'DO $body$ BEGIN PERFORM 1; END $body$',
      'SELECT 2\n-- a comment; with a semicolon\nSELECT $1, ${commit_sha}',
    ]);
    expect(statements.map((s) => s.line)).toEqual([10, 11, 12, 13]);
    expect(statements[0]?.expectation?.check).toEqual({ kind: 'rows', op: 'eq', count: 1 });
  });

  it('lines count through multi-line strings and block comments', () => {
    const sql = "SELECT 'one\ntwo\nthree';\n/* a\nb */\nSELECT 4;";
    expect(splitSql(sql, 1).map((s) => s.line)).toEqual([1, 6]);
  });

  it('a final statement without `;` keeps the Expected comment under it', () => {
    const [statement] = splitSql('SELECT COUNT(*) FROM t\n-- Expected: 0\n', 5);
    expect(statement?.text).toBe('SELECT COUNT(*) FROM t');
    expect(statement?.expectation).toMatchObject({ text: '0', line: 6, auto: true });
  });

  it('an unterminated string runs to the end without losing the statement', () => {
    expect(splitSql("SELECT 'oops; FROM t", 1).map((s) => s.text)).toEqual(["SELECT 'oops; FROM t"]);
  });

  it('comment-only and empty fences give no statements', () => {
    expect(splitSql('-- nothing here\n/* or here */\n', 1)).toEqual([]);
    expect(splitSql('', 1)).toEqual([]);
    expect(splitSql(';;', 1)).toEqual([]);
  });

  it('only the first Expected after a statement counts', () => {
    const [statement] = splitSql('SELECT 1;\n-- Expected: 1\n-- Expected: 2\n', 1);
    expect(statement?.expectation?.text).toBe('1');
  });
});

describe('sqlFenceLooksLikeSql', () => {
  it('every sql fence in the seeds reads as SQL; no shell fence does', () => {
    for (const file of SEED_FILES) {
      for (const fence of seedFences(file)) {
        if (fence.lang === 'sql') expect(sqlFenceLooksLikeSql(fence.text), `${file}:${fence.line}`).toBe(true);
        if (fence.lang === 'bash') expect(sqlFenceLooksLikeSql(fence.text), `${file}:${fence.line}`).toBe(false);
      }
    }
  });

  it.each([
    ['select * from users;', true],
    ['select count(*) from users', true],
    ['update users set active = false where id = 3', true],
    ['SELECT 1', true],
    ['Update the config on each server', false],
    ['select the right server and restart it', false],
    ['psql -c "SELECT 1"', false],
    ['-- only a comment', false],
    ['', false],
  ])('%j → %s', (text, looks) => {
    expect(sqlFenceLooksLikeSql(text)).toBe(looks);
  });
});
