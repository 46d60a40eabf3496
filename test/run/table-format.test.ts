// A result set as a psql-style table lines its columns up as a terminal draws them. Padded
// by characters, a CJK name (two columns a character) pushed its row's `|` out of line with
// the header's, and a cell holding a control character, spelled out on the screen (`\e`,
// `\x07`), did the same.

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { formatResultSet } from '../../source/run/table-format';
import type { ResultSet } from '../../source/run/results';
import { visible } from '../../source/run/terminal-text';

const set = (rows: (string | number)[][]): ResultSet => ({
  statement: 0,
  command: 'SELECT',
  columns: [{ name: '名前', type: 'text' }, { name: 'n', type: 'int' }],
  rows,
  rowCount: rows.length,
});

/** The column where each line's first `|` (or `+`) is drawn. */
const bars = (lines: string[]) => lines.filter((l) => !l.startsWith('(')).map((l) => stringWidth(visible(l).slice(0, visible(l).search(/[|+]/))));

describe('a result set as a table', () => {
  it('lines up CJK cells by the columns they take', () => {
    const lines = formatResultSet(set([['東京', 1], ['大阪府', 22], ['ab', 333]]));
    expect(lines.slice(0, 2)).toEqual(['名前   | n', '-------+----']);
    expect(new Set(bars(lines)).size).toBe(1);
  });

  it('lines up a cell holding control characters as the screen spells them', () => {
    const lines = formatResultSet(set([['a\u001b]2;x\u0007b', 1], ['tab\there', 2], ['plain', 3]]));
    expect(new Set(bars(lines)).size).toBe(1);
  });

  it('cuts a wide table by columns, never past the width', () => {
    const lines = formatResultSet(set([['漢字'.repeat(30), 1]]), { width: 40 });
    for (const line of lines) expect(stringWidth(visible(line))).toBeLessThanOrEqual(40);
    expect(lines[2]).toMatch(/^漢字.*… +\| 1$/);
  });
});
