import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, parseDuration, resolveTarget, targetSecrets } from '../../source/executors/targets';
import type { Target } from '../../source/runbook/model';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const govos = (extra: Partial<Target> = {}): Target => ({
  name: 'govos',
  kind: 'postgres',
  url: 'env:GOVOS_DATABASE_URL',
  statementTimeout: '',
  lockTimeout: '',
  ...extra,
});
const prod = (extra: Partial<Target> = {}): Target => ({ name: 'prod', kind: 'sqlite', path: './production.db', statementTimeout: '', lockTimeout: '', ...extra });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-targets-test-'));
  new Database(path.join(dir, 'production.db')).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolving postgres targets', () => {
  it('reads an env: URL, with the default timeouts', () => {
    const t = resolveTarget(govos(), { runbookDir: dir, env: { GOVOS_DATABASE_URL: 'postgres://deploy@db-1/govos' } });
    expect(t).toEqual({ name: 'govos', kind: 'postgres', location: 'postgres://deploy@db-1/govos', statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 });
  });

  it('says which variable is missing', () => {
    expect(() => resolveTarget(govos(), { runbookDir: dir, env: {} })).toThrow(/^target govos: environment variable GOVOS_DATABASE_URL is not set$/);
  });

  it('refuses a password written into a runbook, a profile or --target', () => {
    const message = /^target govos: the URL holds a password; use PGPASSWORD or ~\/\.pgpass$/;
    expect(() => resolveTarget(govos({ url: 'postgres://deploy:hunter2@db-1/govos' }), { runbookDir: dir, env: {} })).toThrow(message);
    expect(() => resolveTarget(govos(), { runbookDir: dir, env: {}, override: 'postgres://deploy:hunter2@db-1/govos' })).toThrow(message);
    expect(() => resolveTarget(govos({ url: 'profile:prod' }), { runbookDir: dir, env: {}, profiles: { prod: 'postgres://a:b@h/d' } })).toThrow(message);
  });

  it('accepts a password kept in an environment variable and hands it to the redactor', () => {
    const env = { GOVOS_DATABASE_URL: 'postgres://deploy:hunter%232@db-1/govos', PGPASSWORD: 'other-pw' };
    const t = resolveTarget(govos(), { runbookDir: dir, env });
    expect(targetSecrets(t, env)).toEqual(['hunter#2', 'other-pw']);
  });

  it('takes profiles and --target overrides', () => {
    const profiles = { staging: 'postgres://deploy@db-staging/govos' };
    expect(resolveTarget(govos({ url: 'profile:staging' }), { runbookDir: dir, env: {}, profiles }).location).toBe(profiles.staging);
    expect(() => resolveTarget(govos({ url: 'profile:nope' }), { runbookDir: dir, env: {}, profiles })).toThrow('target govos: no profile "nope" (known: staging)');
    const t = resolveTarget(govos(), { runbookDir: dir, env: {}, override: 'postgres://me@localhost/scratch' });
    expect(t.location).toBe('postgres://me@localhost/scratch');
  });

  it('refuses what is not a postgres URL, without printing its password', () => {
    expect(() => resolveTarget(govos(), { runbookDir: dir, env: { GOVOS_DATABASE_URL: 'mysql://root:pw1234@db/x' } })).toThrow(
      'target govos: expected a postgres:// URL, got "mysql://root:[REDACTED]@db/x"',
    );
  });

  it('parses timeouts and rejects ones it cannot read', () => {
    const t = resolveTarget(govos({ statementTimeout: '2min', lockTimeout: '500ms' }), { runbookDir: dir, env: { GOVOS_DATABASE_URL: 'postgres://h/d' } });
    expect([t.statementTimeoutMs, t.lockTimeoutMs]).toEqual([120_000, 500]);
    expect(() => resolveTarget(govos({ statementTimeout: '60' }), { runbookDir: dir, env: {} })).toThrow('target govos: statement_timeout "60" is not a duration');
    expect([parseDuration('60s', 1), parseDuration('1.5s', 1), parseDuration('1h', 1), parseDuration('0', 1), parseDuration(undefined, 7)]).toEqual([60_000, 1500, 3_600_000, 0, 7]);
  });
});

describe('resolving sqlite targets', () => {
  it('resolves the path against the runbook’s directory', () => {
    expect(resolveTarget(prod(), { runbookDir: dir, env: {} }).location).toBe(path.join(dir, 'production.db'));
  });

  it('takes a --target path, sqlite: or file: URL relative to where the operator stands', () => {
    const opts = { runbookDir: dir, env: {} };
    expect(resolveTarget(prod(), { ...opts, override: 'copy.db' }).location).toBe(path.resolve('copy.db'));
    expect(resolveTarget(prod(), { ...opts, override: 'sqlite:/srv/app.db' }).location).toBe('/srv/app.db');
    expect(resolveTarget(prod(), { ...opts, override: 'file:///srv/app.db' }).location).toBe('/srv/app.db');
  });
});

describe('opening targets', () => {
  it('opens sqlite and postgres targets', async () => {
    const sqlite = await openTarget(resolveTarget(prod(), { runbookDir: dir, env: {} }));
    const postgres = await openTarget(resolveTarget(govos(), { runbookDir: dir, env: { GOVOS_DATABASE_URL: PG_URL } }));
    try {
      const statements = [{ text: 'SELECT 1 AS one', line: 1, expectation: null }];
      expect((await sqlite.run(statements, {}).done).resultSets[0]?.rows).toEqual([[1]]);
      expect((await postgres.run(statements, {}).done).resultSets[0]?.rows).toEqual([[1]]);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
