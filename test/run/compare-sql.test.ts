import { describe, expect, it } from 'vitest';
import type { Cell, ResultSet } from '../../source/run/results';
import { compareResultSets } from '../../source/run/compare';
import { isNamedKey, namedKeys, normaliseSql, sameQueries } from '../../source/run/compare-sql';

describe('normaliseSql: what does not make a different query', () => {
  it('ignores case outside literals, whitespace, comments and trailing semicolons', () => {
    const base = normaliseSql('SELECT k, n FROM t ORDER BY k;');
    expect(normaliseSql('select k, n from t order by k')).toBe(base);
    expect(normaliseSql('  SELECT k,n\n\tFROM   t -- all rows\n ORDER BY k ;; ')).toBe(base);
    expect(normaliseSql('/* count /* nested */ */ Select K , N From T Order By K')).toBe(base);
    expect(base).toBe('select k , n from t order by k');
  });

  it('keeps string literals, quoted identifiers and dollar-quoted bodies as written', () => {
    expect(normaliseSql("SELECT 'Items' AS name")).not.toBe(normaliseSql("SELECT 'items' AS name"));
    expect(normaliseSql('SELECT "Count" FROM t')).not.toBe(normaliseSql('SELECT "count" FROM t'));
    expect(normaliseSql("SELECT $x$ A -- not a comment $x$")).toBe("select $x$ A -- not a comment $x$");
    expect(normaliseSql("SELECT 'a -- b', E'it\\'s' -- gone")).toBe("select 'a -- b' , e'it\\'s'");
    // a comment marker inside a string is not a comment; semicolons inside one are text
    expect(normaliseSql("select ';' ;")).toBe("select ';'");
  });

  it('tells different queries apart', () => {
    expect(sameQueries(['SELECT k, n FROM t'], ['SELECT k, n FROM t WHERE k = 1'])).toBe(false);
    expect(sameQueries(['SELECT k FROM t', 'SELECT 1'], ['select k from t'])).toBe(false);
    expect(sameQueries(['SELECT k FROM t', 'SELECT 1'], ['select k from t', ' select 1 ; '])).toBe(true);
    expect(sameQueries(['SELECT ${Tenant}'], ['SELECT ${tenant}'])).toBe(false);
  });
});

describe('namedKeys: the keys a narrower query asks for by name', () => {
  it('reads string literals anywhere and numbers compared with the key column', () => {
    expect(namedKeys("SELECT 'items' AS table_name, COUNT(*) FROM items UNION ALL SELECT 'orders', COUNT(*) FROM orders", 'table_name')).toEqual(['items', 'orders']);
    expect(namedKeys('SELECT k, n FROM t WHERE t.k IN (1, 2) AND n > 5', 'k')).toEqual(['1', '2']);
    expect(namedKeys('SELECT k, n FROM t WHERE "k" = 7 LIMIT 3', 'k')).toEqual(['7']);
    // numbers that do not filter the key name nothing
    expect(namedKeys('SELECT k, n FROM t WHERE n = 10 LIMIT 3', 'k')).toEqual([]);
  });

  it('matches keys as the comparison prints them', () => {
    expect(isNamedKey('2', ['2'])).toBe(true);
    expect(isNamedKey('2', ['2.0'])).toBe(true);
    expect(isNamedKey("o'brien", ["o'brien"])).toBe(true);
    expect(isNamedKey('3', ['2'])).toBe(false);
  });
});

const set = (rows: Cell[][]): ResultSet => ({
  statement: 0,
  command: 'SELECT',
  columns: [
    { name: 'k', type: 'int4' },
    { name: 'n', type: 'int4' },
  ],
  rows,
  rowCount: rows.length,
});

const BASELINE = [
  set([
    [1, 10],
    [2, 20],
    [3, 30],
  ]),
];
const statuses = (c: ReturnType<typeof compareResultSets>) => Object.fromEntries(c.resultSets[0]!.rows.map((r) => [r.key, r.status]));

describe('compareResultSets with the queries each side ran', () => {
  it('the capture query re-typed in lower case must return every row: all deleted fails', () => {
    const c = compareResultSets(BASELINE, [set([])], { queries: { baseline: ['SELECT k, n FROM t ORDER BY k;'], current: ['select k, n from t order by k'] } });
    expect(c.passed).toBe(false);
    expect(statuses(c)).toEqual({ '1': 'missing', '2': 'missing', '3': 'missing' });
    expect(c.summary).toBe('failed: 3 rows missing: 1, 2, 3');
  });

  it('a narrower query that returns nothing where the baseline had rows fails', () => {
    const c = compareResultSets(BASELINE, [set([])], { queries: { baseline: ['SELECT k, n FROM t'], current: ['SELECT k, n FROM t WHERE n > 0'] } });
    expect(c.passed).toBe(false);
    expect(c.resultSets[0]!.notes).toContain('returned no rows where the baseline had 3');
  });

  it('a narrower query that loses a key it names fails; keys it never asked for are not re-measured', () => {
    const lost = compareResultSets(BASELINE, [set([[1, 10]])], { queries: { baseline: ['SELECT k, n FROM t'], current: ['SELECT k, n FROM t WHERE k IN (1, 2)'] } });
    expect(lost.passed).toBe(false);
    expect(statuses(lost)).toEqual({ '1': 'unchanged', '2': 'missing', '3': 'not-remeasured' });
    const narrow = compareResultSets(BASELINE, [set([[1, 10]])], { queries: { baseline: ['SELECT k, n FROM t'], current: ['SELECT k, n FROM t WHERE k < 2'] } });
    expect(narrow.passed).toBe(true);
    expect(narrow.summary).toBe('passed: 1 unchanged; 2 not re-measured');
  });
});
