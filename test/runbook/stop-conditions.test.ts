import { describe, expect, it } from 'vitest';
import { judgeValue, numberIn, stopConditionIn, type StopCondition } from '../../source/runbook/stop-conditions';
import { parseRunbook } from '../../source/runbook/parse';

describe('stopConditionIn: what an author wrote beside a blank, as a check on the value', () => {
  it.each<[string, Omit<StopCondition, 'text'> & { text: string }]>([
    // The seed's own (sprint-3-checklist.md line 144).
    ['(STOP if > 0)', { text: 'STOP if > 0', op: '>', value: 0 }],
    ['(STOP if >0)', { text: 'STOP if >0', op: '>', value: 0 }],
    ['STOP if >= 3', { text: 'STOP if >= 3', op: '>=', value: 3 }],
    ['(stop if < 95)', { text: 'stop if < 95', op: '<', value: 95 }],
    ['(STOP if not 0)', { text: 'STOP if not 0', op: '!=', value: 0 }],
    ['(STOP if != 0)', { text: 'STOP if != 0', op: '!=', value: 0 }],
    ['(STOP if non-zero)', { text: 'STOP if non-zero', op: '!=', value: 0 }],
    ['(STOP if nonzero)', { text: 'STOP if nonzero', op: '!=', value: 0 }],
    ['(STOP if any)', { text: 'STOP if any', op: '!=', value: 0 }],
    ['(STOP if 0)', { text: 'STOP if 0', op: '=', value: 0 }],
    ['(STOP if more than 2 failures)', { text: 'STOP if more than 2 failures', op: '>', value: 2 }],
    ['(STOP if greater than 1,000)', { text: 'STOP if greater than 1,000', op: '>', value: 1000 }],
    ['(STOP if ≥ 5)', { text: 'STOP if ≥ 5', op: '>=', value: 5 }],
    ['(abort if > 10)', { text: 'abort if > 10', op: '>', value: 10 }],
    ['(STOP if the count is > 0)', { text: 'STOP if the count is > 0', op: '>', value: 0 }],
    // must / should: the value fails when it is not what is written.
    ['(must be 0)', { text: 'must be 0', op: '!=', value: 0 }],
    ['must be zero', { text: 'must be zero', op: '!=', value: 0 }],
    ['(must be > 0)', { text: 'must be > 0', op: '<=', value: 0 }],
    ['(must be at least 3)', { text: 'must be at least 3', op: '<', value: 3 }],
    ['(should be 0)', { text: 'should be 0', op: '!=', value: 0 }],
    ['(should be < 5)', { text: 'should be < 5', op: '>=', value: 5 }],
    ['(should be no more than 2)', { text: 'should be no more than 2', op: '>', value: 2 }],
    ['(must equal 12)', { text: 'must equal 12', op: '!=', value: 12 }],
    ['(should be "OK")', { text: 'should be "OK"', op: '!=', value: 'OK' }],
    ['(must be non-zero)', { text: 'must be non-zero', op: '=', value: 0 }],
    // expected
    ['(expected: 412)', { text: 'expected: 412', op: '!=', value: 412 }],
    ['(expected 3)', { text: 'expected 3', op: '!=', value: 3 }],
    ['(Expected: 0)', { text: 'Expected: 0', op: '!=', value: 0 }],
    ['(expected: >= 5)', { text: 'expected: >= 5', op: '<', value: 5 }],
    ['(expect 0)', { text: 'expect 0', op: '!=', value: 0 }],
  ])('%s', (text, expected) => {
    expect(stopConditionIn(text)).toEqual(expected);
  });

  // Lookalikes: prose for the operator to read, never a check that fails a step.
  it.each([
    '',
    '(STOP if anything looks wrong)',
    '(STOP if in doubt)',
    'Stop the workers first',
    'Stop on first failure',
    'should be low',
    '(should be CLOSED)',
    'Should be 0 or very low',
    'Should be < SLO targets',
    'must be unchanged',
    '(must be a valid SHA)',
    'must be 0 rows or fewer than 3 pages long and more',
    '(expected: Valid JSON with counts)',
    'Expected output below',
    'STOP if > the baseline',
    'unexpected 5 rows',
    'stop if 2 people disagree',
    'expected in 5 minutes',
    'must be 10.0.3-beta',
    'docker compose stop 1',
    'should be "\u001b[2K"',
    'must be "a\u202eb"',
  ])('%j is no condition', (text) => {
    expect(stopConditionIn(text)).toBeNull();
  });
});

it('a huge text of lookalikes is read in linear time', () => {
  const started = Date.now();
  expect(stopConditionIn('STOP if in doubt, '.repeat(100_000))).toBeNull();
  expect(stopConditionIn(`${'must be '.repeat(100_000)}low`)).toBeNull();
  expect(Date.now() - started).toBeLessThan(2000);
});

describe('judgeValue', () => {
  const gt0: StopCondition = { text: 'STOP if > 0', op: '>', value: 0 };
  it.each([
    ['3', 'stop'],
    ['0', 'ok'],
    [' 0 ', 'ok'],
    ['1,204', 'stop'],
    ['-1', 'ok'],
    ['0.5', 'stop'],
    ['none', 'not-a-number'],
    ['3 failed', 'not-a-number'],
    ['', 'not-a-number'],
  ])('STOP if > 0 with %j: %s', (value, kind) => {
    expect(judgeValue(gt0, value).kind).toBe(kind);
  });

  it('a quoted word compares without case', () => {
    const ok: StopCondition = { text: 'should be "OK"', op: '!=', value: 'OK' };
    expect(judgeValue(ok, 'ok').kind).toBe('ok');
    expect(judgeValue(ok, 'FAIL').kind).toBe('stop');
  });

  it('numberIn reads numbers as written', () => {
    expect(numberIn('1,234')).toBe(1234);
    expect(numberIn('12,34')).toBeNull();
    expect(numberIn('0x10')).toBeNull();
  });
});

describe('the parser puts the condition on the input', () => {
  it('reads every blank shape of the dialect with its condition, and none where there is none', () => {
    const source = [
      '# Conditions',
      '',
      '## Phase 1: Test',
      '',
      '**Test Results:**',
      '- Total tests: ____ (expected: 412)',
      '- Passed: ____',
      '- Failed: ____ (STOP if > 0)',
      '',
      '**Lag (seconds):** ____ (must be < 5)',
      '',
      '```bash',
      '# Errors in the log: ____ (STOP if not 0)',
      'echo checked',
      '```',
      '',
      '- Notes: ____ (STOP if anything looks wrong)',
      '',
    ].join('\n');
    const rb = parseRunbook(source, { file: 'conditions.md', sha256: '' });
    const stops = Object.fromEntries(rb.inputs.map((i) => [i.prompt, i.stop ?? null]));
    expect(stops).toEqual({
      'Total tests': { text: 'expected: 412', op: '!=', value: 412 },
      Passed: null,
      Failed: { text: 'STOP if > 0', op: '>', value: 0 },
      'Lag (seconds)': { text: 'must be < 5', op: '>=', value: 5 },
      'Errors in the log': { text: 'STOP if not 0', op: '!=', value: 0 },
      Notes: null,
    });
  });
});
