import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, ResultSet } from '../../source/run/results';
import { SCHEMA_SIGNATURE_SQL, compareResultSets } from '../../source/run/compare';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDb(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-cmp-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'production.db'));
  db.exec(`
    CREATE TABLE decisions (id INTEGER PRIMARY KEY, decision_type TEXT NOT NULL CHECK (decision_type <> ''));
    CREATE TABLE audit_events (id INTEGER PRIMARY KEY, decision_id INTEGER REFERENCES decisions(id) ON DELETE RESTRICT, occurred_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
    CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
    CREATE TRIGGER audit_events_immutable BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'immutable'); END;
    CREATE TRIGGER decisions_immutable BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'immutable'); END;
  `);
  return db;
}

// The executors are written alongside this; run the catalog queries with better-sqlite3 directly.
function signature(db: Database.Database): ResultSet[] {
  return SCHEMA_SIGNATURE_SQL.sqlite.map((text, statement) => {
    const stmt = db.prepare(text).raw(true);
    const rows = stmt.all() as Cell[][];
    return { statement, command: 'SELECT', columns: stmt.columns().map((c) => ({ name: c.name, type: c.type ?? '' })), rows, rowCount: rows.length };
  });
}

describe('schema signature on SQLite', () => {
  it('captures triggers, tables, foreign keys, indexes and columns', () => {
    const sets = signature(openDb());
    const keys = sets.map((set) => set.rows.map((row) => row[0]));
    expect(keys[0]).toEqual(['audit_events_immutable', 'decisions_immutable']);
    expect(keys[1]).toEqual(['audit_events', 'decisions']);
    expect(keys[2]).toEqual(['audit_events.decision_id -> decisions.id']);
    expect(keys[3]).toEqual(['audit_events_occurred_at']);
    expect(keys[4]).toEqual(['audit_events.id', 'audit_events.decision_id', 'audit_events.occurred_at', 'decisions.id', 'decisions.decision_type']);
  });

  it('names a dropped trigger as missing', () => {
    const db = openDb();
    const before = signature(db);
    expect(compareResultSets(before, signature(db)).passed).toBe(true);
    db.exec('DROP TRIGGER audit_events_immutable');
    const c = compareResultSets(before, signature(db));
    expect(c.passed).toBe(false);
    expect(c.summary).toMatch(/^failed: 1 row missing: audit_events_immutable; \d+ unchanged$/);
  });

  it('names a changed foreign-key action and an added column', () => {
    const db = openDb();
    const before = signature(db);
    db.exec(`
      CREATE TABLE audit_events_new (id INTEGER PRIMARY KEY, decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE, occurred_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
      DROP TABLE audit_events;
      ALTER TABLE audit_events_new RENAME TO audit_events;
      ALTER TABLE decisions ADD COLUMN agent_id TEXT;
    `);
    const c = compareResultSets(before, signature(db));
    expect(c.passed).toBe(false);
    expect(c.summary).toContain('audit_events.decision_id -> decisions.id (on_delete RESTRICT → CASCADE)');
    expect(c.summary).toContain('1 row added: decisions.agent_id');
    expect(c.summary).toContain('2 rows missing: audit_events_immutable, audit_events_occurred_at');
  });
});
