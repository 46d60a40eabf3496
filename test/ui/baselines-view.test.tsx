import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { RunState } from '../../source/run/state';
import { compareResultSets } from '../../source/run/compare';
import type { ResultSet } from '../../source/run/results';
import { BaselinesView, baselineItems } from '../../source/ui/components/baselines-view';
import { baselinesReducer } from '../../source/ui/hooks/use-baselines';
import { KEYS, waitForFrame } from '../helpers/frames';

const counts = (policies: number, agents: number): ResultSet => ({
  statement: 0,
  command: 'SELECT',
  columns: [{ name: 'table_name', type: 'text' }, { name: 'count', type: 'int8' }],
  rows: [['policies', policies], ['agents', agents]],
  rowCount: 2,
});

function withBaselines(): RunState {
  const comparison = compareResultSets([counts(12, 3)], [counts(12, 4)]);
  return {
    captures: { baseline: { name: 'baseline', step: 'p1/counts', at: '2026-11-23T10:00:00Z', resultSets: [counts(12, 3)], digest: 'd1' } },
    comparisons: [{ name: 'baseline', step: 'p5/counts-after', at: '2026-11-23T11:00:00Z', passed: comparison.passed, baselineDigest: 'd1', digest: 'd2', summary: comparison.summary, rows: comparison.resultSets }],
  } as unknown as RunState;
}

describe('the baselines browser', () => {
  it('lists captures and comparisons; enter shows one as a table; esc goes back, then closes', async () => {
    let closed = 0;
    const { lastFrame, stdin } = render(<BaselinesView state={withBaselines()} width={80} height={14} isActive onClose={() => closed++} />);
    const list = await waitForFrame(lastFrame, (f) => f.includes('BASELINES · 2 items'));
    expect(list).toContain('▸ 1. capture baseline  → step p1/counts · 1 result set');
    expect(list).toMatch(/2\. compare baseline ✘/);
    stdin.write(KEYS.enter);
    const table = await waitForFrame(lastFrame, (f) => f.includes('table_name | count'));
    expect(table).toMatch(/agents +\| 3/);
    stdin.write(KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('BASELINES · 2 items'));
    stdin.write('j');
    await waitForFrame(lastFrame, (f) => f.includes('▸ 2. compare baseline'));
    stdin.write(KEYS.enter);
    const diff = await waitForFrame(lastFrame, (f) => f.includes('count: 3 → 4'));
    expect(diff).toMatch(/agents/);
    stdin.write(KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('BASELINES'));
    stdin.write(KEYS.escape);
    await waitForFrame(() => String(closed), (n) => n === '1');
  });

  it('scrolls an open table no further than its end', () => {
    let s = baselinesReducer({ index: 0, count: 1, offset: null }, { type: 'open' });
    for (let i = 0; i < 10; i++) s = baselinesReducer(s, { type: 'down', max: 3 });
    expect(s.offset).toBe(3);
    expect(baselinesReducer(s, { type: 'back' }).offset).toBeNull();
    expect(baselineItems({ captures: {}, comparisons: [] } as unknown as RunState)).toEqual([]);
  });

  // The demo's second statement: six triggers, told apart only by their names' ends.
  const triggers = (): ResultSet => {
    const rows = ['audit_events', 'decisions', 'evidence_packs'].flatMap((t) => [[`${t}_immutable_delete`, t], [`${t}_immutable_update`, t]]);
    return { statement: 1, command: 'SELECT', columns: [{ name: 'trigger_name', type: 'text' }, { name: 'table_name', type: 'text' }], rows, rowCount: rows.length };
  };
  const compared = (): RunState => {
    const c = compareResultSets([triggers()], [triggers()]);
    return { captures: {}, comparisons: [{ name: 'baseline', step: 'p3/verify', at: '2026-11-23T11:00:00Z', passed: c.passed, baselineDigest: 'd', digest: 'd', summary: c.summary, rows: c.resultSets }] } as unknown as RunState;
  };
  const rowsOf = (frame: string) => frame.split('\n').filter((l) => l.includes('| unchanged'));

  it('sizes a comparison\'s columns to what they hold: the whole key at 80 columns, no padding wasted', async () => {
    const { lastFrame, stdin } = render(<BaselinesView state={compared()} width={80} height={20} isActive onClose={() => {}} />);
    await waitForFrame(lastFrame, (f) => f.includes('▸ 1. compare baseline'));
    stdin.write(KEYS.enter);
    const table = await waitForFrame(lastFrame, (f) => f.includes('statement 2 · key trigger_name'));
    const rows = rowsOf(table);
    expect(rows).toHaveLength(6);
    expect(rows[4]).toMatch(/^ {2}evidence_packs_immutable_delete \| table_name: evidence_packs \| unchanged$/);
    expect(rows[0]).toMatch(/^ {2}audit_events_immutable_delete +\| table_name: audit_events +\| unchanged$/);
  });

  it('keeps every row told apart by its key when the pane is too narrow for it whole', async () => {
    for (const width of [56, 44]) {
      const { lastFrame, stdin, unmount } = render(<BaselinesView state={compared()} width={width} height={20} isActive onClose={() => {}} />);
      await waitForFrame(lastFrame, (f) => f.includes('▸ 1. compare baseline'));
      stdin.write(KEYS.enter);
      const frame = await waitForFrame(lastFrame, (f) => f.includes('statement 2 · key trigger_name'));
      const rows = rowsOf(frame);
      expect(rows).toHaveLength(6);
      expect(rows.every((r) => [...r].length <= width)).toBe(true);
      expect(new Set(rows.map((r) => r.split(' | ')[0])).size).toBe(6);
      unmount();
    }
  });
});

// A database cell is other people's bytes: drawn raw in the table, an OSC in it retitled the
// window, `\e[2J` cleared the screen and a bidi override reordered the row. The step panel
// spelled them out; the baselines view did not.
describe('the baselines browser, with control characters in a cell', () => {
  const cells = (): ResultSet => ({
    statement: 0,
    command: 'SELECT',
    columns: [{ name: 'name', type: 'text' }, { name: 'v', type: 'text' }],
    rows: [['a\u001b]2;owned\u0007b', 'x\u001b[2Jy\u202ez']],
    rowCount: 1,
  });
  const state = (): RunState => {
    const c = compareResultSets([cells()], [{ ...cells(), rows: [['a\u001b]2;owned\u0007b', 'changed\u202e']] }]);
    return {
      captures: { base: { name: 'base', step: 'p1/cells', at: '2026-11-23T10:00:00Z', resultSets: [cells()], digest: 'd1' } },
      comparisons: [{ name: 'base', step: 'p2/cells', at: '2026-11-23T11:00:00Z', passed: c.passed, baselineDigest: 'd1', digest: 'd2', summary: c.summary, rows: c.resultSets }],
    } as unknown as RunState;
  };

  const raw = (frame: string) => ['\u001b', '\u0007', '\u202e'].filter((ch) => frame.includes(ch));

  it('spells them out in a capture and in a comparison, as the step panel does', async () => {
    const { lastFrame, stdin } = render(<BaselinesView state={state()} width={80} height={20} isActive onClose={() => {}} />);
    await waitForFrame(lastFrame, (f) => f.includes('▸ 1. capture base'));
    stdin.write(KEYS.enter);
    const table = await waitForFrame(lastFrame, (f) => f.includes('name'));
    expect(table).toContain('a\\e]2;owned\\x07b');
    expect(table).toContain('x\\e[2Jy<U+202E>z');
    expect(raw(table)).toEqual([]);
    stdin.write(KEYS.escape);
    await waitForFrame(lastFrame, (f) => f.includes('BASELINES'));
    stdin.write('j');
    await waitForFrame(lastFrame, (f) => f.includes('▸ 2. compare base'));
    stdin.write(KEYS.enter);
    const diff = await waitForFrame(lastFrame, (f) => f.includes('statement 1'));
    expect(diff).toContain('changed<U+202E>');
    expect(raw(diff)).toEqual([]);
  });
});
