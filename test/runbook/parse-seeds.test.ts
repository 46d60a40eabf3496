// The other four seeds, read as they are: the facts an operator would list by hand.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook, Step } from '../../source/runbook/model';
import { SEEDS_DIR, SEED_FILES } from './dialect-seeds';

function seed(name: string): Runbook {
  const file = join(SEEDS_DIR, name);
  return parseRunbook(readFileSync(file, 'utf8'), { file, sha256: 'sha' });
}

function stepAt(rb: Runbook, line: number): Step {
  const step = rb.steps.find((s) => s.line === line);
  if (!step) throw new Error(`no step at line ${line}`);
  return step;
}

describe('every seed opens as it is', () => {
  it.each(SEED_FILES)('%s has steps, unique ids, and a line on every warning', (name) => {
    const rb = seed(name);
    expect(rb.steps.length).toBeGreaterThan(0);
    expect(new Set(rb.steps.map((s) => s.id)).size).toBe(rb.steps.length);
    expect(rb.warnings.every((w) => w.line > 0)).toBe(true);
    // The walk first, then the plans.
    const firstPlan = rb.steps.findIndex((s) => s.plan !== null);
    if (firstPlan >= 0) expect(rb.steps.slice(firstPlan).every((s) => s.plan !== null)).toBe(true);
  });
});

describe('phase-4 governance handoff', () => {
  const rb = seed('phase-4-governance-handoff.md');

  it('walks the pre-deployment checklist, the deployment steps, validation and the rollback decision', () => {
    expect(rb.phases.map((p) => p.title)).toEqual([
      'Pre-Deployment Checklist (Do This First)',
      'Deployment Steps',
      'Post-Deployment Validation (Every 6 Hours, First 24 Hours)',
      'Rollback Procedure (If Needed)',
    ]);
  });

  it('offers the command in a task item code span', () => {
    expect(stepAt(rb, 11)).toMatchObject({ kind: 'manual', offeredCommand: 'sqlite3 production.db ".backup snapshot_2026-01-21_pre-deploy.db"' });
    expect(stepAt(rb, 13).offeredCommand).toBeUndefined(); // an assignment alone is not a command
  });

  it('reads each deployment step fence as one shell step', () => {
    expect([41, 48, 54, 60, 73].map((l) => stepAt(rb, l).kind)).toEqual(Array(5).fill('shell'));
    expect(stepAt(rb, 54).expectation).toMatchObject({ text: '✓ ALL TESTS PASSED', auto: true, line: 56 });
    expect(stepAt(rb, 60).title).toBe('Run 5-turn smoke test with real DB');
  });

  it('reads the SQLite-flavoured checks as sql steps; "Expected:" over several comment lines is for the operator', () => {
    const sql = rb.steps.filter((s) => s.kind === 'sql');
    expect(sql.map((s) => s.line)).toEqual([134, 151, 164]);
    expect(stepAt(rb, 134).sql).toContain("datetime('now', '-6 hours')");
    expect(stepAt(rb, 134).expectation).toMatchObject({ auto: false, line: 143 });
    expect(stepAt(rb, 134).expectation?.text).toContain('episodes: ~120');
    expect(stepAt(rb, 164).statements?.map((s) => s.expectation?.auto)).toEqual([true, false]);
  });

  it('reads "Rollback IF ANY of:" as a decision whose YES leads to the rollback plan', () => {
    const tree = rb.decisions[0];
    expect(rb.decisions).toHaveLength(1);
    expect(tree?.question).toBe('Rollback if any of these holds?');
    expect(tree?.answers.map((a) => [a.label, a.leadsTo.kind, a.leadsTo.title])).toEqual([
      ['YES', 'plan', 'Rollback Steps'],
      ['NO', 'text', 'Continue'],
    ]);
    const step = stepAt(rb, 189);
    expect(step).toMatchObject({ kind: 'decision', plan: null, phase: 'rollback-procedure-if-needed' });
    expect(step.description).toContain('- Exception rate > 1% (> 100 per 10k episodes)');
  });

  it('makes the rollback procedure a plan, out of the walk', () => {
    expect(rb.plans).toEqual([{ id: 'rollback-steps', title: 'Rollback Steps', line: 198 }]);
    expect(stepAt(rb, 199)).toMatchObject({ kind: 'shell', plan: 'rollback-steps', destructive: true });
  });

  it('keeps Escalation Path, Useful Commands, Contact & Support and the appendix as reference', () => {
    expect(rb.reference.map((r) => r.title)).toEqual(['Escalation Path', 'Useful Commands for Ops', 'Contact & Support', 'Appendix: Test Results Summary']);
    expect(rb.steps.some((s) => s.line > 260)).toBe(false);
  });

  it('shows the dashboard, log pattern and threshold fences, and says it read them as text', () => {
    expect(rb.displayOnly.filter((d) => d.line < 130).map((d) => d.line)).toEqual([84, 100, 118]);
    expect(rb.warnings.filter((w) => w.line < 130).map((w) => w.message)).toEqual([
      'unlabelled fence read as table, shown not run; add ```text to make it exact',
      'unlabelled fence read as output, shown not run; add ```text to make it exact',
      'unlabelled fence read as table, shown not run; add ```text to make it exact',
    ]);
  });
});

describe('standard deployment checklist', () => {
  const rb = seed('standard-deployment-checklist.md');

  it('has its upper-case sections as phases', () => {
    expect(rb.phases.map((p) => p.title)).toEqual([
      'PRE-DEPLOYMENT',
      'DEPLOYMENT STEPS',
      'POST-DEPLOYMENT',
      'ROLLBACK PROCEDURE',
      'DEPLOYMENT TYPES',
      'MONITORING CHECKLIST',
    ]);
    expect(rb.reference.map((r) => r.title)).toEqual(['ESCALATION']);
  });

  it('warns about the NNN_description and $VERSION placeholders', () => {
    expect(stepAt(rb, 68).placeholders).toContain('NNN_description');
    expect(stepAt(rb, 81).placeholders).toContain('$VERSION');
    const messages = rb.warnings.map((w) => `${w.line} ${w.message}`);
    expect(messages).toContain('68 command still holds placeholder NNN_description');
    expect(messages).toContain('81 command still holds placeholder $VERSION');
  });

  it('offers the two rollbacks as plans chosen from the "When to Rollback" criteria', () => {
    expect(rb.plans.map((p) => p.title)).toEqual(['Immediate Rollback (< 5 minutes)', 'Rollback with Migration']);
    const root = rb.decisions.find((d) => d.step !== null);
    const yes = root?.answers[0];
    expect(yes?.leadsTo.kind).toBe('question');
    const which = rb.decisions.find((d) => d.id === yes?.leadsTo.id);
    expect(which?.answers.map((a) => a.leadsTo.id)).toEqual(['immediate-rollback-5-minutes', 'rollback-with-migration']);
  });

  it('shows yaml and python fences, never runs them', () => {
    expect(rb.displayOnly.map((d) => d.lang)).toEqual(['yaml', 'yaml', 'python', 'python']);
  });

  it('warns that kubectl logs -f runs until stopped', () => {
    expect(rb.warnings).toContainEqual({ line: 115, message: 'runs until stopped (kubectl … -f); add {follow} to make it exact' });
  });
});

describe('golden architecture checklist', () => {
  const rb = seed('golden-architecture-v5.1-checklist.md');

  it('strips mis-decoded emoji from the title, phase titles and ids', () => {
    expect(rb.title).toBe('Golden Architecture V5.1 - Deployment Checklist');
    expect(rb.phases[0]).toEqual({ id: 'pre-deployment-security', title: 'Pre-Deployment Security', line: 7 });
    expect(rb.phases.map((p) => p.title)).toContain('Monitoring & Observability');
    expect(rb.steps.every((s) => /^[a-z0-9/-]+$/.test(s.id))).toBe(true);
  });

  it('reads the sign-off list at the end as four sign-offs, though it stands under Documentation Links', () => {
    const signoffs = rb.steps.filter((s) => s.kind === 'signoff');
    expect(signoffs.map((s) => [s.role, s.line])).toEqual([
      ['Technical Lead', 405],
      ['Security Review', 406],
      ['Operations', 407],
      ['Product Owner', 408],
    ]);
    expect(signoffs.every((s) => s.plan === null && s.phase === 'sign-off')).toBe(true);
    expect(rb.phases.at(-1)).toEqual({ id: 'sign-off', title: 'Sign-off', line: 404 });
  });

  it('keeps Emergency Contacts and Documentation Links as reference', () => {
    expect(rb.reference.map((r) => r.title)).toEqual(['Emergency Contacts', 'Documentation Links']);
  });

  it('reads nested task items as their own checks, described by their parent', () => {
    expect(stepAt(rb, 67)).toMatchObject({ kind: 'manual', title: 'PRC stream', description: 'Verify streams created: `nats stream ls`' });
    expect(stepAt(rb, 66).offeredCommand).toBe('nats stream ls');
  });

  it('keeps the operational runbooks out of the walk, as plans to open when needed', () => {
    expect(rb.plans.map((p) => p.title)).toEqual(['Circuit Breaker Stuck OPEN', 'DLQ Messages Piling Up', 'Budget Exhausted', 'Learning Updates Blocked']);
    expect(stepAt(rb, 316)).toMatchObject({ kind: 'sql', plan: 'budget-exhausted', destructive: true });
  });
});

describe('sprint-3 deployment readme', () => {
  const rb = seed('sprint-3-deployment-readme.md');

  it('opens, with its checklist summary as manual checks grouped by their headings', () => {
    expect(rb.title).toBe('Deployment Documentation');
    const checks = rb.steps.filter((s) => s.kind === 'manual');
    expect(checks).toHaveLength(18);
    expect(stepAt(rb, 53)).toMatchObject({ title: 'Baseline counts recorded', description: 'PRE-DEPLOY' });
    expect(stepAt(rb, 64).description).toBe('POST-DEPLOY (within 5 minutes)');
  });

  it('keeps Quick Reference and Emergency Contacts as reference; their commands are shown, not run', () => {
    expect(rb.reference.map((r) => r.title)).toEqual(['Quick Reference', 'Emergency Contacts']);
    expect(rb.displayOnly.map((d) => [d.line, d.label])).toEqual([
      [28, 'Pre-Deploy'],
      [34, 'Deploy'],
      [39, 'Post-Deploy'],
      [45, 'Rollback'],
    ]);
    expect(rb.steps.some((s) => s.line >= 25 && s.line <= 48)).toBe(false);
  });

  it('reads the testing requirements fence as one shell step', () => {
    expect(stepAt(rb, 103)).toMatchObject({ kind: 'shell', title: 'All kernel features must pass determinism tests' });
  });
});
