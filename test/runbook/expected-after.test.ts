// An `Expected:` paragraph right under a fence (expected-after.ts): the expectation of the
// one step the fence made, with a warning naming the exact form; never a second
// expectation, never a step of a fence of several steps.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook } from '../../source/runbook/model';

const parse = (md: string): Runbook => parseRunbook(md, { file: 'test.md', sha256: 'sha' });
const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\``;
const doc = (...blocks: string[]) => ['# T', '', '## Phase 1: Go', '', ...blocks.flatMap((b) => [b, ''])].join('\n');

describe('an Expected: paragraph under a fence', () => {
  it.each([
    ['Expected: 0', '0', true],
    ['**Expected:** 3 rows', '3 rows', true],
    ['**Expected**: PONG', 'PONG', true],
    ['Expected result: `all pods ready`', '`all pods ready`', true],
    ['Expected output: `{"status": "ok"}`', '{"status": "ok"}', true],
    ['Expected: the dashboard shows no errors', 'the dashboard shows no errors', false],
  ])('%s is the shell step\'s expectation', (paragraph, text, auto) => {
    const rb = parse(doc(fence('bash', 'curl -fsS http://localhost/health'), paragraph));
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]?.expectation).toMatchObject({ text, auto, line: 9 });
    expect(rb.warnings.map((w) => [w.line, w.message])).toEqual([[9, '"Expected:" line read as the expectation of the step at line 5; write it inside the fence (# Expected: …) to make it exact']]);
  });

  it("goes to an SQL fence's last statement; the step's own is its first statement's", () => {
    const rb = parse(doc(fence('sql', 'SELECT 1;\n-- Expected: 1\nSELECT count(*) FROM t;'), 'Expected: 3 rows'));
    const [step] = rb.steps;
    expect(step?.statements?.map((s) => s.expectation?.text ?? null)).toEqual(['1', '3 rows']);
    expect(step?.expectation?.text).toBe('1');
    expect(rb.warnings.map((w) => w.message)).toEqual(['"Expected:" line read as the expectation of the step at line 5; write it inside the fence (-- Expected: …) to make it exact']);
  });

  it('is read under a fence inside a numbered item', () => {
    const rb = parse(doc(['1. Check the queue:', '', '   ```bash', '   redis-cli llen q', '   ```', '', '   **Expected:** 0'].join('\n')));
    expect(rb.steps.find((s) => s.kind === 'shell')?.expectation).toMatchObject({ text: '0', auto: true, line: 11 });
  });

  it('is given to none of the steps of a fence of several, with a warning', () => {
    const rb = parse(doc(fence('bash', '[ ] echo one\n[ ] echo two'), 'Expected: 0'));
    expect(rb.steps.map((s) => s.expectation)).toEqual([null, null]);
    expect(rb.warnings.map((w) => w.message)).toContain('"Expected:" line under a fence of 2 steps is given to none of them; write it as # Expected: right after its command');
  });

  it('never replaces the expectation the fence gives its step', () => {
    const rb = parse(doc(fence('bash', 'echo hi\n# Expected: hi'), 'Expected: bye'));
    expect(rb.steps[0]?.expectation?.text).toBe('hi');
    expect(rb.warnings.map((w) => w.message)).toEqual(['"Expected:" line is prose: the step at line 5 already has its expectation (line 7)']);
  });

  it('is prose anywhere else: after prose, after a display fence, or with nothing after its colon', () => {
    const afterProse = parse(doc(fence('bash', 'echo hi'), 'Then wait a minute.', 'Expected: 0'));
    const afterDisplay = parse(doc('- [ ] Look at the queue', 'Sample output:', fence('', 'ok'), 'Expected: 0'));
    const label = parse(doc(fence('bash', 'alembic current'), '**Expected output:**', fence('', '005 (head)')));
    expect([afterProse, afterDisplay, label].flatMap((rb) => rb.steps.map((s) => s.expectation))).toEqual([null, null, null]);
    expect([afterProse, afterDisplay, label].flatMap((rb) => rb.warnings.map((w) => w.message)).filter((m) => m.includes('Expected:'))).toEqual([]);
  });
});
