// The three decision-tree forms, and where their leaves lead.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { RunbookError, type Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const fence = (lang: string, ...lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');

const plans = [
  '## Rollback',
  '',
  '### Rollback Plan A: Database',
  '',
  fence('bash', 'alembic downgrade -1'),
  '',
  '### Rollback Plan B: Code',
  '',
  fence('bash', 'git revert HEAD'),
].join('\n');

describe('the ASCII form', () => {
  it('reads questions, answers and leaves, nested questions as trees of their own', () => {
    const md = [
      '# T',
      '',
      '## Decide',
      '',
      fence('', 'Is it working?', '    |', '    +-- YES --> proceed to Verify', '    |', '    +-- NO --> What broke?', '                |', '                +-- The schema', '                |   --> Execute Rollback Plan A', '                +-- The code --> Rollback Plan B'),
      '',
      '## Verify',
      '',
      '- [ ] all green',
      '',
      plans,
    ].join('\n');
    const rb = parse(md);
    const step = rb.steps.find((s) => s.kind === 'decision');
    expect(step).toMatchObject({ line: 5, phase: 'decide', plan: null, title: 'Is it working?' });
    const [root, nested] = rb.decisions;
    expect(root).toMatchObject({ step: step?.id, line: 6, question: 'Is it working?' });
    expect(root?.answers.map((a) => [a.label, a.line, a.leadsTo])).toEqual([
      ['YES', 8, { kind: 'phase', id: 'verify', title: 'Verify' }],
      ['NO', 10, { kind: 'question', id: nested?.id, title: 'What broke?' }],
    ]);
    expect(nested).toMatchObject({ step: null, question: 'What broke?' });
    expect(nested?.answers.map((a) => [a.label, a.leadsTo.kind, a.leadsTo.id])).toEqual([
      ['The schema', 'plan', 'rollback-plan-a-database'],
      ['The code', 'plan', 'rollback-plan-b-code'],
    ]);
  });

  it('follows a Markdown link written as a leaf inside the fence', () => {
    const md = ['# T', '', '## Decide', '', fence('', 'Healthy?', '+-- NO --> [Undo the code](#rollback-plan-b-code)', '+-- YES --> carry on'), '', plans].join('\n');
    expect(parse(md).decisions[0]?.answers[0]?.leadsTo).toEqual({ kind: 'plan', id: 'rollback-plan-b-code', title: 'Rollback Plan B: Code' });
    expect(() => parse(md.replace('#rollback-plan-b-code', '#plan-z'))).toThrow('link #plan-z names no heading in this file');
  });
});

describe('the nested-list form', () => {
  it('reads `- Question?` with `Answer → [Target](#anchor)` items, resolving anchors as a code host does', () => {
    const md = [
      '# T',
      '',
      '## Decide',
      '',
      '- Is the deploy healthy?',
      '  - Yes → [Verify](#verify)',
      '  - No → [Plan A](#rollback-plan-a-database)',
      '  - Unsure → page the on-call engineer',
      '',
      '## Verify',
      '',
      '- [ ] all green',
      '',
      plans,
    ].join('\n');
    const rb = parse(md);
    expect(rb.decisions).toHaveLength(1);
    expect(rb.decisions[0]?.answers.map((a) => [a.label, a.line, a.leadsTo.kind, a.leadsTo.id])).toEqual([
      ['Yes', 6, 'phase', 'verify'],
      ['No', 7, 'plan', 'rollback-plan-a-database'],
      ['Unsure', 8, 'text', null],
    ]);
    expect(rb.warnings).toContainEqual({ line: 8, message: 'decision leaf "page the on-call engineer" names no heading; it stays text' });
  });

  it('stops with file:line when a link names an anchor no heading has', () => {
    const md = '# T\n\n## Decide\n\n- Go on?\n  - Yes → [Next](#nowhere)\n  - No → stop\n';
    expect(() => parse(md)).toThrow(RunbookError);
    expect(() => parse(md)).toThrow('link #nowhere names no heading in this file');
    try {
      parse(md);
    } catch (error) {
      expect(String(error)).toBe('test.md:6: link #nowhere names no heading in this file');
    }
  });

  it('follows a reference link `[Plan A][a]` as it follows an inline one, and checks its anchor the same way', () => {
    const md = (anchor: string) => ['# T', '', '## Decide', '', '- Healthy?', '  - Yes → go on', '  - No → [Plan A][a]', '', plans, '', `[a]: #${anchor}`].join('\n');
    expect(parse(md('rollback-plan-a-database')).decisions[0]?.answers[1]?.leadsTo).toEqual({ kind: 'plan', id: 'rollback-plan-a-database', title: 'Rollback Plan A: Database' });
    expect(() => parse(md('nowhere'))).toThrow('link #nowhere names no heading in this file');
  });
});

describe('criteria lists', () => {
  it('reads "Rollback IF ANY of:" in a plain fence as one yes/no question leading to the rollback plan', () => {
    const md = [
      '# T',
      '',
      '## Watch',
      '',
      '- [ ] dashboards',
      '',
      '## Rollback Procedure (If Needed)',
      '',
      fence('', 'Rollback IF ANY of:', '- Error rate > 1%', '- Latency p95 > 3s'),
      '',
      '### Rollback Steps',
      '',
      fence('bash', 'git checkout previous'),
    ].join('\n');
    const rb = parse(md);
    const tree = rb.decisions[0];
    expect(tree?.question).toBe('Rollback if any of these holds?');
    expect(tree?.answers.map((a) => [a.label, a.leadsTo])).toEqual([
      ['YES', { kind: 'plan', id: 'rollback-steps', title: 'Rollback Steps' }],
      ['NO', { kind: 'text', id: null, title: 'Continue' }],
    ]);
    expect(rb.steps.find((s) => s.kind === 'decision')).toMatchObject({ plan: null, description: '- Error rate > 1%\n- Latency p95 > 3s' });
    expect(rb.plans.map((p) => p.id)).toEqual(['rollback-steps']);
  });

  it('reads the criteria as a Markdown list after the lead paragraph, leading to the next rollback section', () => {
    const md = '# T\n\n## Watch\n\nRollback if any of:\n\n- errors spike\n- users complain\n\n## Rollback Plan\n\n- [ ] revert\n';
    const rb = parse(md);
    expect(rb.decisions[0]?.answers[0]?.leadsTo).toEqual({ kind: 'plan', id: 'rollback-plan', title: 'Rollback Plan' });
    expect(rb.steps.find((s) => s.kind === 'decision')?.phase).toBe('watch');
  });
});

describe('leaves', () => {
  it('turns a section a leaf names into a plan, out of the walk', () => {
    const md = [
      '# T',
      '',
      '## Deploy',
      '',
      '- [ ] ship',
      '',
      '### Restore the database',
      '',
      fence('bash', 'pg_restore -c -d app backup.dump'),
      '',
      '## Decide',
      '',
      '- Did it work?',
      '  - No → Restore the database',
      '  - Yes → done',
    ].join('\n');
    const rb = parse(md);
    expect(rb.plans).toEqual([{ id: 'restore-the-database', title: 'Restore the database', line: 7 }]);
    expect(rb.steps.at(-1)).toMatchObject({ plan: 'restore-the-database', phase: 'deploy' });
    expect(rb.steps.filter((s) => s.plan === null).map((s) => s.kind)).toEqual(['manual', 'decision']);
  });
});
