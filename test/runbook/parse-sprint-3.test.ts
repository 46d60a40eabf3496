// The sprint-3 seed as a careful operator would list it by hand, read as it is.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Step } from '../../source/runbook/model';
import { SEEDS_DIR } from './dialect-seeds';

const file = join(SEEDS_DIR, 'sprint-3-checklist.md');
const rb = parseRunbook(readFileSync(file, 'utf8'), { file, sha256: 'sha' });
const walk = rb.steps.filter((s) => s.plan === null);
const at = (line: number): Step => {
  const step = rb.steps.find((s) => s.line === line);
  if (!step) throw new Error(`no step at line ${line}`);
  return step;
};

describe('sprint-3 checklist: structure', () => {
  it('takes its title from the H1', () => {
    expect(rb.title).toBe('Deployment Checklist: Sprint 3 - Full Agentic Coprocessor');
  });

  it('has the eight PHASE sections as phases, with their titles and lines', () => {
    const phases = rb.phases.filter((p) => p.title.startsWith('PHASE'));
    expect(phases.map((p) => [p.line, p.title])).toEqual([
      [40, 'PHASE 1: Pre-Deploy Verification'],
      [171, 'PHASE 2: Migration Risk Assessment'],
      [273, 'PHASE 3: Deploy Execution'],
      [335, 'PHASE 4: Post-Deploy Verification (Within 5 Minutes)'],
      [461, 'PHASE 5: Background Task Verification'],
      [522, 'PHASE 6: Rollback Procedures'],
      [664, 'PHASE 7: Monitoring Plan (First 24 Hours)'],
      [726, 'PHASE 8: Sign-Off'],
    ]);
    expect(rb.phases.find((p) => p.line === 522)?.id).toBe('phase-6-rollback-procedures');
  });

  it('walks the header blanks and the Data Invariants before the phases; Summary of Changes is an information page', () => {
    expect(rb.phases.map((p) => p.title).slice(0, 2)).toEqual(['Preamble', 'Data Invariants (MUST remain true)']);
    expect(rb.phases.some((p) => p.title === 'Summary of Changes')).toBe(false);
  });

  it('reads the Data Invariants fence as 7 manual checks, one per [ ] line', () => {
    const invariants = walk.filter((s) => s.section === 'Data Invariants (MUST remain true)');
    expect(invariants.map((s) => [s.kind, s.line])).toEqual([29, 30, 31, 32, 33, 34, 35].map((l) => ['manual', l]));
    expect(invariants[0]?.title).toBe('All existing decisions remain immutable (trigger still active)');
  });

  it('keeps Appendix A and B as reference, with no steps', () => {
    expect(rb.reference).toEqual([
      { title: 'Appendix A: Quick Reference Commands', line: 787 },
      { title: 'Appendix B: Emergency Contacts', line: 814 },
    ]);
    expect(rb.steps.some((s) => s.line > 785)).toBe(false);
  });

  it('lists display-only fences: the two Expected Migration fences, the python console, the notes', () => {
    expect(rb.displayOnly.map((d) => [d.line, d.lang, d.label])).toEqual([
      [177, 'sql', 'Expected Migration'],
      [217, 'sql', 'Expected Migration'],
      [692, 'python', null],
      [767, null, null],
      [789, 'bash', null],
    ]);
  });
});

describe('sprint-3 checklist: shell lines are separate steps', () => {
  it('reads each [ ] command in 1.1 as a shell step at its own line, with its Expected line', () => {
    expect([at(46), at(49), at(53)].map((s) => [s.kind, s.command])).toEqual([
      ['shell', 'docker compose exec postgres pg_isready -U govos'],
      ['shell', 'docker compose exec backend alembic current'],
      ['shell', 'docker compose exec backend alembic history --verbose'],
    ]);
    expect(at(49).expectation).toMatchObject({ auto: true, line: 50, check: { kind: 'contains', text: '005_add_immutability_triggers (head)' } });
    expect(at(49).description).toBe('Verify current migration state');
    expect(at(46).expectation).toBeNull();
  });

  it('keeps pytest ×2, pg_dump and pg_restore as separate shell steps', () => {
    expect([133, 136, 161, 164].map((l) => at(l).kind)).toEqual(['shell', 'shell', 'shell', 'shell']);
    expect(at(161).command).toBe('pg_dump -Fc governance_os > backup_pre_sprint3_$(date +%Y%m%d_%H%M%S).dump');
  });

  it('attaches # Verify: lines to the migration commands in 3.2', () => {
    expect(at(295).expectation).toMatchObject({ line: 296, auto: true, check: { kind: 'contains', text: 'Running upgrade 005_add_immutability_triggers -> 006_add_pending_proposals' } });
    expect(at(303).expectation?.text).toBe('007_add_agent_traces (head)');
  });

  it('reads the five curl lines of 4.3 and 4.4 as shell steps with JSON, value and prose expectations', () => {
    expect([389, 393, 397, 405, 409].map((l) => at(l).kind)).toEqual(Array(5).fill('shell'));
    expect(at(389).expectation?.check).toMatchObject({ kind: 'json', value: { status: 'healthy', database: 'connected' } });
    expect(at(393).expectation?.check).toEqual({ kind: 'value', value: '200' });
    expect(at(397).expectation).toMatchObject({ text: 'Valid JSON with counts', auto: false });
    expect(at(405).expectation?.check?.kind).toBe('any');
  });

  it('keeps a python -c quote spanning lines together as one command', () => {
    expect(at(474).command).toBe(
      'docker compose exec backend python -c "\nfrom core.tasks import expire_pending_proposals\nresult = expire_pending_proposals(dry_run=True)\nprint(f\'Would expire {result} proposals\')\n"',
    );
    expect(rb.steps.some((s) => s.line === 475)).toBe(false);
  });

  it('reads the staging lines of 1.5 as manual checks (they are prose)', () => {
    expect([150, 151, 152, 153, 154].map((l) => at(l).kind)).toEqual(Array(5).fill('manual'));
    expect(at(150).title).toBe('Deploy Sprint 3 to staging environment');
  });

  it('reads the prose lines of 4.5 as manual checks that keep their Expected line', () => {
    expect(at(417)).toMatchObject({ kind: 'manual', expectation: { line: 418, auto: false } });
  });

  it('warns where a log grep would fail on finding nothing', () => {
    expect(rb.warnings.filter((w) => w.message.startsWith('ends in grep')).map((w) => w.line)).toEqual([485, 681, 684, 687]);
  });
});

describe('sprint-3 checklist: SQL', () => {
  it('has exactly seven sql steps in the walk, one per fence', () => {
    expect(walk.filter((s) => s.kind === 'sql').map((s) => s.line)).toEqual([60, 114, 255, 309, 339, 368, 494]);
  });

  it('titles a sql step by its first comment that is not a rule', () => {
    expect(at(60).title).toBe('BASELINE COUNTS - RECORD BEFORE DEPLOY');
    expect(at(60).sql?.startsWith('-- ====')).toBe(true);
  });

  it('splits statements and attaches each Expected comment to its statement', () => {
    const s = at(309);
    expect(s.statements?.map((st) => [st.line, st.expectation?.text])).toEqual([
      [311, '2 rows'],
      [317, '2 rows'],
      [322, '5+ indexes'],
      [327, '3 rows (unchanged)'],
    ]);
    expect(s.statements?.[2]?.expectation?.check).toEqual({ kind: 'rows', op: 'gte', count: 5 });
    expect(s.expectation?.text).toBe('2 rows');
  });

  it('reads the commented expected output of 1.3 as a table', () => {
    expect(at(114).statements?.[0]?.expectation?.check).toMatchObject({ kind: 'table', columns: ['tgname', 'table_name', 'tgenabled'] });
    expect(at(127)).toMatchObject({ kind: 'manual', title: '3 triggers confirmed active' });
  });

  it('marks the test-data DELETE of 5.3 destructive', () => {
    expect(at(494).destructive).toBe(true);
    expect(at(60).destructive).toBe(false);
  });

  it('reads the psql -c lines of Plans C and E as shell steps, in plans', () => {
    expect([at(587), at(630)].map((s) => [s.kind, s.plan, s.destructive])).toEqual([
      ['shell', '6-4-rollback-plan-c-mcp-approval-gate-bypass-critical', true],
      ['shell', '6-6-rollback-plan-e-pii-exposure-critical', true],
    ]);
  });
});

describe('sprint-3 checklist: tables', () => {
  it('reads the nine rows of the 3.1 table (in a plain fence) as manual steps with estimates and rollback hints', () => {
    const rows = walk.filter((s) => s.section === '3.1 Deploy Steps (In Order)');
    expect(rows.map((s) => s.line)).toEqual([280, 281, 282, 283, 284, 285, 286, 287, 288]);
    expect(rows.every((s) => s.kind === 'manual')).toBe(true);
    expect(rows.map((s) => s.estimate)).toEqual(['Instant', '< 30s', '1-2 min', '< 10s', '< 10s', '< 1 min', '< 30s', '< 1 min', 'Instant']);
    expect(rows[0]).toMatchObject({ title: '1 · Enable maintenance mode', rollbackHint: 'Disable' });
    expect(rows[3]?.rollbackHint).toBe('alembic downgrade -1');
    expect(rows[8]?.rollbackHint).toBeUndefined();
  });

  it('reads the MCP table of 4.5 as three steps with three sub-checks each', () => {
    expect([436, 437, 438].map((l) => [at(l).title, at(l).subChecks])).toEqual(
      ['propose_signal', 'propose_policy_draft', 'dismiss_exception'].map((t) => [t, ['Creates Proposal', 'Requires Approval', 'Direct Write Blocked']]),
    );
  });

  it('schedules the 7.4 checks by their Time column', () => {
    const checks = walk.filter((s) => s.section === '7.4 Scheduled Checks');
    expect(checks.map((s) => s.dueAfter)).toEqual(['+1h', '+1h', '+1h', '+4h', '+4h', '+24h', '+24h', '+24h']);
    expect(checks[0]).toMatchObject({ title: 'Run post-deploy queries (4.1)', line: 715 });
  });

  it('schedules each 7.1 metric once per Check At offset', () => {
    const metric = walk.filter((s) => s.line === 670);
    expect(metric.map((s) => s.dueAfter)).toEqual(['+1h', '+4h', '+24h']);
    expect(new Set(metric.map((s) => s.id)).size).toBe(3);
    expect(walk.filter((s) => s.line === 673).map((s) => s.dueAfter)).toEqual(['+4h', '+24h']);
  });

  it('reads the 8.2 table as four sign-offs, one per role', () => {
    const signoffs = rb.steps.filter((s) => s.kind === 'signoff');
    expect(signoffs.map((s) => [s.role, s.line, s.phase])).toEqual([
      ['Deploy Lead', 760, 'phase-8-sign-off'],
      ['Backend Engineer', 761, 'phase-8-sign-off'],
      ['Security Review', 762, 'phase-8-sign-off'],
      ['Product Owner', 763, 'phase-8-sign-off'],
    ]);
  });

  it('gives the Baseline Values and Summary tables (no checkboxes) no steps', () => {
    expect(rb.steps.some((s) => s.line >= 99 && s.line <= 110)).toBe(false);
    expect(rb.steps.some((s) => s.line >= 13 && s.line <= 20)).toBe(false);
  });
});

describe('sprint-3 checklist: inputs', () => {
  it('asks Deploy Date, Deploy Lead, Commit SHA, the test counts and the backup location', () => {
    expect(rb.inputs.map((i) => [i.name, i.prompt, i.line])).toEqual([
      ['deploy_date', 'Deploy Date', 3],
      ['deploy_lead', 'Deploy Lead', 4],
      ['commit_sha', 'Commit SHA', 5],
      ['total_tests', 'Total tests', 142],
      ['passed', 'Passed', 143],
      ['failed', 'Failed', 144],
      ['store_backup_location', 'Store backup location', 166],
    ]);
    expect(at(3)).toMatchObject({ kind: 'input', phase: 'preamble' });
    expect(at(144).description).toBe('(STOP if > 0)');
  });
});

describe('sprint-3 checklist: the rollback decision tree', () => {
  const root = rb.decisions.find((d) => d.step !== null);
  const nested = rb.decisions.find((d) => d.step === null);

  it('keeps PHASE 6 in the walk as its decision step', () => {
    const step = walk.find((s) => s.kind === 'decision');
    expect(step).toMatchObject({ line: 526, phase: 'phase-6-rollback-procedures', title: 'Is the system functional?' });
    expect(step?.decision).toBe(root?.id);
    expect(root?.step).toBe(step?.id);
  });

  it('leads YES to phase 7 and NO to the nested question', () => {
    expect(root?.question).toBe('Is the system functional?');
    expect(root?.answers.map((a) => [a.label, a.leadsTo.kind, a.leadsTo.id])).toEqual([
      ['YES', 'phase', 'phase-7-monitoring-plan-first-24-hours'],
      ['NO', 'question', nested?.id],
    ]);
  });

  it('leads the five answers of "What is broken?" to Rollback Plans A–E', () => {
    expect(nested?.question).toBe('What is broken?');
    expect(nested?.answers.map((a) => [a.label, a.leadsTo.kind, a.leadsTo.id])).toEqual([
      ['Database migration failed', 'plan', '6-2-rollback-plan-a-database-migration'],
      ['New API endpoints broken', 'plan', '6-3-rollback-plan-b-api-endpoints-only'],
      ['MCP tools bypassing approval', 'plan', '6-4-rollback-plan-c-mcp-approval-gate-bypass-critical'],
      ['Background task failing', 'plan', '6-5-rollback-plan-d-background-task'],
      ['Traces viewer exposing PII', 'plan', '6-6-rollback-plan-e-pii-exposure-critical'],
    ]);
  });

  it('makes 6.2–6.7 plans, out of the walk and after it', () => {
    expect(rb.plans.map((p) => p.line)).toEqual([549, 568, 579, 603, 618, 641]);
    expect(rb.plans.at(-1)?.title).toBe('6.7 Full Rollback (Nuclear Option)');
    const planSteps = rb.steps.filter((s) => s.plan !== null);
    expect(planSteps.every((s) => s.line > 548 && s.line < 661)).toBe(true);
    expect(rb.steps.slice(walk.length).every((s) => s.plan !== null)).toBe(true);
    expect(planSteps.every((s) => s.phase === 'phase-6-rollback-procedures')).toBe(true);
    expect(at(623)).toMatchObject({ kind: 'manual', title: 'Add "TRACES_VIEWER_ENABLED=false" to environment' });
  });
});

describe('sprint-3 checklist: ids', () => {
  it('gives every step a unique id made of its section and its text', () => {
    expect(new Set(rb.steps.map((s) => s.id)).size).toBe(rb.steps.length);
    expect(at(49).id).toBe('1-1-environment-verification/docker-compose-exec-backend-alembic-current');
    expect(at(299).id).toBe('3-2-migration-execution-commands/docker-compose-exec-backend-alembic-upgrade-1-2');
  });
});
