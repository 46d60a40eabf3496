// The author's text and the information pages: what the model keeps of the text that is no
// step, and where it stands (before a step, after a phase's last step, on its page).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { pageText, textAround } from '../../source/runbook/text-around';
import type { Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const shipped = (name: string) => parseRunbook(readFileSync(new URL(`../../runbooks/${name}`, import.meta.url), 'utf8'), { file: name, sha256: 'sha' });

const MD = [
  '# Title', //                                   1
  '',
  '## Overview', //                                3
  '',
  'Why we **deploy**: `v2` ships.', //            5
  '',
  '| Part | Risk |', //                            7
  '|---|---|',
  '| API | low |',
  '',
  '## Deploy', //                                  11
  '',
  '### 1.1 Expected', //                           13
  '',
  '**Expected Migration:**', //                    15
  '',
  '```sql', //                                     17
  'CREATE TABLE t (id int);',
  '```',
  '',
  '### 1.2 Run', //                                21
  '',
  'Answer NO if the API is down.', //              23
  '',
  '- [ ] check the API', //                        25
  '- a note, no check', //                         26
  '',
  'Afterwards, tell the team.', //                 28
  '',
  '## Appendix: Contacts', //                      30
  '',
  '- Ops: ops@example.com', //                     32
  '',
].join('\n');

describe("the author's text in the model", () => {
  const rb = parse(MD);

  it('keeps prose, tables, lists and fences that are no step, with their lines', () => {
    expect(rb.text).toEqual([
      { kind: 'heading', line: 3, depth: 2, text: 'Overview' },
      { kind: 'prose', line: 5, text: 'Why we deploy: `v2` ships.' },
      { kind: 'table', line: 7, header: ['Part', 'Risk'], rows: [['API', 'low']] },
      { kind: 'heading', line: 11, depth: 2, text: 'Deploy' },
      { kind: 'heading', line: 13, depth: 3, text: '1.1 Expected' },
      { kind: 'prose', line: 15, text: 'Expected Migration:' },
      { kind: 'code', line: 17, lang: 'sql', text: 'CREATE TABLE t (id int);', became: 'display' },
      { kind: 'heading', line: 21, depth: 3, text: '1.2 Run' },
      { kind: 'prose', line: 23, text: 'Answer NO if the API is down.' },
      // The check is a step; the plain item beside it is text.
      { kind: 'list', line: 26, items: ['• a note, no check'] },
      { kind: 'prose', line: 28, text: 'Afterwards, tell the team.' },
      { kind: 'heading', line: 30, depth: 2, text: 'Appendix: Contacts' },
      { kind: 'list', line: 32, items: ['• Ops: ops@example.com'] },
    ]);
  });

  it('makes a section without steps an information page: top-level between the phases, or a page of its phase', () => {
    expect(rb.pages).toEqual([
      { id: 'overview', title: 'Overview', line: 3, phase: null, end: 10, reference: false },
      { id: '1-1-expected', title: '1.1 Expected', line: 13, phase: 'deploy', end: 20, reference: false },
      { id: 'appendix-contacts', title: 'Appendix: Contacts', line: 30, phase: null, end: 33, reference: true },
    ]);
    expect(pageText(rb, 'overview').map((b) => b.kind)).toEqual(['prose', 'table']);
    expect(pageText(rb, '1-1-expected').map((b) => b.line)).toEqual([15, 17]);
  });

  it('places the rest with the steps: before the step it leads to, after the last step of its phase', () => {
    const around = textAround(rb, rb.steps[0]?.id ?? '');
    // Its own heading is the step's title row; the page's text stays on the page.
    expect(around.before).toEqual([{ kind: 'prose', line: 23, text: 'Answer NO if the API is down.' }]);
    expect(around.after.map((b) => b.line)).toEqual([26, 28]);
  });

  it("keeps a numbered item's own words before the step its fence holds, and what follows it after", () => {
    const md = [
      '# Upgrade', //                                  1
      '',
      '## Upgrading', //                               3
      '',
      '1. Download the release:', //                   5
      '',
      '   ```bash', //                                 7
      '   curl -fLO https://example.org/x.tar.gz',
      '   ```',
      '',
      '1. As root, run the upgrade:', //               11
      '',
      '   ```bash', //                                 13
      '   ./upgrade x.tar.gz',
      '   ```',
      '',
      '   It takes a few minutes.', //                 17
      '',
      '1. Check the services came back.', //           19
      '',
    ].join('\n');
    const up = parse(md);
    expect(up.steps.map((s) => s.title)).toEqual(['curl -fLO https://example.org/x.tar.gz', './upgrade x.tar.gz']);
    // Before, an item holding a step was dropped whole: "As root" never reached the screen.
    expect(textAround(up, up.steps[0]?.id ?? '').before).toEqual([{ kind: 'list', line: 5, items: ['1. Download the release:'] }]);
    expect(textAround(up, up.steps[1]?.id ?? '').before).toEqual([{ kind: 'list', line: 11, items: ['2. As root, run the upgrade:'] }]);
    expect(textAround(up, up.steps[1]?.id ?? '').after).toEqual([
      { kind: 'prose', line: 17, text: 'It takes a few minutes.' },
      { kind: 'list', line: 19, items: ['3. Check the services came back.'] },
    ]);
    // Words a step already shows as its description are not said twice.
    const nested = parse(['# Hotfix', '', '## Steps', '', '- Minimal change set', '- Abbreviated checklist:', '  - [ ] Fix verified', '  - [ ] Tests pass', ''].join('\n'));
    expect(nested.steps[0]?.description).toBe('Abbreviated checklist:');
    expect(textAround(nested, nested.steps[0]?.id ?? '').before).toEqual([{ kind: 'list', line: 5, items: ['• Minimal change set'] }]);
  });

  it('shows what control characters a text holds, never drops them (the screen spells them out)', () => {
    const hostile = parse('# T\n\n## P\n\nSee \u001b[2J here.\n\n- [ ] go\n');
    expect(hostile.text).toContainEqual({ kind: 'prose', line: 5, text: 'See \u001b[2J here.' });
  });
});

describe('the shipped runbooks', () => {
  it("Sprint 3: the summary and risks are pages, Phase 2's expected migrations pages of the phase", () => {
    const rb = shipped('sprint-3-checklist.md');
    expect(rb.pages.filter((p) => p.phase === null).map((p) => p.title)).toEqual([
      'Summary of Changes',
      'Key Risks',
      'General Deployment Principles',
      'Appendix A: Quick Reference Commands',
      'Appendix B: Emergency Contacts',
    ]);
    const migration = rb.pages.find((p) => p.title.startsWith('2.1 Migration 006'));
    expect(migration?.phase).toBe('phase-2-migration-risk-assessment');
    const blocks = pageText(rb, migration?.id ?? '');
    expect(blocks.find((b) => b.kind === 'code')).toMatchObject({ lang: 'sql', became: 'display' });
    expect(blocks.find((b) => b.kind === 'table')).toMatchObject({ header: ['Risk', 'Mitigation'] });
  });

  it("the demo: the decision's hint stands before the decision", () => {
    const rb = shipped('demo.md');
    const decision = rb.steps.find((s) => s.kind === 'decision');
    expect(textAround(rb, decision?.id ?? '').before).toEqual([{ kind: 'prose', line: 132, text: 'Answer NO, then "Health check or API", to enter Rollback Plan A.' }]);
    // A paragraph a step shows as its description is not shown twice.
    expect(textAround(rb, 'migration-006').before).toEqual([]);
  });
});
