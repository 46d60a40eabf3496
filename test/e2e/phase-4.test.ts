// The shipped Phase-4 handoff runbook, run end to end in --plain: a real git checkout, a
// real SQLite production.db, the release's real Python scripts; systemctl is the only
// stand-in. The TUI version of this walk (in tmux) is another engineer's test.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { drivePlain, routineAnswer, type PlainRun, type Prompt } from './plain-driver';
import { createPhase4Env, type Phase4Env } from './phase-4-env';

interface Shown {
  state: string;
  steps: { id: string; status: string; exitCode: number | null; expectation: { text: string; result: string } | null }[];
  captures: { name: string; step: string }[];
  comparisons: { name: string; step: string; passed: boolean }[];
  decisions: { path: { question: string; answer: string }[] }[];
}

const SNAPSHOT = 'snapshot_2026-01-21_pre-deploy.db';

/** The operator's answers: the inputs, offered commands run with `r`, NO to rolling back. */
function operator(s: Phase4Env) {
  const ran = new Set<string>();
  return (p: Prompt): string | null => {
    if (p.prompt.startsWith('Application directory')) return s.app;
    if (p.prompt.startsWith('Application log file')) return s.log;
    if (p.prompt.includes('· r run') && /Offers: (sqlite3|git tag)/.test(p.block) && !ran.has(p.header)) {
      ran.add(p.header);
      return 'r';
    }
    if (p.prompt.startsWith('Answer:') && p.question === 'Rollback if any of these holds?') return 'NO';
    return routineAnswer(p);
  };
}

async function show(s: Phase4Env): Promise<Shown> {
  const result = await runCli(['show', s.journal, '--json'], { env: s.env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Shown;
}

function status(shown: Shown, id: string): string | undefined {
  return shown.steps.find((x) => x.id === id)?.status;
}

async function reportAndVerify(s: Phase4Env): Promise<string> {
  const report = join(s.dir, 'report.md');
  const written = await runCli(['report', s.journal, '--output', report], { env: s.env });
  expect(written.code, written.stderr).toBe(0);
  const verify = await runCli(['verify', s.journal], { env: s.env });
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  return readFileSync(report, 'utf8');
}

describe('the Phase-4 governance deployment, run for real', () => {
  let s: Phase4Env;
  let run: PlainRun;

  beforeAll(async () => {
    s = createPhase4Env();
    run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ops'], { env: s.env, cwd: s.dir, answer: operator(s) });
  }, 120_000);

  it('completes every step of the walk', async () => {
    expect(run.code, `${run.stdout.slice(-3000)}\n${run.stderr}`).toBe(0);
    const shown = await show(s);
    expect(shown.state).toBe('completed');
    expect(shown.steps.filter((x) => x.status === 'failed')).toEqual([]);
  });

  it('takes the DB snapshot and tags the code before deploying, through the offered commands', () => {
    const snapshot = new Database(join(s.app, SNAPSHOT), { readonly: true });
    expect((snapshot.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number }).n).toBe(37);
    snapshot.close();
    expect(s.git('rev-parse', 'phase4-pre-governance')).toBe(s.git('rev-parse', 'main'));
  });

  it('deploys the tagged release and runs its own checks', async () => {
    expect(s.git('rev-parse', 'HEAD')).toBe(s.git('rev-parse', 'phase4-governance^{commit}'));
    expect(run.stdout).toContain('✓ validate_fixes');
    expect(run.stdout).toContain('✓ ALL TESTS PASSED');
    expect(run.stdout).toContain('✓ Smoke test passed');
    // The governance surfaces ran against the real database and logged themselves.
    expect(s.count('governance_log')).toBeGreaterThan(30);
  });

  it('finds episodes, beliefs, tasks and the schema unchanged against the pre-deploy baseline', async () => {
    const shown = await show(s);
    expect(shown.captures.map((c) => c.name)).toEqual(['baseline']);
    expect(shown.comparisons.map((c) => [c.name, c.step, c.passed])).toEqual([['baseline', 'baseline-after', true]]);
    expect(shown.decisions[0]?.path).toEqual([{ question: 'Rollback if any of these holds?', answer: 'NO' }]);
  });

  it('writes the report and the journal verifies', async () => {
    const report = await reportAndVerify(s);
    expect(report).toContain('Phase-4 Governance Hardening');
    expect(report).toContain('✓ ALL TESTS PASSED');
  });
});

describe('a Phase-4 release that loses data', () => {
  let s: Phase4Env;
  let run: PlainRun;

  beforeAll(async () => {
    s = createPhase4Env({ brokenRelease: true });
    const answer = operator(s);
    let inPlan = false;
    run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ops'], {
      env: s.env,
      cwd: s.dir,
      answer: (p) => {
        if (p.header.includes('plan step')) inPlan = true;
        else if (inPlan) return 'q';
        if (p.prompt.startsWith('Step failed') && p.header.includes('Check 3: DB Integrity')) return 'n';
        if (p.prompt.startsWith('Answer:') && p.question === 'Rollback if any of these holds?') return 'YES';
        return answer(p);
      },
      // The log is followed until the operator has seen the service come back.
      interrupt: (step) => /^[$ ] tail -f /m.test(step) && step.includes('phase1-agent started'),
    });
  }, 120_000);

  it('catches the lost tasks in the comparison with the baseline', async () => {
    const shown = await show(s);
    expect(shown.comparisons[0]).toMatchObject({ name: 'baseline', step: 'baseline-after', passed: false });
    expect(run.stdout).toMatch(/failed: 1 row changed: tasks \(count 37 → 25/);
  });

  it('rolls back through the decision tree: snapshot restored, code reverted, flag unset', async () => {
    const shown = await show(s);
    expect(shown.decisions[0]?.path).toEqual([{ question: 'Rollback if any of these holds?', answer: 'YES' }]);
    expect(run.stdout).toContain('→ Entering Rollback Steps');
    expect(s.count('tasks')).toBe(37);
    expect(s.git('rev-parse', 'HEAD')).toBe(s.git('rev-parse', 'phase4-pre-governance'));
    expect(existsSync(join(s.app, 'validate_fixes.py'))).toBe(false);
    expect(run.stdout).toContain('governance surfaces: disabled');
  });

  it('stops the followed log on Ctrl-C as a success, and the restored database matches the baseline', async () => {
    const shown = await show(s);
    expect(status(shown, 'rollback-steps/step-6-verify-watch-the-log-stop-it-when-it-looks-healthy')).toBe('passed');
    expect(shown.comparisons.map((c) => [c.step, c.passed])).toEqual([
      ['baseline-after', false],
      ['baseline-after-rollback', true],
    ]);
  });

  it('leaves the run resumable, writes the report, and the journal verifies', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect((await show(s)).state).toBe('in_progress');
    const report = await reportAndVerify(s);
    expect(report).toContain('Rollback Steps');
  });
});
