// The author's text as rows of the step panel: tables within the panel's width (cells
// wrapped, never cut), fences marked as never run, the room a step leaves, pages, moving.

import { describe, expect, it } from 'vitest';
import { authorRows, pageRows, placeText, tableRows } from '../../source/ui/screens/author-rows';
import { movePhase, moveStep, places } from '../../source/ui/screens/places';
import { parseRunbook } from '../../source/runbook/parse';
import { initialState } from '../../source/run/reducer';
import { summaries } from '../../source/controller';
import { identity } from '../helpers/events';
import type { TextBlock } from '../../source/runbook/model';
import { stepTextLines, textToPage } from '../../source/ui/screens/full-text';
import { initialScreen } from '../../source/ui/screens/screen-state';

const width = (rows: { text: string }[]) => Math.max(...rows.map((r) => [...r.text].length));
const words = (rows: { text: string }[]) => rows.map((r) => r.text).join(' ').split(/[\s│─┼]+/).filter(Boolean);

describe('a table in the panel', () => {
  const header = ['Risk', 'Severity', 'Mitigation'];
  const rows = [
    ['MCP tools bypass approval gate', 'CRITICAL', 'Verify all MCP write tools create pending proposals'],
    ['Database migration locks', 'HIGH', 'New tables only, fast DDL'],
  ];

  it('keeps its columns aligned when it fits', () => {
    const shown = tableRows(['Part', 'Risk'], [['API', 'low']], 57);
    expect(shown.map((r) => r.text)).toEqual(['Part │ Risk', '─────┼─────', 'API  │ low']);
    expect(shown[0]?.bold).toBe(true);
  });

  it('wraps the cells of a table too wide within narrower columns: every word on screen, no row wider than the panel', () => {
    for (const w of [57, 40]) {
      const shown = tableRows(header, rows, w);
      expect(width(shown)).toBeLessThanOrEqual(w);
      for (const word of [...header, ...rows.flat()].flatMap((c) => c.split(' '))) expect(words(shown)).toContain(word);
    }
    // Narrower than a word: the word is broken within its column, still never wider than the panel.
    expect(width(tableRows(header, rows, 30))).toBeLessThanOrEqual(30);
  });

  it('shows each row as `header: value` lines when the panel is too narrow for columns', () => {
    const shown = tableRows(header, rows, 16);
    expect(width(shown)).toBeLessThanOrEqual(16);
    expect(shown[0]?.text).toBe('Risk: MCP tools');
    expect(shown.some((r) => r.text === 'Severity: HIGH')).toBe(true);
  });

  it('spells out control characters in cells instead of sending them to the terminal', () => {
    const shown = tableRows(['a'], [['x\u001b[2Jy']], 40);
    expect(shown.map((r) => r.text).join('\n')).not.toContain('\u001b');
    expect(shown.at(-1)?.text).toBe('x\\e[2Jy');
  });
});

describe("the author's text in the room a step leaves", () => {
  const before: TextBlock[] = [{ kind: 'prose', line: 3, text: 'Answer NO, then "Health check or API", to enter Rollback Plan A.' }];
  const after: TextBlock[] = [{ kind: 'code', line: 9, lang: 'sql', text: 'SELECT 1;\nSELECT 2;', became: 'display' }];

  it('shows it all when it fits: before the step, then after it, fences marked as never run', () => {
    const placed = placeText({ before, after }, 57, 20);
    expect(placed.cut).toBe(false);
    expect(placed.before.map((r) => r.text)).toEqual(['Answer NO, then "Health check or API", to enter Rollback', 'Plan A.', '']);
    expect(placed.after.map((r) => r.text)).toEqual(['', '▤ sql · shown, never run', '  SELECT 1;', '  SELECT 2;']);
  });

  it('says how much more there is, and that x shows it, when it does not fit', () => {
    const placed = placeText({ before, after }, 57, 4);
    expect(placed.cut).toBe(true);
    expect([...placed.before, ...placed.after].length).toBeLessThanOrEqual(4);
    expect(placed.after.at(-1)?.text).toMatch(/^… \d+ more lines of the runbook's text · x: all of it$/);
    expect(placeText({ before, after }, 57, 0)).toEqual({ before: [], after: [], cut: true });
  });

  it('wraps prose at spaces within the width', () => {
    const rows = authorRows([{ kind: 'prose', line: 1, text: 'word '.repeat(40).trim() }], 20);
    expect(width(rows)).toBeLessThanOrEqual(20);
    expect(rows.every((r) => !r.text.startsWith(' '))).toBe(true);
  });
});

const MD = ['# T', '', '## Summary', '', 'What changes.', '', '## Go', '', '- [ ] one', '- [ ] two', '', '## Appendix', '', 'Contacts.', ''].join('\n');

describe('information pages', () => {
  const rb = parseRunbook(MD, { file: 't.md', sha256: 'x' });
  const state = initialState({
    seq: 1,
    at: '2026-11-23T10:00:00Z',
    type: 'run.started',
    payload: { runbook: { file: 't.md', sha256: 'x', title: 'T' }, source: MD, steps: summaries(rb), phases: rb.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
  });

  it('are in the order ↑/↓ walk, where they stand in the file', () => {
    expect(places(state, rb)).toEqual([
      { kind: 'page', id: 'summary' },
      { kind: 'step', id: 'go/one' },
      { kind: 'step', id: 'go/two' },
      { kind: 'page', id: 'appendix' },
    ]);
    expect(moveStep(state, rb, null, 'go/one', -1)).toEqual({ type: 'page', page: 'summary' });
    expect(moveStep(state, rb, 'summary', null, 1)).toEqual({ type: 'select', step: 'go/one' });
    expect(movePhase(state, rb, null, 'go/two', 1)).toEqual({ type: 'page', page: 'appendix' });
    expect(movePhase(state, rb, 'appendix', null, -1)).toEqual({ type: 'select', step: 'go/one' });
  });

  it('show their title, that nothing runs from them, and their text; x scrolls a long one', () => {
    const page = rb.pages[0];
    if (!page) throw new Error('no page');
    const shown = pageRows(page, [{ kind: 'prose', line: 5, text: 'What changes.' }], 57, 10, null);
    expect(shown.rows.map((r) => r.text)).toEqual([`Summary${' '.repeat(39)}information`, 'read-only · nothing here runs · enter: back to the run', 'What changes.']);
    const long: TextBlock[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'prose', line: i + 5, text: `line ${i + 1}` }));
    const cut = pageRows(page, long, 57, 10, null);
    expect(cut.cut).toBe(true);
    expect(cut.rows.at(-1)?.text).toMatch(/^… \d+ more lines of the runbook's text · x: all of it$/);
    const scrolled = pageRows(page, long, 57, 10, 100);
    expect(scrolled.rows.at(-1)?.text).toMatch(/^↕ \d+–59 of 59 · .* x esc collapse$/);
  });

  it('a title wider than the panel: cut on the top row, and x shows it whole above the text', () => {
    const page = rb.pages[0];
    if (!page) throw new Error('no page');
    const titled = { ...page, title: 'Summary of every change in this release, and what each one means for the on-call engineer' };
    const text: TextBlock[] = [{ kind: 'prose', line: 5, text: 'What changes.' }];
    const shown = pageRows(titled, text, 57, 10, null);
    expect(shown.rows[0]?.text).toMatch(/^Summary of every change .*… information$/);
    expect(shown.cut).toBe(true);
    const whole = pageRows(titled, text, 57, 10, 0).rows.map((r) => r.text);
    expect(whole.slice(2, 4).join('')).toBe(titled.title);
    expect(whole).toContain('What changes.');
  });
});

describe('o before a step has output: its whole text for the pager', () => {
  const rb = parseRunbook(['# T', '', '## Go', '', 'Read this \u001b]52;c;x\u0007 first.', '', '```sql', 'SELECT 1;', 'UPDATE t SET a = 1;', '-- Expected: 1', '```', ''].join('\n'), { file: 't.md', sha256: 'x' });
  const step = rb.steps[0];
  if (!step) throw new Error('no step');

  it('holds the author text before it, every line of the command as edited, its expectation; control characters spelled out', () => {
    const lines = stepTextLines(step, { before: [{ kind: 'prose', line: 5, text: 'Read this \u001b]52;c;x\u0007 first.' }], after: [] }, 'SELECT 1;\nUPDATE t SET a = 2;');
    expect(lines[0]).toMatch(/^Go · sql · DESTRUCTIVE · line 7$/);
    expect(lines).toContain('Read this \\e]52;c;x\\x07 first.');
    expect(lines).toContain('edited (the journal keeps the original too):');
    expect(lines).toContain('UPDATE t SET a = 2;');
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  it('follows the screen: a page on screen pages the page; a step that has output pages its output', () => {
    const md = parseRunbook(MD, { file: 't.md', sha256: 'x' });
    const state = initialState({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      type: 'run.started',
      payload: { runbook: { file: 't.md', sha256: 'x', title: 'T' }, source: MD, steps: summaries(md), phases: md.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
    });
    const screen = { ...initialScreen({ warning: null, changes: false }), page: 'summary' };
    expect(textToPage(md, state, screen, null)).toEqual(['Summary', '', 'What changes.']);
    expect(textToPage(md, state, { ...screen, page: null }, 'go/one')?.[0]).toBe('Go · manual · line 9');
    const ran = { ...state, steps: { ...state.steps, 'go/one': { ...(state.steps['go/one'] as NonNullable<(typeof state.steps)[string]>), outputLines: 3 } } };
    expect(textToPage(md, ran, { ...screen, page: null }, 'go/one')).toBeUndefined();
  });
});
