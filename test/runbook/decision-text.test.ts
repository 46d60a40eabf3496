import { describe, it, expect } from 'vitest';
import { matchLeaf, parseAsciiTree, type HeadingRef, type TreeQuestion } from '../../source/runbook/decision-text';
import { seedFence, seedLines } from './dialect-seeds';

const S3 = 'sprint-3-checklist.md';

describe('parseAsciiTree on the seed’s §6.1 tree', () => {
  const fence = seedFence(S3, 526);
  const tree = parseAsciiTree(fence.text, fence.firstLine);

  it('reads the root question and its two answers', () => {
    expect(tree?.question).toBe('Is the system functional?');
    expect(tree?.line).toBe(527);
    expect(tree?.answers.map((a) => [a.label, a.line])).toEqual([
      ['YES', 529],
      ['NO', 531],
    ]);
    expect(tree?.answers[0]?.next).toEqual({ text: 'Monitor for 24 hours, proceed to Phase 7', line: 529 });
  });

  it('NO leads to a nested question whose answers have their leaf on the next line', () => {
    const nested = tree?.answers[1]?.next as TreeQuestion;
    expect(nested.question).toBe('What is broken?');
    expect(nested.line).toBe(531);
    expect(nested.answers).toEqual([
      { label: 'Database migration failed', line: 533, next: { text: 'Execute Rollback Plan A', line: 534 } },
      { label: 'New API endpoints broken', line: 536, next: { text: 'Execute Rollback Plan B', line: 537 } },
      { label: 'MCP tools bypassing approval', line: 539, next: { text: 'CRITICAL: Execute Rollback Plan C immediately', line: 540 } },
      { label: 'Background task failing', line: 542, next: { text: 'Execute Rollback Plan D', line: 543 } },
      { label: 'Traces viewer exposing PII', line: 545, next: { text: 'CRITICAL: Execute Rollback Plan E immediately', line: 546 } },
    ]);
  });
});

describe('parseAsciiTree: nesting by indentation', () => {
  it('answers after a deeper question return to the outer question by column', () => {
    const text = [
      'Deploy went out?',
      '+-- NO --> Did the build fail?',
      '|       +-- YES --> Fix the build',
      '|       +-- NO --> Retry the deploy',
      '+-- YES --> Proceed to Phase 7',
    ].join('\n');
    const tree = parseAsciiTree(text, 10);
    expect(tree?.answers.map((a) => a.label)).toEqual(['NO', 'YES']);
    const inner = tree?.answers[0]?.next as TreeQuestion;
    expect(inner.answers.map((a) => [a.label, a.line])).toEqual([
      ['YES', 12],
      ['NO', 13],
    ]);
    expect(tree?.answers[1]?.next).toEqual({ text: 'Proceed to Phase 7', line: 14 });
  });

  it('box-drawing branches and → arrows read the same', () => {
    const tree = parseAsciiTree('Healthy?\n├── yes → Monitor\n└── no → Full Rollback', 1);
    expect(tree?.answers.map((a) => [a.label, a.next])).toEqual([
      ['yes', { text: 'Monitor', line: 2 }],
      ['no', { text: 'Full Rollback', line: 3 }],
    ]);
  });

  it('an answer with no arrow leads to its own words', () => {
    const tree = parseAsciiTree('Which plan?\n+-- Full Rollback\n+-- Rollback Plan A', 1);
    expect(tree?.answers[0]?.next).toEqual({ text: 'Full Rollback', line: 2 });
  });

  it('text that is not a tree → null', () => {
    expect(parseAsciiTree('Issues encountered:\n\n\nResolution steps:', 1)).toBeNull();
    expect(parseAsciiTree('', 1)).toBeNull();
    expect(parseAsciiTree('+-- YES --> orphan answer', 1)).toBeNull();
    expect(parseAsciiTree(seedFence(S3, 277).text, 278)).toBeNull();
    expect(parseAsciiTree(seedFence('phase-4-governance-handoff.md', 118).text, 119)).toBeNull();
  });
});

describe('matchLeaf against the seed’s headings', () => {
  // Every ##/### heading of the sprint-3 seed, as the parser would offer them.
  const headings: HeadingRef[] = seedLines(S3)
    .flatMap((l) => {
      const m = /^(#{2,3}) (.*)$/.exec(l);
      return m?.[2] ? [m[2]] : [];
    })
    .map((title, i) => ({
      id: `h${i}`,
      title,
      kind: /^PHASE/.test(title) ? 'phase' : /Rollback Plan|Full Rollback/.test(title) ? 'plan' : 'section',
    }));
  const titleOf = (leaf: string) => matchLeaf(leaf, headings)?.title ?? null;

  it.each([
    ['Execute Rollback Plan A', '6.2 Rollback Plan A: Database Migration'],
    ['Execute Rollback Plan B', '6.3 Rollback Plan B: API Endpoints Only'],
    ['CRITICAL: Execute Rollback Plan C immediately', '6.4 Rollback Plan C: MCP Approval Gate Bypass (CRITICAL)'],
    ['Execute Rollback Plan D', '6.5 Rollback Plan D: Background Task'],
    ['CRITICAL: Execute Rollback Plan E immediately', '6.6 Rollback Plan E: PII Exposure (CRITICAL)'],
    ['Monitor for 24 hours, proceed to Phase 7', 'PHASE 7: Monitoring Plan (First 24 Hours)'],
    ['Full Rollback', '6.7 Full Rollback (Nuclear Option)'],
    ['execute rollback plan a', '6.2 Rollback Plan A: Database Migration'],
    ['Execute Plan A', '6.2 Rollback Plan A: Database Migration'],
  ])('%j → %j', (leaf, title) => {
    expect(titleOf(leaf)).toBe(title);
  });

  it.each(['Execute Rollback Plan AB', 'proceed to Phase 70', 'Call the on-call engineer', ''])('%j matches nothing', (leaf) => {
    expect(titleOf(leaf)).toBeNull();
  });

  it('prefers the longest name that matches', () => {
    const refs: HeadingRef[] = [
      { id: 'a', title: 'Rollback', kind: 'section' },
      { id: 'b', title: 'Full Rollback (Nuclear Option)', kind: 'plan' },
    ];
    expect(matchLeaf('Do a Full Rollback now', refs)?.id).toBe('b');
  });

  it('"Plan A" does not match a heading named "Plan AB", and Phase 7 not Phase 70', () => {
    const refs: HeadingRef[] = [
      { id: 'ab', title: 'Rollback Plan AB: Everything', kind: 'plan' },
      { id: 'p70', title: 'PHASE 70: Later', kind: 'phase' },
    ];
    expect(matchLeaf('Execute Rollback Plan A', refs)).toBeNull();
    expect(matchLeaf('proceed to Phase 7', refs)).toBeNull();
  });
});
