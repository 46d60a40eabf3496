// The Phase-4 fixture environment: the application directory as the checklist expects it
// (a real git repository whose current commit is the pre-governance code, with the release
// tagged phase4-governance), a real SQLite production.db with recent rows, the adapted
// runbook beside it, and stand-ins only for systemctl (and `python` where only python3 is).

import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cliEnv, tempDir } from '../helpers/cli';

const FIXTURE = new URL('../fixtures/phase-4/', import.meta.url).pathname;
const RUNBOOK = new URL('../../runbooks/phase-4-governance-handoff.md', import.meta.url).pathname;

export interface Phase4Env {
  dir: string;
  /** The application directory: the runbook, production.db and the git checkout. */
  app: string;
  file: string;
  journal: string;
  log: string;
  env: Record<string, string>;
  count: (table: string) => number;
  git: (...args: string[]) => string;
}

export function createPhase4Env(options: { brokenRelease?: boolean } = {}): Phase4Env {
  const dir = tempDir('runbook-phase4-');
  const app = join(dir, 'phase1_memory_agent');
  mkdirSync(app);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Release Bot', '-c', 'user.email=release@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd: app, encoding: 'utf8' }).trim();

  // The code as deployed on main; the release a commit later, tagged phase4-governance.
  git('init', '-q');
  for (const name of ['.gitignore', 'quick_integration_test.py']) copyFileSync(join(FIXTURE, 'app', name), join(app, name));
  copyFileSync(join(FIXTURE, 'pre', 'phase4_agent.py'), join(app, 'phase4_agent.py'));
  git('add', '-A');
  git('commit', '-q', '-m', 'Phase-1 memory agent as deployed');
  git('checkout', '-q', '-b', 'release');
  cpSync(join(FIXTURE, 'app'), app, { recursive: true });
  if (options.brokenRelease) copyFileSync(join(FIXTURE, 'broken', 'phase4_agent.py'), join(app, 'phase4_agent.py'));
  git('add', '-A');
  git('commit', '-q', '-m', 'Phase-4 governance hardening');
  git('tag', 'phase4-governance');
  git('checkout', '-q', 'main');
  git('branch', '-q', '-D', 'release');

  const db = new Database(join(app, 'production.db'));
  db.exec(readFileSync(join(FIXTURE, 'production.sql'), 'utf8'));
  db.close();
  const file = join(app, 'phase-4-governance-handoff.md');
  copyFileSync(RUNBOOK, file);
  const log = join(dir, 'phase1-agent.log');

  const env = cliEnv(dir, {
    PATH: `${join(FIXTURE, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    PHASE1_AGENT_LOG: log,
    PYTHONDONTWRITEBYTECODE: '1',
  });
  const count = (table: string) => {
    const reader = new Database(join(app, 'production.db'), { readonly: true });
    try {
      return (reader.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      reader.close();
    }
  };
  return { dir, app, file, journal: join(dir, 'phase-4.runbook.sqlite'), log, env, count, git };
}
