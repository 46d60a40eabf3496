import { describe, expect, it } from 'vitest';
import { clientCommands, withoutClientSettings } from '../../source/runbook/client-commands';
import { splitSql } from '../../source/runbook/sql-split';

const found = (sql: string) => clientCommands(splitSql(sql, 10)).map((c) => [c.line, c.text]);

describe("a SQL client's own commands in a SQL fence", () => {
  it('finds a line that is one, and a statement sent with one, at their lines', () => {
    expect(found('\\x\nSELECT * FROM t;\n\\d+ orders\nSELECT count(*) FROM t \\gset\n\\c other_db')).toEqual([
      [10, '\\x'],
      [12, '\\d+ orders'],
      [13, '\\gset'],
      [14, '\\c other_db'],
    ]);
  });

  it('leaves backslashes in strings, comments, E strings and dollar-quoted bodies alone', () => {
    expect(found("SELECT 'a\n\\x' AS s;\n-- \\dt in a comment\nSELECT E'\\n';\nDO $$ BEGIN RAISE NOTICE '%', E'\n\\x'; END $$;\nSELECT regexp_replace(v, '\\s+', ' ') FROM t;")).toEqual([]);
  });

  it("finds COPY from psql's stdin or to its stdout, not COPY of a server file", () => {
    expect(found("COPY t FROM STDIN;\nCOPY (SELECT * FROM t) TO stdout WITH CSV;\nCOPY t FROM '/var/lib/x.csv';\nSELECT 'COPY t TO STDOUT';")).toEqual([
      [10, 'COPY … FROM STDIN'],
      [11, 'COPY … TO STDOUT'],
    ]);
  });

  it('leaves display settings out of the statements sent, keeping each statement its line', () => {
    const { statements, left } = withoutClientSettings(splitSql('\\x\nSELECT 1;\n\\timing on\nSELECT 2;\n\\dt', 10));
    expect(left).toEqual(['\\x', '\\timing on']);
    expect(statements.map((s) => [s.line, s.text])).toEqual([
      [11, 'SELECT 1'],
      [13, 'SELECT 2'],
      [14, '\\dt'],
    ]);
  });

  it("finds the sqlite3 shell's dot-commands a statement starts with, its display settings among them", () => {
    const commands = clientCommands(splitSql('.headers on\n.mode column\n.tables\nSELECT t\n  .v FROM t;', 10));
    expect(commands.map((c) => [c.line, c.text, c.client, c.setting ?? false])).toEqual([
      [10, '.headers on', 'sqlite3', true],
      [11, '.mode column', 'sqlite3', true],
      [12, '.tables', 'sqlite3', false],
    ]);
  });
});
