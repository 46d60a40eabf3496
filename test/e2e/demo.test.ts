// `runbook demo` through the real CLI: in --plain, fed answers as a new user would give
// them, from the sandbox it makes to the report it ends with; and without a terminal.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { demoNewUser as newUser, drivePlain, type PlainRun } from './plain-driver';

interface Shown {
  state: string;
  operator: string;
  steps: { id: string; status: string; expectation: { text: string; result: string } | null }[];
  comparisons: { name: string; step: string; passed: boolean }[];
  decisions: { path: { question: string; answer: string }[] }[];
  signoffs: { role: string; name: string }[];
  due: { step: string; dueAt: string }[];
  chain: { valid: boolean };
}

describe('runbook demo --plain', () => {
  let home: string;
  let env: Record<string, string>;
  let run: PlainRun;
  let sandbox: string;
  let journal: string;

  beforeAll(async () => {
    home = tempDir('runbook-demo-');
    env = cliEnv(home);
    run = await drivePlain(['demo', '--plain'], { env, cwd: home, answer: newUser(), timeoutMs: 60_000 });
    // A path goes on a line of its own when the line would pass 80 columns.
    sandbox = /^ {2}sandbox\s+(\S+)/m.exec(run.stdout)?.[1] ?? '';
    journal = /Its journal:\s+(\S+)/.exec(run.stdout)?.[1] ?? '';
  }, 90_000);

  async function show(): Promise<Shown> {
    const result = await runCli(['show', journal, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Shown;
  }

  it('makes a sandbox under the runbook home with the runbook and its database', () => {
    expect(run.code, `${run.stdout.slice(-2000)}\n${run.stderr}`).toBe(0);
    expect(sandbox.startsWith(join(home, 'runbook', 'demo'))).toBe(true);
    expect(readdirSync(sandbox).sort()).toEqual(['demo.db', 'demo.md', 'deployed-release.txt', 'report.md']);
    expect(readFileSync(join(sandbox, 'demo.md'), 'utf8')).toBe(readFileSync(new URL('../../runbooks/demo.md', import.meta.url), 'utf8'));
  });

  it('checks the release input against its pattern, then takes the default', () => {
    expect(run.stdout).toContain('Release to deploy must match');
    expect(readFileSync(join(sandbox, 'deployed-release.txt'), 'utf8')).toContain('v3.1.0');
  });

  it('captures the baseline, migrates behind a typed confirmation, and compares', async () => {
    const shown = await show();
    expect(shown.comparisons.map((c) => [c.step, c.passed])).toEqual([
      ['verify', true],
      ['after-rollback', true],
    ]);
    expect(run.answered.filter((a) => a.prompt.prompt.startsWith('DESTRUCTIVE')).map((a) => a.answer)).toEqual(['demo', 'demo']);
  });

  it('fails the health check on purpose and leads through the decision tree into Rollback Plan A', async () => {
    const shown = await show();
    const failed = shown.steps.filter((s) => s.status === 'failed');
    expect(failed.map((s) => s.id)).toEqual(['3-2-api-health-check-the-demo-s-deliberate-failure/echo-status-healthy-version-3-0-9']);
    expect(failed[0]?.expectation?.result).toBe('failed');
    expect(shown.decisions[0]?.path).toEqual([
      { question: 'Is the release healthy?', answer: 'NO' },
      { question: 'What is broken?', answer: 'Health check or API' },
    ]);
    // The rollback really ran against the sandbox database.
    const db = new Database(join(sandbox, 'demo.db'), { readonly: true });
    expect(db.prepare('SELECT version_num FROM alembic_version').get()).toEqual({ version_num: '005_add_immutability_triggers' });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'pending_proposals'").get()).toBeUndefined();
    db.close();
  });

  it('signs off, leaves the +1h check scheduled, and ends with the report', async () => {
    const shown = await show();
    expect(shown.signoffs).toEqual([expect.objectContaining({ role: 'Deploy Lead', name: 'Dee Mo' })]);
    expect(shown.state).toBe('monitoring');
    expect(shown.due.map((d) => d.step)).toEqual(['5-1-scheduled-check/1h-which-release-is-serving']);
    const report = join(sandbox, 'report.md');
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(`The demo's report (the filled-in checklist): ${report}`);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain('# Demo – Governance OS release 3.1');
    expect(text).toContain('Health check or API');
    const verify = await runCli(['verify', journal], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});

describe('runbook demo without a terminal', () => {
  it('stops at once with the hint to use --plain, and makes nothing', async () => {
    const home = tempDir('runbook-demo-');
    const env = cliEnv(home);
    const result = await runCli(['demo'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['runbook: demo needs a terminal; add --plain to run it line by line from a pipe or script']);
    // Only Node's compiled-code cache (runbook's cache directory) may be there: no sandbox, no journal.
    const made = existsSync(join(home, 'runbook')) ? readdirSync(join(home, 'runbook')) : [];
    expect(made.filter((name) => name !== 'cache')).toEqual([]);
  });
});
