// The open table is laid out once for its width, not at every frame: a capture of 100,000
// rows takes a fifth of a second to lay out, and each ↓ (and each tick of the clock, which
// draws the screen again with a new state holding the same captures) laid it out anew.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunState } from '../../source/run/state';
import type { ResultSet } from '../../source/run/results';
import { BaselinesView } from '../../source/ui/components/baselines-view';
import type * as TableFormat from '../../source/run/table-format';
import { KEYS, renderScreen, unmountAll, waitForFrame } from '../helpers/frames';

// Counts the layouts, and lays out as the product does.
const layouts = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../source/run/table-format', async (importOriginal) => {
  const real = await importOriginal<typeof TableFormat>();
  return {
    ...real,
    formatResultSet: (...args: Parameters<typeof real.formatResultSet>) => {
      layouts.count++;
      return real.formatResultSet(...args);
    },
  };
});

const rows = (): ResultSet => {
  const all = Array.from({ length: 500 }, (_, i) => [`row-${String(i).padStart(3, '0')}`, i]);
  return { statement: 0, command: 'SELECT', columns: [{ name: 'name', type: 'text' }, { name: 'n', type: 'int8' }], rows: all, rowCount: all.length };
};

afterEach(() => unmountAll());

describe('an open capture in the baselines view', () => {
  it('is laid out once while it is scrolled and the screen is drawn again, and again for a new width', async () => {
    const captures = { big: { name: 'big', step: 'p1/rows', at: '2026-11-23T10:00:00Z', resultSets: [rows()], digest: 'd1' } };
    const state = { captures, comparisons: [] } as unknown as RunState;
    const view = (s: RunState, width: number) => <BaselinesView state={s} width={width} height={10} isActive onClose={() => {}} />;
    // Keys go in as a person types them, each after the screen has had its turn: a key
    // written the moment a frame shows can reach the handler of the frame before it.
    const { lastFrame, press, rerender } = renderScreen(view(state, 80));
    await waitForFrame(lastFrame, (f) => f.includes('▸ 1. capture big'));
    await press(KEYS.enter);
    await waitForFrame(lastFrame, (f) => f.includes('row-000'));
    // The table's lines: its head, the rule under it, then row-000, row-001, …; the first
    // shown is the one scrolled to.
    const top = (f: string) => f.split('\n')[1] ?? '';
    const row = (n: number) => `row-${String(n).padStart(3, '0')}`;
    for (let i = 1; i <= 22; i++) {
      await press('j');
      await waitForFrame(lastFrame, (f) => (i === 1 ? /^-+\+-+$/.test(top(f)) : top(f).startsWith(row(i - 2))));
    }
    expect(top(lastFrame() ?? '')).toMatch(/^row-020/);
    // A tick of the clock, or an output line of another step: a new state, the same captures.
    rerender(view({ ...state } as RunState, 80));
    await waitForFrame(lastFrame, (f) => top(f).startsWith(row(20)));
    expect(layouts.count).toBe(1);
    // A resized pane lays it out for its new width.
    rerender(view({ ...state } as RunState, 60));
    await waitForFrame(lastFrame, (f) => top(f).startsWith(row(20)));
    expect(layouts.count).toBe(2);
  });
});
