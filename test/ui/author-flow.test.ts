// A paragraph of the author's text in the step panel is flowed to the panel: its source
// line ends (soft breaks) are spaces, as Markdown reads them. Before, each source line was
// wrapped on its own, so at 80x24 the demo's first paragraph read in ragged pieces:
// "minutes. Its shell steps only print" / "(`echo`, `date`, `ls`, `cat`) and write …".

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorRows } from '../../source/ui/screens/author-rows';
import { parseRunbook } from '../../source/runbook/parse';
import { textAround } from '../../source/runbook/text-around';
import { layout } from '../../source/ui/screens/layout';

const len = (t: string) => [...t].length;

/** Rows of one paragraph are full: no row could have taken the next row's first word. */
function expectFlowed(rows: string[], width: number): void {
  for (let i = 0; i + 1 < rows.length; i++) {
    const next = (rows[i + 1] ?? '').replace(/^> /, '').split(' ')[0] ?? '';
    expect(len(rows[i] ?? '') + 1 + len(next), `row ${i} "${rows[i]}" could take "${next}"`).toBeGreaterThan(width);
  }
  for (const r of rows) expect(len(r)).toBeLessThanOrEqual(width);
}

/** The paragraphs of some rows: runs of rows between blank ones. */
const paragraphs = (rows: string[]) =>
  rows
    .join('\n')
    .split('\n\n')
    .map((p) => p.split('\n'));

describe("the author's paragraphs in the panel", () => {
  it("flows the demo's introduction to the panel's width at 80x24", () => {
    const demo = parseRunbook(readFileSync(new URL('../../runbooks/demo.md', import.meta.url), 'utf8'), { file: 'demo.md', sha256: 'sha' });
    const width = layout({ columns: 80, rows: 24 }, { notices: 0, prompt: 1 }).right;
    const ticket = demo.steps.find((s) => s.kind === 'input' && s.title.toLowerCase().includes('change ticket'));
    expect(ticket).toBeDefined();
    const rows = authorRows(textAround(demo, ticket?.id ?? '').before, width).map((r) => r.text);
    const [intro = [], tour = []] = paragraphs(rows);
    expect(intro[0]).toBe('A practice deployment in a sandbox folder, about five');
    expect(intro[1]).toBe('minutes. Its shell steps only print (`echo`, `date`,');
    expectFlowed(intro, width);
    expect(tour[0]).toMatch(/^On the way you will see what `runbook` does in a real/);
    expectFlowed(tour, width);
  });

  it('keeps hard breaks, a quote under its mark, and lists, code and tables as written', () => {
    const md = [
      '# T',
      '',
      '## Phase 1: One',
      '',
      'First line of a paragraph that the author',
      'broke early, and then',
      'again here.  ',
      'After a hard break (two spaces) it starts a line of its own.\\',
      'So does this one, after a backslash.',
      '',
      '> A quote the author broke',
      '> in two.',
      '',
      '- one item',
      '- two',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '```text',
      'kept',
      '  as is',
      '```',
      '',
      '```bash',
      'echo hi',
      '```',
      '',
    ].join('\n');
    const rb = parseRunbook(md, { file: 't.md', sha256: 'sha' });
    const step = rb.steps.find((s) => s.kind === 'shell');
    const rows = authorRows(textAround(rb, step?.id ?? '').before, 40).map((r) => r.text);
    expect(rows).toEqual([
      'First line of a paragraph that the',
      'author broke early, and then again here.',
      'After a hard break (two spaces) it',
      'starts a line of its own.',
      'So does this one, after a backslash.',
      '',
      '> A quote the author broke in two.',
      '',
      '• one item',
      '• two',
      '',
      'a │ b',
      '──┼──',
      '1 │ 2',
      '',
      '▤ text · shown, never run',
      '  kept',
      '    as is',
    ]);
  });
});
