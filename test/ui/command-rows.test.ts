// A command whose one line wraps to more rows than the panel has: the panel showed none of
// it, only "… 1 more line · x: whole command", and enter ran a command the operator had
// not seen a word of. Its first rows are shown now, then what is left of it.

import { describe, expect, it } from 'vitest';
import { commandView } from '../../source/ui/screens/command-rows';

const long = `echo ${'abcdefghij'.repeat(100)}`;

describe('a command on the step panel', () => {
  it('shows the first rows of a line too long for the room, then how much of it is left', () => {
    const { whole, cut } = commandView({ kind: 'shell', raw: long, shown: long }, 40);
    expect(whole.length).toBeGreaterThan(10);
    const { rows, hidden } = cut(6);
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 5)).toEqual(whole.slice(0, 5));
    expect(rows[0]?.text).toMatch(/^\$ echo abcdefghij/);
    expect(rows[5]?.text).toBe(`  … ${whole.length - 5} more rows of this line · x: whole command`);
    expect(hidden).toBe(1);
  });

  it('says the lines after it too when the long line is not the last', () => {
    const raw = `${long}\necho two\necho three`;
    const { whole, cut } = commandView({ kind: 'shell', raw, shown: raw }, 40);
    const rows = cut(6).rows;
    expect(rows.slice(0, 5)).toEqual(whole.slice(0, 5));
    expect(rows[5]?.text).toBe(`  … ${whole.length - 2 - 5} more rows of this line, 2 more lines · x: whole command`);
  });

  it('keeps a destructive line in view under a long first line', () => {
    const raw = `${long}\nrm -rf ./scratch`;
    const rows = commandView({ kind: 'shell', raw, shown: raw }, 40).cut(6).rows.map((r) => r.text);
    expect(rows[0]).toMatch(/^\$ echo abcdefghij/);
    expect(rows.at(-1)).toBe('! 2: rm -rf ./scratch');
    expect(rows).toHaveLength(6);
  });
});
