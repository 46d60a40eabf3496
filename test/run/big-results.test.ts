// Expectations and tables over big result sets: only the first and last rows are kept,
// every row is counted and in the digest.

import { describe, expect, it } from 'vitest';
import { judgeResultSet } from '../../source/run/judge';
import { boundRows } from '../../source/run/results';
import { formatResultSet } from '../../source/run/table-format';
import { parseExpectation } from '../../source/runbook/expectations';
import { big } from './big-result';

describe('expectations on a big result', () => {
  const rs = big(50_000);
  const judge = (text: string) => judgeResultSet(parseExpectation(text, 1), rs);

  it('judges counts exactly, and leaves to the operator what the kept rows cannot settle', () => {
    expect(judge('50000 rows')).toBe('passed');
    expect(judge('49999 rows')).toBe('failed');
    // every kept row holds n > 0, but 49,890 rows were not kept
    expect(judge('n = 10')).toBe('failed');
    expect(judgeResultSet(parseExpectation('k = 1', 1), { ...rs, rows: rs.rows.slice(0, 1), omitted: { at: 1, count: 49_999 } })).toBe('manual');
    expect(judge('"row that is not there"')).toBe('manual');
    expect(judge('"500"')).toBe('passed');
  });
});

describe('a big result as a table', () => {
  it('shows its first and last rows with a line for the rows between, and the full count', () => {
    const lines = formatResultSet(big(1_000_000, (k) => k, 100, 10), { ends: { head: 3, tail: 2 } });
    expect(lines).toEqual(['k       | n', '--------+--------', '1       | 1', '2       | 2', '3       | 3', '… 999995 rows not shown …', '999999  | 999999', '1000000 | 1000000', '(1000000 rows)']);
  });

  it('bounds a kept result further without crossing its gap', () => {
    const small = boundRows(big(1_000, (k) => k, 100, 10), 5, 20);
    expect(small.rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
    expect(small.omitted).toEqual({ at: 5, count: 985 });
  });
});
