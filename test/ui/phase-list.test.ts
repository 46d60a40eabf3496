import { describe, expect, it } from 'vitest';
import { phaseLines, plansSection, shortPlanTitle, wrapTitle } from '../../source/ui/components/phase-list';
import { parseRunbook } from '../../source/runbook/parse';
import { summaries } from '../../source/controller';
import { initialState, reduce } from '../../source/run/reducer';
import type { RunEvent } from '../../source/run/events';
import { identity } from '../helpers/events';
import type { PlanProgress } from '../../source/run/plans';

const plan = (n: number, extra: Partial<PlanProgress> = {}): PlanProgress => ({
  plan: `p${n}`,
  title: `6.${n} Rollback Plan ${String.fromCharCode(64 + n)}: Something long`,
  total: 5,
  passed: 0,
  failed: 0,
  skipped: 0,
  rehearsed: 0,
  open: 5,
  entered: false,
  active: false,
  finished: false,
  ...extra,
});
const six = [1, 2, 3, 4, 5, 6].map((n) => plan(n));

describe('the plans in the sidebar', () => {
  it('lists every plan under PLANS with its progress, each line within the column', () => {
    const lines = plansSection(six, 20, 9);
    expect(lines.map((l) => l.text)).toEqual(['PLANS · P', '  6.1 Plan A: S… 0/5', '  6.2 Plan B: S… 0/5', '  6.3 Plan C: S… 0/5', '  6.4 Plan D: S… 0/5', '  6.5 Plan E: S… 0/5', '  6.6 Plan F: S… 0/5']);
    for (const l of lines) expect([...l.text].length).toBeLessThanOrEqual(20);
  });

  it('short of room, keeps the plans entered (the one being run whole, finished ones with their counts) and counts the rest', () => {
    const plans = [plan(1), plan(2, { entered: true, finished: true, passed: 4, failed: 1, open: 0 }), plan(3), plan(4), plan(5, { entered: true, active: true, passed: 2, open: 3 }), plan(6)];
    const lines = plansSection(plans, 20, 6).map((l) => l.text);
    expect(lines).toEqual(['PLANS · P', '  6.1 Plan A: S… 0/5', '✘ 6.2 Plan B… 5/5 1✘', '▸ 6.5 Plan E:    2/5', '  Something long', '  … 3 more · P']);
    expect(plansSection(plans, 20, 1)).toEqual([]);
    expect(plansSection([], 20, 9)).toEqual([]);
  });

  it('drops "Rollback" before "Plan": the column is narrow', () => {
    expect(shortPlanTitle('6.2 Rollback Plan A: Database Migration')).toBe('6.2 Plan A: Database Migration');
    expect(shortPlanTitle('6.7 Full Rollback (Nuclear Option)')).toBe('6.7 Full Rollback (Nuclear Option)');
  });
});

describe("the current phase's title, wrapped in the column", () => {
  it('breaks between words, and after a hyphen or slash rather than inside a word', () => {
    // Golden Architecture's first phase at 80×24: "Pre-Deploymen" / "t Security" before.
    expect(wrapTitle('Pre-Deployment Security', 13, 18)).toEqual(['Pre-', 'Deployment', 'Security']);
    expect(wrapTitle('1 Pre-Deploy Verification of the Database Cluster', 13, 18)).toEqual(['1 Pre-Deploy', 'Verification of', 'the Database', 'Cluster']);
    expect(wrapTitle('Rotate /etc/ssl/private/keys now', 10, 18)).toEqual(['Rotate', '/etc/ssl/private/', 'keys now']);
    expect(wrapTitle('6.7 Full Rollback (Nuclear Option)', 10, 18)).toEqual(['6.7 Full', 'Rollback (Nuclear', 'Option)']);
    // Columns, not characters: before, a CJK title of 8 characters (16 columns) took the
    // place of its count, which the screen then cut ("0…").
    expect(wrapTitle('データベース移行', 15, 18)).toEqual(['データベース移', '行']);
  });

  it('moves a first word too long for the line beside the count, but not for the lines below, down whole', () => {
    // Golden Architecture's "Infrastructure Setup" current at 80×24: "Infrastructur" / "e Setup" before.
    expect(wrapTitle('Infrastructure Setup', 13, 18)).toEqual(['', 'Infrastructure', 'Setup']);
    // Ten checks: "0/10" beside the title leaves it 13 columns.
    const checks = Array.from({ length: 10 }, (_, i) => `- [ ] Deploy part ${i + 1}`).join('\n');
    const runbook = parseRunbook(`# Golden\n\n## Infrastructure Setup\n\n${checks}\n`, { file: 'g.md', sha256: 'x' });
    const state = initialState({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      type: 'run.started',
      payload: { runbook: { file: '/r/g.md', sha256: 'x', title: 'Golden' }, source: '', steps: summaries(runbook), phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
    });
    const lines = phaseLines({ state, runbook, currentPhase: runbook.phases[0]?.id ?? null, now: new Date('2026-11-23T10:00:03Z'), width: 21, height: 10 }).map((l) => l.text);
    expect(lines.slice(1, 4)).toEqual([`▸${' '.repeat(15)}0/10`, '  Infrastructure', '  Setup']);
  });

  it('cuts only a word with no place to break, and keeps every character', () => {
    const pieces = wrapTitle('Supercalifragilisticexpialidocious checks', 13, 18);
    expect(pieces).toEqual(['Supercalifrag', 'ilisticexpialidoci', 'ous checks']);
    expect(wrapTitle('Short', 13, 18)).toEqual(['Short']);
  });
});

// A scheduled check's title is the runbook author's bytes: drawn raw under CHECKS, an OSC in
// it retitled the window and threw the divider beside it out of line.
describe('the scheduled checks under the phases', () => {
  it('spell out a check title\'s escape sequences and keep the line within the column', () => {
    const runbook = parseRunbook('# Due\n\n## Deploy\n\n```bash\n[ ] echo deployed\n```\n\n## Monitor\n\n```bash {at=+1h}\n[ ] \u001b]2;owned\u0007echo x\n```\n', { file: 'due.md', sha256: 'x' });
    const check = runbook.steps.find((s) => s.phase === runbook.phases[1]?.id)?.id ?? '';
    const started = initialState({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      type: 'run.started',
      payload: { runbook: { file: '/r/due.md', sha256: 'x', title: 'Due' }, source: '', steps: summaries(runbook), phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
    });
    const state = reduce(started, { seq: 2, at: '2026-11-23T10:00:01Z', type: 'check.scheduled', payload: { step: check, dueAt: '2026-11-23T11:00:01Z' } } as RunEvent);
    const lines = phaseLines({ state, runbook, currentPhase: runbook.phases[1]?.id ?? null, now: new Date('2026-11-23T10:00:03Z'), width: 40, height: 12 });
    const line = lines.find((l) => l.text.startsWith('⏱'))?.text ?? '';
    expect(line).toBe('⏱ 00:59:58 \\e]2;owned\\x07echo x');
    for (const l of lines) expect(l.text.includes('\u001b')).toBe(false);
    expect(phaseLines({ state, runbook, currentPhase: null, now: new Date('2026-11-23T10:00:03Z'), width: 20, height: 12 }).find((l) => l.text.startsWith('⏱'))?.text).toBe('⏱ 00:59:58 \\e]2;ow…');
  });
});

// A phase title of 300 characters, current, wrapped whole into 17 lines of an 80×24 pane's
// sidebar: the phases after it were pushed out of sight ("… 1 below").
describe("a very long current phase's title", () => {
  it('takes at most four lines, the last cut with …, and leaves room for the phases after it', () => {
    const long = 'P'.repeat(40) + ' ' + 'word '.repeat(52);
    const runbook = parseRunbook(`# Long\n\n## ${long}\n\n- [ ] check it\n\n## Sign-off\n\n- [ ] sign it\n`, { file: 'long.md', sha256: 'x' });
    const state = initialState({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      type: 'run.started',
      payload: { runbook: { file: '/r/long.md', sha256: 'x', title: 'Long' }, source: '', steps: summaries(runbook), phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
    });
    const lines = phaseLines({ state, runbook, currentPhase: runbook.phases[0]?.id ?? null, now: new Date('2026-11-23T10:00:03Z'), width: 20, height: 20 }).map((l) => l.text);
    const first = lines.findIndex((l) => l.startsWith('▸'));
    const next = lines.findIndex((l) => l.includes('Sign-off'));
    expect(next - first).toBe(4);
    expect(lines[next - 1]?.endsWith('…')).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(19);
  });
});
