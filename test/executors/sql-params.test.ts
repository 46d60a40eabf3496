import { describe, expect, it } from 'vitest';
import { bindStatement, findUnknownParameter, parameterNames } from '../../source/executors/sql-params';

describe('${name} placeholders in SQL', () => {
  it('numbers postgres parameters in order of first use, reusing a repeated name', () => {
    expect(bindStatement('UPDATE t SET sha = ${commit_sha} WHERE env = ${env} OR sha = ${commit_sha}', 'postgres')).toEqual({
      text: 'UPDATE t SET sha = $1 WHERE env = $2 OR sha = $1',
      names: ['commit_sha', 'env'],
    });
  });

  it('names sqlite parameters', () => {
    expect(bindStatement('INSERT INTO log VALUES (${who}, ${at})', 'sqlite')).toEqual({ text: 'INSERT INTO log VALUES (@p0, @p1)', names: ['who', 'at'] });
  });

  it.each([
    ["SELECT '${x}'", 'string literal'],
    ["SELECT 'it''s ${x}'", 'string with a doubled quote'],
    ["SELECT E'\\' ${x}'", 'escape string with a backslash quote'],
    ['SELECT "${x}" FROM t', 'quoted identifier'],
    ['SELECT 1 -- ${x}', 'line comment'],
    ['SELECT 1 /* outer /* ${x} */ still ${x} */', 'nested block comment'],
    ['SELECT $$ ${x} $$', 'dollar quote'],
    ['SELECT $body$ ${x} $$ ${x} $body$', 'tagged dollar quote'],
  ])('leaves a placeholder inside a %s alone (%s)', (sql) => {
    expect(parameterNames(sql, 'postgres')).toEqual([]);
    expect(bindStatement(sql, 'postgres').text).toBe(sql);
  });

  it('treats sqlite brackets and backticks as identifiers and does not nest comments', () => {
    expect(parameterNames('SELECT [${a}], `${b}` /* /* */ ${c}', 'sqlite')).toEqual(['c']);
  });

  it('finds the first statement using an unknown name', () => {
    const statements = [{ text: 'SELECT ${known}' }, { text: "SELECT '${ignored}', ${missing}" }];
    expect(findUnknownParameter(statements, { known: '1' }, 'postgres')).toEqual({ statement: 1, name: 'missing' });
    expect(findUnknownParameter(statements, { known: '1', missing: '2' }, 'postgres')).toBeNull();
  });
});
