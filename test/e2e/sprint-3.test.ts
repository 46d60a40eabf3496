// The shipped Sprint 3 runbook, run end to end in --plain against a real PostgreSQL
// database with the governance_os schema, with stand-ins only for the tools this machine
// cannot have. The TUI version of this walk (in tmux) is another engineer's test.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { drivePlain, routineAnswer, type PlainRun, type Prompt } from './plain-driver';
import { createSprint3Env, type Sprint3Env, SPRINT3_INPUTS as INPUTS } from './sprint-3-env';

interface Shown {
  state: string;
  steps: { id: string; status: string; exitCode: number | null; expectation: { text: string; result: string } | null }[];
  captures: { name: string; step: string }[];
  comparisons: { name: string; step: string; passed: boolean; rows: unknown[] }[];
  decisions: { tree: string; path: { question: string; answer: string }[]; reason: string }[];
  chain: { valid: boolean };
}

/** Inputs by their prompt; everything else as a careful operator with nothing to add. */
function operator(work: string) {
  return (p: Prompt): string | null => {
    const input = /^(.+?)(?: \[[^\]]*\])? >$/.exec(p.prompt)?.[1];
    if (input === 'Store backup location') return join(work, readdirSync(work).find((f) => f.endsWith('.dump')) ?? 'missing.dump');
    if (input !== undefined && input in INPUTS) return INPUTS[input] ?? '';
    return routineAnswer(p);
  };
}

async function show(s: Sprint3Env): Promise<Shown> {
  const result = await runCli(['show', s.journal, '--json'], { env: s.env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Shown;
}

function step(shown: Shown, id: string) {
  const found = shown.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

async function tableExists(s: Sprint3Env, table: string): Promise<boolean> {
  const [row] = await s.query<{ exists: boolean }>(`SELECT to_regclass('public.${table}') IS NOT NULL AS exists`);
  return row?.exists === true;
}

describe('the Sprint 3 deployment, run for real', () => {
  let s: Sprint3Env;
  let run: PlainRun;

  beforeAll(async () => {
    s = await createSprint3Env();
    run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ana'], { env: s.env, cwd: s.work, answer: operator(s.work) });
  }, 240_000);
  afterAll(async () => {
    await s?.drop();
  });

  it('walks every phase and stops with only the scheduled +1h/+4h/+24h checks ahead', async () => {
    expect(run.code, `${run.stdout.slice(-3000)}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Every step is done; scheduled checks are ahead');
    const shown = await show(s);
    expect(shown.state).toBe('monitoring');
    expect(shown.steps.filter((x) => x.status === 'failed')).toEqual([]);
    expect(shown.chain.valid).toBe(true);
  });

  it('captures the baseline counts, the triggers and the schema signature before the migration', async () => {
    const shown = await show(s);
    expect(shown.captures.map((c) => [c.name, c.step])).toEqual([
      ['baseline', 'baseline'],
      ['triggers', 'triggers'],
      ['schema', 'schema'],
    ]);
  });

  it('applies migrations 006 and 007 for real', async () => {
    expect(await s.query('SELECT version_num FROM alembic_version')).toEqual([{ version_num: '007_add_agent_traces' }]);
    expect(await tableExists(s, 'pending_proposals')).toBe(true);
    expect(await tableExists(s, 'agent_traces')).toBe(true);
    const shown = await show(s);
    expect(step(shown, '3-2-migration-execution-commands/docker-compose-exec-backend-alembic-upgrade-1')).toMatchObject({ status: 'passed', exitCode: 0, expectation: { result: 'passed' } });
    expect(step(shown, '3-2-migration-execution-commands/docker-compose-exec-backend-alembic-current')).toMatchObject({ status: 'passed', expectation: { text: '007_add_agent_traces (head)', result: 'passed' } });
  });

  it('finds the triggers and the counts unchanged after the deploy', async () => {
    const shown = await show(s);
    expect(shown.comparisons.map((c) => [c.name, c.step, c.passed])).toEqual([
      ['triggers', 'triggers-after', true],
      ['baseline', 'data-integrity', true],
    ]);
    expect(run.stdout).toMatch(/audit_events_immutable\s+\|.*unchanged/);
  });

  it('checks the API through the health, docs and approvals endpoints, judging their JSON', async () => {
    const shown = await show(s);
    expect(step(shown, '4-3-api-health-check/curl-s-http-localhost-8000-health-jq')).toMatchObject({ status: 'passed', expectation: { result: 'passed' } });
    expect(step(shown, '4-3-api-health-check/curl-s-o-dev-null-w-http-code-http-localhost-8000-docs')).toMatchObject({ status: 'passed', expectation: { text: '200', result: 'passed' } });
    expect(step(shown, '4-4-new-endpoints-verification/curl-s-http-localhost-8000-api-v1-approvals-jq').expectation?.result).toBe('passed');
  });

  it('expires the test proposal with the real task, then cleans it up behind a typed confirmation', async () => {
    const shown = await show(s);
    expect(step(shown, '5-3-create-test-proposal-for-expiration/verify')).toMatchObject({ status: 'passed', expectation: { result: 'passed' } });
    expect(run.answered.some((a) => a.prompt.prompt.includes('DESTRUCTIVE (DELETE)') && a.answer === 'govos')).toBe(true);
    expect(await s.query("SELECT id FROM pending_proposals WHERE proposed_by = 'deploy_test'")).toEqual([]);
  });

  it('took a real pg_dump backup and recorded where', () => {
    const dumps = readdirSync(s.work).filter((f) => /^backup_pre_sprint3_\d{8}_\d{6}\.dump$/.test(f));
    expect(dumps).toHaveLength(1);
    expect(readFileSync(join(s.work, dumps[0] ?? '')).subarray(0, 5).toString()).toBe('PGDMP');
  });

  it('writes the report and the journal verifies', async () => {
    const report = join(s.dir, 'report.md');
    const written = await runCli(['report', s.journal, '--output', report], { env: s.env });
    expect(written.code, written.stderr).toBe(0);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain('Sprint 3 – Full Agentic Coprocessor');
    expect(text).toContain('audit_events_immutable');
    expect(text).toContain('Ana Lima');
    const verify = await runCli(['verify', s.journal], { env: s.env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});

describe('a Sprint 3 migration that drops a trigger', () => {
  let s: Sprint3Env;
  let run: PlainRun;

  beforeAll(async () => {
    s = await createSprint3Env({ brokenMigration: true });
    let inPlan = false;
    const answer = operator(s.work);
    run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ana'], {
      env: s.env,
      cwd: s.work,
      answer: (p) => {
        if (p.header.includes('plan step')) inPlan = true;
        // Back in the walk after the rollback plan: stop here, the run stays resumable.
        else if (inPlan) return 'q';
        if (p.prompt.startsWith('Step failed')) {
          if (p.header.includes('3.3 Immediate Post-Migration Verification')) return 'n';
          if (inPlan) return 'y';
        }
        if (p.prompt.startsWith('Answer:')) {
          if (p.question === 'Is the system functional?') return 'NO';
          if (p.question === 'What is broken?') return 'Database migration failed';
        }
        return answer(p);
      },
    });
  }, 240_000);
  afterAll(async () => {
    await s?.drop();
  });

  it('fails the trigger comparison right after the migration, naming the trigger', async () => {
    const shown = await show(s);
    const triggers = shown.comparisons.find((c) => c.name === 'triggers');
    expect(triggers).toMatchObject({ step: 'triggers-after', passed: false });
    expect(run.stdout).toMatch(/comparison with triggers failed|1 row missing: audit_events_immutable/);
    expect(step(shown, 'triggers-after').status).toBe('failed');
  });

  it('leads through the decision tree into Rollback Plan A', async () => {
    const shown = await show(s);
    expect(shown.decisions).toHaveLength(1);
    expect(shown.decisions[0]?.path).toEqual([
      { question: 'Is the system functional?', answer: 'NO' },
      { question: 'What is broken?', answer: 'Database migration failed' },
    ]);
    expect(run.stdout).toContain('→ Entering 6.2 Rollback Plan A: Database Migration');
    const downgrades = run.answered.filter((a) => a.prompt.prompt.includes('DESTRUCTIVE (alembic downgrade)'));
    expect(downgrades.map((a) => a.answer)).toEqual(['downgrade', 'downgrade']);
  });

  it('really downgrades the schema: back at 005, the new tables and types gone', async () => {
    expect(await s.query('SELECT version_num FROM alembic_version')).toEqual([{ version_num: '005_add_immutability_triggers' }]);
    expect(await tableExists(s, 'pending_proposals')).toBe(false);
    expect(await tableExists(s, 'agent_traces')).toBe(false);
    expect(await s.query("SELECT typname FROM pg_type WHERE typname IN ('proposal_status', 'proposal_type')")).toEqual([]);
    const shown = await show(s);
    expect(step(shown, '6-2-rollback-plan-a-database-migration/docker-compose-exec-backend-alembic-current')).toMatchObject({ status: 'passed', expectation: { result: 'passed' } });
  });

  it('shows after the rollback that the dropped trigger is still missing', async () => {
    const shown = await show(s);
    expect(shown.comparisons.find((c) => c.name === 'schema')).toMatchObject({ step: 'schema-after-rollback', passed: false });
    expect(await s.query("SELECT tgname FROM pg_trigger WHERE tgname = 'audit_events_immutable'")).toEqual([]);
  });

  it('leaves the run resumable, writes the report, and the journal verifies', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Run paused (stopped by operator)');
    const shown = await show(s);
    expect(shown.state).toBe('in_progress');
    const report = join(s.dir, 'report.md');
    expect((await runCli(['report', s.journal, '--output', report], { env: s.env })).code).toBe(0);
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('Database migration failed');
    const verify = await runCli(['verify', s.journal], { env: s.env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
