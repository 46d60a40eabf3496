// The Markdown tree the dialect reads: CommonMark + GFM as a code host shows it, with the
// source line on every node the rules point at.

import { describe, expect, it } from 'vitest';
import type { Code, Html, List, Nodes, Paragraph, Root, Table } from 'mdast';
import { markdownTree } from '../../source/runbook/markdown-tree';
import { blankFrontMatter, frontMatterEnd } from '../../source/runbook/front-matter-fences';
import { endLine, inlineText, startLine } from '../../source/runbook/markdown';
import { DialectError } from '../../source/runbook/model';

const tree = (...lines: string[]): Root => markdownTree(lines.join('\n'));
const first = <T extends Nodes>(root: Root, type: T['type']): T => {
  const found = all(root).find((n) => n.type === type);
  if (!found) throw new Error(`no ${type} in the tree`);
  return found as T;
};
function all(node: Nodes): Nodes[] {
  return [node, ...('children' in node ? (node.children as Nodes[]).flatMap(all) : [])];
}

describe('the Markdown tree', () => {
  it('keeps headings with their depth and line, ATX and setext', () => {
    const root = tree('# Deploy', '', 'Phase one', '---------', '', '### Checks ###');
    const headings = root.children.filter((n) => n.type === 'heading');
    expect(headings.map((h) => [h.depth, inlineText(h), startLine(h)])).toEqual([
      [1, 'Deploy', 1],
      [2, 'Phase one', 3],
      [3, 'Checks', 6],
    ]);
  });

  it('reads a fence with its language, meta, value and closing line', () => {
    const root = tree('## Go', '', '```bash {#migrate}', 'alembic upgrade head', '```', '');
    const code = first<Code>(root, 'code');
    expect(code).toMatchObject({ lang: 'bash', meta: '{#migrate}', value: 'alembic upgrade head' });
    expect([startLine(code), endLine(code)]).toEqual([3, 5]);
  });

  it('runs a fence that never closes to the end of the file', () => {
    const root = tree('```sql', 'SELECT 1;', '', '## Later');
    const code = first<Code>(root, 'code');
    expect(code.value).toBe('SELECT 1;\n\n## Later');
    expect(root.children.filter((n) => n.type === 'heading')).toEqual([]);
  });

  it('reads indented code as code with no language', () => {
    const code = first<Code>(tree('Intro', '', '    pg_isready -h db', ''), 'code');
    expect(code).toMatchObject({ lang: null, meta: null, value: 'pg_isready -h db' });
  });

  it('marks task list items checked or not, and takes the box out of the text', () => {
    const list = first<List>(tree('- [ ] Backup taken', '- [x] **Tests** green', '- [X]', '- plain'), 'list');
    expect(list.children.map((i) => i.checked)).toEqual([false, true, null, null]);
    expect(list.children.map((i) => inlineText(i))).toEqual(['Backup taken', 'Tests green', '[X]', 'plain']);
  });

  it('keeps a box that is not at the start of the item as text', () => {
    const list = first<List>(tree('- Result: [ ] 3 triggers'), 'list');
    expect(list.children[0]?.checked).toBeNull();
    expect(inlineText(list.children[0] as Nodes)).toBe('Result: [ ] 3 triggers');
  });

  it('reads ordered lists with their start, nested lists and their lines', () => {
    const list = first<List>(tree('3. Drain', '   - node a', '   - node b', '4. Upgrade'), 'list');
    expect(list).toMatchObject({ ordered: true, start: 3 });
    expect(list.children.map(startLine)).toEqual([1, 4]);
    const inner = all(list).filter((n): n is List => n.type === 'list')[1];
    expect(inner?.children.map(startLine)).toEqual([2, 3]);
  });

  it('tells a loose list from a tight one', () => {
    expect(first<List>(tree('- a', '- b'), 'list').spread).toBe(false);
    expect(first<List>(tree('- a', '', '- b'), 'list').spread).toBe(true);
  });

  it('reads a pipe table: the header row, body rows on their own lines, alignment', () => {
    const table = first<Table>(tree('Intro', '', '| Step | Est. |', '|:-----|-----:|', '| Drain | 5 min |', '| Upgrade `api` | 10 min |', ''), 'table');
    expect(table.align).toEqual(['left', 'right']);
    expect(table.children.map(startLine)).toEqual([3, 5, 6]);
    expect(table.children.map((row) => row.children.map((c) => inlineText(c)))).toEqual([
      ['Step', 'Est.'],
      ['Drain', '5 min'],
      ['Upgrade `api`', '10 min'],
    ]);
  });

  it('gives a table row as many cells as its header, as a code host shows it', () => {
    const table = first<Table>(tree('| Role | Name |', '|---|---|', '| Lead |', '| QA | Ana | extra |'), 'table');
    expect(table.children.map((row) => row.children.map((c) => inlineText(c)))).toEqual([
      ['Role', 'Name'],
      ['Lead', ''],
      ['QA', 'Ana'],
    ]);
  });

  it('reads YAML front matter on the first line, and keeps the lines after it the file`s own', () => {
    const root = tree('---', 'title: Deploy', 'targets: {}', '---', '', '# Deploy');
    expect(root.children[0]).toMatchObject({ type: 'yaml', value: 'title: Deploy\ntargets: {}' });
    expect(endLine(root.children[0] as Nodes)).toBe(4);
    expect(startLine(first(root, 'heading'))).toBe(6);
  });

  it('reads a --- with no closing one as a thematic break, not front matter', () => {
    const root = tree('---', '', '# Deploy');
    expect(root.children.map((n) => n.type)).toEqual(['thematicBreak', 'heading']);
  });

  it('keeps HTML comments and tags, block and inline, with their lines', () => {
    const root = tree('<!-- runbook: confirm=typed -->', '', '## Go <!-- runbook: id=go -->', '', 'Text', 'more <a name="here"></a>');
    const html = all(root).filter((n): n is Html => n.type === 'html');
    expect(html.map((h) => [h.value, startLine(h)])).toEqual([
      ['<!-- runbook: confirm=typed -->', 1],
      ['<!-- runbook: id=go -->', 3],
      ['<a name="here">', 6],
      ['</a>', 6],
    ]);
  });

  it('joins a paragraph`s lines with a newline in one text, and keeps hard breaks', () => {
    const p = first<Paragraph>(tree('first line', 'second line  ', 'third'), 'paragraph');
    expect(p.children.map((n) => n.type)).toEqual(['text', 'break', 'text']);
    expect(inlineText(p)).toBe('first line\nsecond line\nthird');
    expect([startLine(p), endLine(p)]).toEqual([1, 3]);
  });

  it('reads code spans, emphasis, strikethrough, links and images', () => {
    const p = first<Paragraph>(tree('Run `make` *now*, ~~never~~ **[see](#rollback-plan-a)** ![alt *x*](i.png) &amp; \\*'), 'paragraph');
    const types = all(p).map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['inlineCode', 'emphasis', 'delete', 'strong', 'link', 'image']));
    expect(first(p as unknown as Root, 'link')).toMatchObject({ url: '#rollback-plan-a' });
    expect(first(p as unknown as Root, 'image')).toMatchObject({ alt: 'alt x' });
    expect(inlineText(p)).toBe('Run `make` now, never see alt x & *');
  });

  it('keeps block quotes and what they hold', () => {
    const root = tree('> **Note:** run as deploy', '>', '> ```bash', '> whoami', '> ```');
    const quote = first(root, 'blockquote');
    expect(all(quote).map((n) => n.type)).toEqual(expect.arrayContaining(['paragraph', 'code']));
    expect(startLine(first(root, 'code'))).toBe(3);
  });

  it('reads NUL and a lone surrogate without throwing', () => {
    expect(inlineText(first<Paragraph>(tree('a \u0000\ud800 z'), 'paragraph'))).toContain('z');
  });

  it('reads a list nested 100 levels deep whole: the most the CLI lets a file nest', () => {
    const deep = Array.from({ length: 100 }, (_, i) => '  '.repeat(i) + `- [ ] level ${i + 1}`);
    const items = all(tree(...deep)).filter((n) => n.type === 'listItem');
    expect(items).toHaveLength(100);
    expect(items.every((i) => i.type === 'listItem' && i.checked === false)).toBe(true);
    expect(inlineText(items[99] as Nodes).trim()).toBe('level 100');
  });

  it('refuses, at its line, a file nested deeper than it reads, rather than dropping the rest', () => {
    expect(() => tree('# T', '', '>'.repeat(5000) + ' x')).toThrow(DialectError);
    expect(() => tree('# T', '', '- '.repeat(3000) + 'y')).toThrow('Markdown levels deep');
    try {
      tree('# T', '', '>'.repeat(5000) + ' x');
    } catch (error) {
      expect((error as DialectError).line).toBe(3);
    }
  });
});

describe('the front matter', () => {
  it('runs from a first-line --- to the next ---, and blanks out keeping every line number', () => {
    const text = ['---', 'title: Deploy', '---', '# Deploy', '', '- [ ] check'];
    expect(frontMatterEnd(text)).toBe(2);
    expect(blankFrontMatter(text, 2).split('\n')).toEqual(['', '', '', '# Deploy', '', '- [ ] check']);
    const root = markdownTree(text.join('\n'));
    expect(root.children[0]).toMatchObject({ type: 'yaml', value: 'title: Deploy' });
    expect(startLine(first(root, 'heading'))).toBe(4);
  });

  it('is none without a first-line --- or without a closing one', () => {
    expect(frontMatterEnd(['# Deploy', '---', 'x', '---'])).toBeNull();
    expect(frontMatterEnd(['---', 'title: Deploy', '...', '# Deploy'])).toBeNull();
  });
});
