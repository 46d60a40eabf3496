// The Sprint 3 fixture environment: a real PostgreSQL database made for one test run
// (runbook_e2e_<random> on the real server, loaded with the governance_os schema and rows),
// the adapted runbook copied into a sandbox, and the stand-ins for the tools this machine
// cannot have (docker, alembic, celery, pytest, redis-cli, the API behind curl) first on PATH.

import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cliEnv, tempDir, TEST_DATABASE_URL } from '../helpers/cli';

const FIXTURE = new URL('../fixtures/sprint-3/', import.meta.url).pathname;
const RUNBOOK = new URL('../../runbooks/sprint-3-checklist.md', import.meta.url).pathname;

export interface Sprint3Env {
  dir: string;
  /** Where the operator stands: backups land here. */
  work: string;
  file: string;
  journal: string;
  databaseUrl: string;
  env: Record<string, string>;
  query: <T extends Record<string, unknown>>(sql: string) => Promise<T[]>;
  drop: () => Promise<void>;
}

/** The server's URL with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createSprint3Env(options: { brokenMigration?: boolean } = {}): Promise<Sprint3Env> {
  const name = `runbook_e2e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const databaseUrl = withDatabase(TEST_DATABASE_URL, name);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const query = async <T extends Record<string, unknown>>(sql: string) => (await client.query<T>(sql)).rows;
  const drop = async () => {
    await client.end().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    await client.query(readFileSync(join(FIXTURE, 'schema.sql'), 'utf8'));
  } catch (error) {
    await drop();
    throw error;
  }

  const dir = tempDir('runbook-sprint3-');
  const work = join(dir, 'work');
  mkdirSync(work);
  const file = join(dir, 'sprint-3-checklist.md');
  copyFileSync(RUNBOOK, file);
  // The migrations the stand-in alembic applies; the broken variant swaps in a 006 that
  // also drops the audit_events immutability trigger.
  const migrations = join(dir, 'migrations');
  cpSync(join(FIXTURE, 'migrations'), migrations, { recursive: true });
  if (options.brokenMigration) copyFileSync(join(FIXTURE, 'broken', '006_add_pending_proposals.up.sql'), join(migrations, '006_add_pending_proposals.up.sql'));

  const app = join(dir, 'app');
  cpSync(join(FIXTURE, 'app'), app, { recursive: true });

  const env = cliEnv(dir, {
    PATH: `${join(FIXTURE, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    GOVOS_DATABASE_URL: databaseUrl,
    GOVOS_MIGRATIONS: migrations,
    GOVOS_APP_DIR: app,
    PYTHONDONTWRITEBYTECODE: '1',
  });
  return { dir, work, file, journal: join(dir, 'sprint-3.runbook.sqlite'), databaseUrl, env, query, drop };
}

/** What the operator types at the Sprint 3 checklist's inputs, by their prompt. */
export const SPRINT3_INPUTS: Record<string, string> = {
  'Deploy Date': '2026-01-21',
  'Deploy Lead': 'Ana Lima',
  'Commit SHA': '3f9c2e1a7b',
  'Total tests': '6',
  Passed: '6',
  Failed: '0',
};
