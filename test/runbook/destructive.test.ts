import { describe, it, expect } from 'vitest';
import { destructiveReasons, destructiveSpans, isDestructive } from '../../source/runbook/destructive';
import { seedFence, seedLines } from './dialect-seeds';

const S3 = 'sprint-3-checklist.md';

describe('SQL', () => {
  it.each([
    ['DROP TABLE agent_traces', ['DROP']],
    ['drop index if exists idx_x', ['DROP']],
    ['TRUNCATE agent_traces', ['TRUNCATE']],
    ["DELETE FROM pending_proposals WHERE proposed_by = 'deploy_test'", ['DELETE']],
    ["UPDATE pending_proposals SET status = 'rejected' WHERE status = 'pending'", ['UPDATE']],
    ['UPDATE learning_governance\nSET last_update_at = NULL', ['UPDATE']],
    ['ALTER TABLE decisions DROP COLUMN note', ['ALTER TABLE … DROP']],
    ['ALTER TABLE decisions ALTER COLUMN note DROP NOT NULL', ['ALTER TABLE … DROP']],
    ['DO $$ BEGIN DROP TABLE old_stuff; END $$', ['DROP']],
    ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', ['DELETE']],
  ])('%s → %j', (sql, reasons) => {
    expect(destructiveReasons('sql', sql)).toEqual(reasons);
    expect(isDestructive('sql', sql)).toBe(true);
  });

  it.each([
    'SELECT * FROM decisions',
    "INSERT INTO pending_proposals (id) VALUES ('drop table x; delete from y')",
    'CREATE TABLE t (id int REFERENCES u(id) ON DELETE CASCADE ON UPDATE CASCADE)',
    'CREATE TRIGGER t BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION deny()',
    'SELECT * FROM t FOR UPDATE',
    '-- DROP TABLE decisions;\nSELECT 1',
    '/* TRUNCATE audit_events; */ SELECT 1',
    'GRANT UPDATE, DELETE ON t TO app',
  ])('not destructive: %s', (sql) => {
    expect(destructiveReasons('sql', sql)).toEqual([]);
  });

  it('the seed’s §5.3 fence deletes its test data', () => {
    expect(destructiveReasons('sql', seedFence(S3, 494).text)).toEqual(['DELETE']);
  });

  it('the seed’s migrations and baseline queries are not destructive', () => {
    for (const line of [60, 114, 177, 217, 255, 309, 339, 368]) expect(isDestructive('sql', seedFence(S3, line).text), `line ${line}`).toBe(false);
  });
});

describe('shell: every `[ ]` command of the seed’s rollback plans', () => {
  const lines = seedLines(S3);
  const at = (n: number) => (lines[n - 1] ?? '').replace(/^\[ \] /, '');

  it.each([
    [553, ['alembic downgrade']],
    [584, ['docker compose stop']],
    [610, ['docker compose stop']],
    [627, ['redis FLUSHALL']],
    [648, ['docker compose down']],
    [651, ['pg_restore --clean']],
  ])('line %i → %j', (line, reasons) => {
    expect(destructiveReasons('shell', at(line))).toEqual(reasons);
  });

  it('psql -c with UPDATE / TRUNCATE over several lines (§6.4, §6.6), the SQL comment not counting', () => {
    const update = lines.slice(586, 592).join('\n').replace(/^\[ \] /, '');
    expect(destructiveReasons('shell', update)).toEqual(['UPDATE']);
    const truncate = lines.slice(629, 633).join('\n').replace(/^\[ \] /, '');
    expect(truncate).toContain('-- Only if traces exist');
    expect(destructiveReasons('shell', truncate)).toEqual(['TRUNCATE']);
  });

  it.each([46, 49, 53, 161, 164, 295, 389, 485, 488, 561, 565, 572, 573, 595, 607, 613, 624, 654, 655, 658, 681])(
    'line %i is not destructive',
    (line) => {
      expect(destructiveReasons('shell', at(line))).toEqual([]);
    },
  );
});

describe('shell rules', () => {
  it.each([
    ['rm -rf /tmp/build', ['rm -r']],
    ['rm -r old/', ['rm -r']],
    ['sudo rm -fr /var/cache/app', ['rm -r']],
    ['rm old/ --recursive', ['rm -r']],
    ['pg_restore --clean -d db backup.dump', ['pg_restore --clean']],
    ['dropdb governance_os', ['dropdb']],
    ['docker-compose down -v', ['docker compose down']],
    ['docker compose -f prod.yml down', ['docker compose down']],
    ['kubectl -n prod delete pod api-1', ['kubectl delete']],
    ['redis-cli -n 2 flushdb', ['redis FLUSHDB']],
    ['flask db downgrade', ['downgrade']],
    ['git reset --hard <commit-hash>', ['git reset --hard']],
    ['git -C repo reset --hard HEAD~1', ['git reset --hard']],
    ['git push --force origin main', ['git push --force']],
    ['git push -f origin main', ['git push --force']],
    ['git clean -fdx', ['git clean -f']],
    ['sqlite3 production.db "DELETE FROM episodes WHERE id = 3"', ['DELETE']],
    ['sqlite3 production.db ".restore snapshot_2026-01-21_pre-deploy.db"', ['sqlite3 .restore']],
    ['systemctl stop phase1-agent', ['systemctl stop']],
    ['sudo systemctl --now stop nginx', ['systemctl stop']],
    ['terraform destroy -auto-approve', ['terraform destroy']],
    ['terraform apply -destroy', ['terraform destroy']],
    ['helm uninstall api -n prod', ['helm uninstall']],
    ['mkfs.ext4 /dev/sdb1', ['mkfs']],
    ['dd if=/dev/zero of=/dev/sdb bs=1M', ['dd of=']],
    ['psql --dbname=govos -c "DROP TABLE x"', ['DROP']],
    ['psql "$DATABASE_URL" <<EOF\nTRUNCATE t;\nEOF', ['TRUNCATE']],
    ['docker compose exec redis redis-cli FLUSHALL && docker compose down', ['docker compose down', 'redis FLUSHALL']],
  ])('%s → %j', (command, reasons) => {
    expect(destructiveReasons('shell', command)).toEqual(reasons);
  });

  it.each([
    '# docker compose down\necho safe',
    'git checkout v2.0.0  # or: git reset --hard <commit-hash>',
    'pg_restore --list backup.dump | head -20',
    'pg_restore -Fc -d db backup.dump',
    'pg_dump -Fc governance_os > backup.dump',
    'docker compose logs --tail=100 backend | grep -i "error"',
    'docker compose up -d --build',
    "curl -X POST https://api.example.com/tasks -d '{\"name\": \"test; DROP TABLE users;\"}'",
    'git push origin main',
    'git clean -n',
    'kubectl get pods -n prod',
    'alembic upgrade head',
    'sqlite3 production.db ".backup snapshot.db"',
    'systemctl restart phase1-agent',
    'rm backup.tmp',
    'psql -U govos -c "SELECT COUNT(*) FROM audit_events"',
  ])('not destructive: %s', (command) => {
    expect(destructiveReasons('shell', command)).toEqual([]);
  });
});

describe('where a step is destructive (the lines a cut screen must still show)', () => {
  const migration = [
    '-- Migration 006: add the pending_proposals table',
    'CREATE TABLE pending_proposals (',
    '    id INTEGER PRIMARY KEY,',
    "    status TEXT NOT NULL DEFAULT 'pending'",
    ');',
    "-- UPDATE in a comment does not count; DELETE FROM neither",
    'UPDATE alembic_version',
    "   SET version_num = '006_add_pending_proposals'",
    "   WHERE version_num = '005';",
    '',
    "SELECT 'DELETE FROM x' AS not_a_delete;",
    'DELETE FROM pending_proposals WHERE id = 0;',
  ].join('\n');

  it('SQL: the lines of each match, and of the whole statement it stands in', () => {
    expect(destructiveSpans('sql', migration)).toEqual([
      { reason: 'UPDATE', first: 6, last: 7, statement: { first: 6, last: 8 } },
      { reason: 'DELETE', first: 11, last: 11, statement: { first: 11, last: 11 } },
    ]);
  });

  it('SQL: every statement a rule matches, not only the first', () => {
    const spans = destructiveSpans('sql', 'TRUNCATE a;\nSELECT 1;\nTRUNCATE b;\nDO $$ BEGIN\n  DROP TABLE c;\nEND $$;');
    expect(spans.map((s) => [s.reason, s.first, s.statement])).toEqual([
      ['TRUNCATE', 0, { first: 0, last: 0 }],
      ['TRUNCATE', 2, { first: 2, last: 2 }],
      ['DROP', 4, { first: 3, last: 5 }],
    ]);
  });

  it('shell: the lines of the simple command, its continuations and SQL handed to a client included', () => {
    const script = [
      'kubectl get pods -n prod',
      '# kubectl delete pod old   (a comment)',
      'kubectl delete pod api-7f9 \\',
      '  -n prod',
      'echo done',
      'psql "$URL" -c "SELECT 1;',
      '  DROP TABLE old_things;"',
      'psql "$URL" <<EOF',
      'SELECT 2;',
      'TRUNCATE t;',
      'EOF',
    ].join('\n');
    expect(destructiveSpans('shell', script).map((s) => [s.reason, s.first, s.last])).toEqual([
      ['kubectl delete', 2, 3],
      ['DROP', 5, 6],
      ['TRUNCATE', 9, 9],
    ]);
  });

  it('shell: a reason read from the parsed command (not a named rule) has its command\u2019s lines too', () => {
    const script = [
      'gcloud compute instances list',
      'gcloud compute instances delete web-1 \\',
      '  --zone=europe-west1-b',
      "ssh db-1 'terraform destroy -auto-approve'",
      'echo done',
    ].join('\n');
    const spans = destructiveSpans('shell', script);
    expect(spans.map((s) => [s.reason, s.first, s.last])).toEqual([
      ['gcloud … delete', 1, 2],
      ['terraform destroy', 3, 3],
    ]);
    expect(new Set(spans.map((s) => s.reason))).toEqual(new Set(destructiveReasons('shell', script)));
  });

  it('names every reason of destructiveReasons, and nothing for a safe command', () => {
    const seed = seedFence(S3, 494).text;
    expect(new Set(destructiveSpans('sql', seed).map((s) => s.reason))).toEqual(new Set(destructiveReasons('sql', seed)));
    expect(destructiveSpans('shell', 'docker compose logs --tail=100 backend | grep -i "error"')).toEqual([]);
    expect(destructiveSpans('sql', '-- DROP TABLE decisions;\nSELECT 1')).toEqual([]);
  });
});
