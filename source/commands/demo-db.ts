// The demo's database: a small SQLite governance database modelled on the Sprint 3
// checklist's (policies, signals, evaluations, exceptions, decisions, evidence packs, audit
// events, users, alembic_version), with its immutability guards and the hard-override rule.

import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'analyst', 'auditor')),
  is_active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  owner_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE policy_versions (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES policies(id),
  version INTEGER NOT NULL,
  rules TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (policy_id, version)
);
CREATE TABLE signals (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  signal_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  policy_version_id INTEGER NOT NULL REFERENCES policy_versions(id),
  signal_id INTEGER NOT NULL REFERENCES signals(id),
  result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  evaluated_at TEXT NOT NULL
);
CREATE TABLE exceptions (
  id INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  severity TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'dismissed')),
  opened_at TEXT NOT NULL
);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  exception_id INTEGER NOT NULL REFERENCES exceptions(id),
  decision_type TEXT NOT NULL,
  is_hard_override INTEGER NOT NULL DEFAULT 0,
  rationale TEXT NOT NULL,
  decided_by INTEGER NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  approved_at TEXT,
  CONSTRAINT ck_hard_override_requires_approval
    CHECK (NOT is_hard_override OR (approved_by IS NOT NULL AND approved_at IS NOT NULL))
);
CREATE TABLE evidence_packs (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  event_type TEXT NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  occurred_at TEXT NOT NULL
);
CREATE TABLE alembic_version (version_num TEXT NOT NULL PRIMARY KEY);
`;

/** SQLite fires a trigger on one event: an UPDATE and a DELETE guard per immutable table. */
function immutabilityTriggers(table: string): string {
  return ['UPDATE', 'DELETE']
    .map(
      (event) => `CREATE TRIGGER ${table}_immutable_${event.toLowerCase()} BEFORE ${event} ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} are immutable: ${event} is not allowed'); END;`,
    )
    .join('\n');
}

const IMMUTABLE = ['decisions', 'evidence_packs', 'audit_events'] as const;

const USERS: Array<[string, string, string, number]> = [
  ['ana.lima@example.org', 'Ana Lima', 'admin', 1],
  ['bo.chen@example.org', 'Bo Chen', 'reviewer', 1],
  ['cy.okafor@example.org', 'Cy Okafor', 'reviewer', 1],
  ['dee.patel@example.org', 'Dee Patel', 'analyst', 1],
  ['eli.novak@example.org', 'Eli Novak', 'analyst', 0],
  ['fay.moreau@example.org', 'Fay Moreau', 'auditor', 1],
];

const POLICIES = ['data-retention', 'access-review', 'vendor-risk', 'change-approval'];

/** A timestamp `minutes` before a fixed point, so every demo database holds the same rows. */
function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 14, 9, 0, 0) - minutes * 60_000).toISOString();
}

/** Creates the demo database at `path` (which must not exist yet). */
export function createDemoDatabase(path: string): void {
  const db = new Database(path);
  try {
    db.exec(SCHEMA);
    const seed = db.transaction(() => {
      const user = db.prepare('INSERT INTO users (email, display_name, role, is_active) VALUES (?, ?, ?, ?)');
      for (const u of USERS) user.run(...u);
      const policy = db.prepare('INSERT INTO policies (name, owner_id, created_at) VALUES (?, ?, ?)');
      const version = db.prepare('INSERT INTO policy_versions (policy_id, version, rules, created_at) VALUES (?, ?, ?, ?)');
      POLICIES.forEach((name, i) => {
        policy.run(name, (i % 3) + 1, at(90 * 24 * 60 - i * 600));
        for (let v = 1; v <= 2; v++) version.run(i + 1, v, JSON.stringify({ rule: name, threshold: v * 10 }), at(60 * 24 * 60 - v * 900));
      });
      const signal = db.prepare('INSERT INTO signals (source, signal_type, payload, received_at) VALUES (?, ?, ?, ?)');
      const evaluation = db.prepare('INSERT INTO evaluations (policy_version_id, signal_id, result, evaluated_at) VALUES (?, ?, ?, ?)');
      for (let s = 1; s <= 24; s++) {
        signal.run(['okta', 'github', 'aws-config'][s % 3], ['login', 'permission_change', 'config_drift'][s % 3], JSON.stringify({ seq: s }), at(3000 - s * 60));
        evaluation.run(((s - 1) % 8) + 1, s, s % 4 === 0 ? 'fail' : 'pass', at(2990 - s * 60));
      }
      // Every fourth evaluation failed and opened an exception.
      const exception = db.prepare('INSERT INTO exceptions (evaluation_id, severity, status, opened_at) VALUES (?, ?, ?, ?)');
      const statuses = ['resolved', 'resolved', 'acknowledged', 'open', 'dismissed', 'open'];
      for (let e = 1; e <= 6; e++) exception.run(e * 4, e % 2 === 0 ? 'high' : 'medium', statuses[e - 1], at(2980 - e * 240));
      const decision = db.prepare(
        'INSERT INTO decisions (exception_id, decision_type, is_hard_override, rationale, decided_by, decided_at, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      decision.run(1, 'remediate', 0, 'Rotated the leaked key', 2, at(2500), null, null);
      decision.run(2, 'remediate', 0, 'Removed the stale admin grant', 3, at(2200), null, null);
      decision.run(3, 'accept_risk', 0, 'Vendor contract ends this quarter', 2, at(1900), null, null);
      decision.run(5, 'dismiss', 1, 'False positive: test account', 3, at(1200), 1, at(1150));
      const pack = db.prepare('INSERT INTO evidence_packs (decision_id, content_hash, created_at) VALUES (?, ?, ?)');
      for (let d = 1; d <= 4; d++) pack.run(d, `sha256:${String(d).repeat(8)}a1b2c3d4`, at(2400 - d * 300));
      const audit = db.prepare('INSERT INTO audit_events (event_type, actor_id, entity_type, entity_id, occurred_at) VALUES (?, ?, ?, ?, ?)');
      const kinds: Array<[string, string]> = [['policy.published', 'policy'], ['exception.opened', 'exception'], ['decision.recorded', 'decision'], ['evidence.sealed', 'evidence_pack']];
      for (let a = 1; a <= 32; a++) {
        const [type, entity] = kinds[a % kinds.length] ?? ['policy.published', 'policy'];
        audit.run(type, (a % USERS.length) + 1, entity, (a % 4) + 1, at(3200 - a * 90));
      }
      db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run('005_add_immutability_triggers');
    });
    seed();
    // Guards go on after the seed rows, as migration 005 added them to a live database.
    db.exec(IMMUTABLE.map(immutabilityTriggers).join('\n'));
  } finally {
    db.close();
  }
}
