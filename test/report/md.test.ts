// Whatever an operator typed (a note, a skip reason, an input value) must read back the
// same on a code host, wherever the report puts it. Checked with the real Markdown parser.

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import { code, fence, headingText, paragraph, table, text } from '../../source/report/md';
import { plainText } from '../../source/runbook/markdown';
import { markdownlint, nodes } from './helpers';

const AWKWARD = [
  'a | b || c',
  'use `kubectl get pods` then ``double``',
  '<pod> and <b>bold</b> and <!-- comment -->',
  '**not bold** *not italic* _not italic_ __init__ snake_case_name',
  '[not a link](http://x.io) and ![no image](x.png)',
  'see https://example.com/path?a=1&b=2. and ops@example.com and www.example.com',
  '# not a heading, C# stays, issue #12',
  '~~not struck~~ and ~tilde~',
  'back\\slash \\| \\` and &amp; entity &copy;',
  '1. not a list',
  '- not a list either',
  '> not a quote',
  'tab\there and  double  spaces',
  '$HOME and ${commit_sha} and %7C',
];

const dir = mkdtempSync(join(tmpdir(), 'runbook-report-md-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function flat(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function only(markdown: string, type: Nodes['type']): Nodes[] {
  return nodes(markdown).filter((n) => n.type === type);
}

describe('user text in the Markdown report', () => {
  it('reads back the same in a table cell, and never splits the row', () => {
    const doc = table(['Name', 'Value'], AWKWARD.map((v) => ['x', text(v)])).join('\n');
    const rows = only(doc, 'tableRow').slice(1);
    expect(rows).toHaveLength(AWKWARD.length);
    rows.forEach((row, i) => {
      const cells = 'children' in row ? (row.children as Nodes[]) : [];
      expect(cells).toHaveLength(2);
      expect(plainText(cells[1] as Nodes)).toBe(flat(AWKWARD[i] ?? ''));
    });
    expect(only(doc, 'html')).toEqual([]);
  });

  it('reads back the same as a paragraph of its own and as a heading', () => {
    for (const value of AWKWARD) {
      const para = only(paragraph(value), 'paragraph');
      expect(para, value).toHaveLength(1);
      expect(plainText(para[0] as Nodes)).toBe(flat(value));
      const heading = only(`## ${headingText(value)}`, 'heading');
      expect(heading, value).toHaveLength(1);
    }
  });

  it('keeps code spans whole, in a table cell too', () => {
    for (const value of ['a | b', 'one `tick`', '``two``', '`leading']) {
      const spans = only(table(['V'], [[code(value, true)]]).join('\n'), 'inlineCode');
      expect(spans.map((s) => ('value' in s ? s.value : ''))).toEqual([value]);
    }
    expect(code('   ')).toBe('(empty)');
  });

  it('keeps output that holds fences inside one code block', () => {
    const block = fence(['```', 'inside', '````', 'still inside'], 'text').join('\n');
    const blocks = only(block, 'code');
    expect(blocks).toHaveLength(1);
    expect('value' in blocks[0]! ? blocks[0].value : '').toBe('```\ninside\n````\nstill inside');
  });

  it('passes markdownlint in every place at once', async () => {
    const lines = ['# Awkward text', ''];
    for (const value of AWKWARD) lines.push(`## ${headingText(value)}`, '', paragraph(value), '', `- Note: ${text(value)}`, '');
    lines.push(...table(['Name', 'Value'], AWKWARD.map((v) => [code(v, true), text(v)])), '');
    const file = join(dir, 'awkward.md');
    writeFileSync(file, `${lines.join('\n')}`);
    const lint = await markdownlint(file);
    expect(lint.output).toContain('Summary: 0 error(s)');
  });
});
