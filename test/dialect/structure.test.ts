// Issue 14.5: structure from the words teams use — rollback/backout/revert headings are
// plans, "If …"/"Optionally …" steps are conditional, "Decide whether …" is a decision, and a
// document of independent procedures is a set of plans that `run` offers as a menu.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkJson, fixture } from '../helpers/check';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

describe('plans named the way teams name them', () => {
  it('reads Roll-back, Backout and Revert headings as plans, and a test of the rollback as a step', async () => {
    const json = await checkJson(fixture('dialect/structure-rollback.md'));
    expect(json.phases.map((p) => p.title)).toEqual(['Prepare', 'Upgrade', 'Verify']);
    expect(json.plans.map((p) => p.title)).toEqual(['Roll-back', 'Backout', 'Revert the config change']);
    expect(json.steps.filter((s) => s.plan === null).map((s) => s.line)).toEqual([5, 6, 10, 23]);
  });
});

describe('conditional steps', () => {
  it('carries the condition of the step’s own text, the item it stands in, or the sentence before its fence', async () => {
    const json = await checkJson(fixture('dialect/structure-conditions.md'));
    expect(json.steps.map((s) => [s.line, s.kind, s.condition ?? null])).toEqual([
      [5, 'manual', null],
      [6, 'shell', null],
      [9, 'manual', 'optional'],
      [10, 'shell', 'optional'],
      [13, 'manual', 'if the data directory is on the old disk'],
      [17, 'shell', 'if the replica is still lagging after ten minutes'],
      [21, 'manual', null],
    ]);
  });

  it('shows the condition when run, and skipping one needs no reason and is recorded as not needed', async () => {
    const home = tempDir('runbook-dialect-run-');
    const journal = join(home, 'run.sqlite');
    // stop: y · its command: y, its typed confirmation practised: stop · optional check: s ·
    // optional command: s · "If …": s · restart: s · confirm: y
    const run = await runCli(['run', fixture('dialect/structure-conditions.md'), '--plain', '--rehearse', '--operator', 'tester', '--journal', journal], {
      env: cliEnv(home),
      input: 'y\ny\nstop\ns\ns\ns\ns\ny\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Optional: s skips it, and that is no gap');
    expect(run.stdout).toContain('Only if the replica is still lagging after ten minutes (s skips it: the condition did not hold)');
    expect(run.stdout).not.toContain('Reason for skipping');
    const report = await runCli(['report', journal, '--format', 'json'], { env: cliEnv(home) });
    type ReportStep = { line: number; status: string; skipReason: string | null };
    const steps = (JSON.parse(report.stdout) as { phases: { steps: ReportStep[] }[] }).phases.flatMap((p) => p.steps);
    expect(steps.filter((s) => [9, 10, 13, 17].includes(s.line)).map((s) => [s.line, s.status, s.skipReason])).toEqual([
      [9, 'skipped', 'optional, not done'],
      [10, 'skipped', 'optional, not done'],
      [13, 'skipped', 'not needed: not if the data directory is on the old disk'],
      [17, 'skipped', 'not needed: not if the replica is still lagging after ten minutes'],
    ]);
    expect(steps.filter((s) => s.line === 21).map((s) => s.status)).toEqual(['passed']);
  });
});

describe('"Decide whether …"', () => {
  it('is a decision whose outcomes lead to the next phase, a plan, or on', async () => {
    const json = await checkJson(fixture('dialect/structure-decide.md'));
    expect(json.phases.map((p) => p.title)).toEqual(['Step 1 – Check the replica', 'Step 2 – Decide whether to fail over', 'Step 3 – Fail over']);
    expect(json.plans.map((p) => p.title)).toEqual(['Rebuild the replica']);
    expect(json.decisions[0]?.answers.map((a) => [a.label, a.leadsTo.kind, a.leadsTo.title])).toEqual([
      ['If the replica is healthy', 'phase', 'Step 3 – Fail over'],
      ['If the replica is lagging', 'plan', 'Rebuild the replica'],
      ['Otherwise', 'text', 'Continue'],
    ]);
  });
});

describe('a document of independent procedures', () => {
  it('is a set of plans with an empty walk', async () => {
    const json = await checkJson(fixture('dialect/structure-faq.md'));
    expect(json.phases).toEqual([]);
    expect(json.steps.every((s) => s.plan !== null)).toBe(true);
    expect(json.plans.map((p) => p.title)).toEqual(['How do I find the largest tables?', 'How do I cancel a runaway query?', 'How do I empty the staging copy?']);
  });

  it('opens a menu of its procedures when run, and runs only the one chosen', async () => {
    const home = tempDir('runbook-dialect-run-');
    const journal = join(home, 'run.sqlite');
    const run = await runCli(['run', fixture('dialect/structure-faq.md'), '--plain', '--rehearse', '--operator', 'tester', '--journal', journal], { env: cliEnv(home), input: '2\ny\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('? Which procedure?');
    expect(run.stdout).toMatch(/→ Entering How do I cancel a runaway query\?[\s\S]*pg_cancel_backend[\s\S]*○ rehearsed · nothing ran/);
    expect(run.stdout).not.toContain('TRUNCATE');
    const show = await runCli(['show', journal, '--json'], { env: cliEnv(home) });
    const steps = (JSON.parse(show.stdout) as { steps: { id: string; status: string }[] }).steps;
    // The other procedures were never entered.
    expect(steps.filter((s) => s.status !== 'pending').map((s) => s.id)).toEqual(['choose-a-procedure', 'how-do-i-cancel-a-runaway-query/how-do-i-cancel-a-runaway-query']);
  });
});

describe('conditional steps for a person', () => {
  it('are listed by check with their condition, within 80 columns', async () => {
    const { stdout } = await check(fixture('dialect/structure-conditions.md'));
    expect(stdout).toContain(
      'Conditional (skipping one is no gap): 4\n  L9    optional · Optionally check each node still sees the leader:\n  L10   optional · patronictl list\n  L13   if the data directory is on the old disk · If the data directory is on …\n  L17   if the replica is still lagging after ten minutes · sudo systemctl rest…\n',
    );
  });
});
