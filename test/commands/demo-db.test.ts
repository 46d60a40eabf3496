// The demo's SQLite database: a governance database whose guards really hold.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDemoDatabase } from '../../source/commands/demo-db';
import { claimDemoSandbox, demoRunbookPath } from '../../source/commands/demo';
import { tempDir } from '../helpers/cli';

function demoDb(): Database.Database {
  const path = join(tempDir('runbook-demo-db-'), 'demo.db');
  createDemoDatabase(path);
  return new Database(path);
}

describe('the demo database', () => {
  it('holds the Sprint 3 governance tables, with rows, at migration 005', () => {
    const db = demoDb();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['alembic_version', 'audit_events', 'decisions', 'evaluations', 'evidence_packs', 'exceptions', 'policies', 'policy_versions', 'signals', 'users']);
    for (const table of tables) expect((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBeGreaterThan(0);
    expect(db.prepare('SELECT version_num FROM alembic_version').get()).toEqual({ version_num: '005_add_immutability_triggers' });
    db.close();
  });

  it('refuses to update or delete decisions, evidence packs and audit events', () => {
    const db = demoDb();
    for (const table of ['decisions', 'evidence_packs', 'audit_events']) {
      expect(() => db.prepare(`UPDATE ${table} SET id = id WHERE id = 1`).run()).toThrow(`${table} are immutable: UPDATE is not allowed`);
      expect(() => db.prepare(`DELETE FROM ${table} WHERE id = 1`).run()).toThrow(`${table} are immutable: DELETE is not allowed`);
    }
    db.close();
  });

  it('refuses a hard override without an approval (ck_hard_override_requires_approval)', () => {
    const db = demoDb();
    const insert = "INSERT INTO decisions (exception_id, decision_type, is_hard_override, rationale, decided_by, decided_at, approved_by, approved_at) VALUES (1, 'dismiss', 1, 'x', 2, '2026-01-14', ?, ?)";
    expect(() => db.prepare(insert).run(null, null)).toThrow(/CHECK constraint failed: ck_hard_override_requires_approval/);
    expect(db.prepare(insert).run(1, '2026-01-14').changes).toBe(1);
    db.close();
  });
});

describe('where the demo lives', () => {
  it('finds runbooks/demo.md from the source tree', () => {
    expect(demoRunbookPath()).toBe(new URL('../../runbooks/demo.md', import.meta.url).pathname);
  });

  it('makes the sandbox beside the journals directory, never twice the same', () => {
    const now = new Date('2026-01-21T18:00:00.123Z');
    const home = tempDir('runbook-demo-home-');
    const first = claimDemoSandbox({ RUNBOOK_HOME: home }, now);
    expect(first).toBe(join(home, 'demo', '2026-01-21T18-00-00Z'));
    expect(statSync(first).isDirectory()).toBe(true);
    expect(statSync(first).mode & 0o777).toBe(0o700);
    // A second demo in the same second (another pane): its own, though the first is still empty.
    expect(claimDemoSandbox({ RUNBOOK_HOME: home }, now)).toBe(`${first}-2`);
    expect(claimDemoSandbox({ HOME: home }, now)).toBe(join(home, '.local', 'share', 'runbook', 'demo', '2026-01-21T18-00-00Z'));
  });
});
