// A JSON expectation holding a number past 2^53 (a snowflake id, a bigint counter) was read
// through doubles on both sides: 9007199254740993 expected, 9007199254740992 printed, passed.
// Numbers in JSON are now compared as the decimals they are written as (1.0 is still 1).
// The output comes from a real process: node printing the document.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { judgeOutput } from '../../source/run/judge';
import { parseExpectation } from '../../source/runbook/expectations';

const printed = (json: string) => execFileSync(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(json)})`], { encoding: 'utf8' });

describe('a JSON expectation with numbers a double cannot hold', () => {
  it('fails when the number printed is one off', () => {
    expect(judgeOutput(parseExpectation('{"max_id": 9007199254740993}', 1), printed('{"max_id": 9007199254740992}'))).toBe('failed');
    expect(judgeOutput(parseExpectation('{"total": 12345678901234567.89}', 1), printed('{"total": 12345678901234567.88}'))).toBe('failed');
  });

  it('passes when it is the same number, however written', () => {
    expect(judgeOutput(parseExpectation('{"max_id": 9007199254740993}', 1), printed('{\n  "max_id": 9007199254740993\n}'))).toBe('passed');
    expect(judgeOutput(parseExpectation('{"ratio": 1.0, "n": [1, 2]}', 1), printed('{"n": [1, 2], "ratio": 1}'))).toBe('passed');
  });
});
