// CommonMark + GFM (tables, strikethrough, task list items, YAML front matter) into the mdast
// tree the dialect reads. markdown-it does the tokenizing: cold, in a fresh process, it reads
// the 30 KB sprint-3 seed in a fifth of the time micromark took, with far less garbage.
// Only lines are kept as positions: the dialect points at lines, never at columns.

import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { DialectError } from './model';
import { containerTagLine } from './markdown-html';
import { assertFrontMatterCloses, blankFrontMatter, frontMatterYaml } from './front-matter-fences';
import type { Blockquote, Code, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, Table, TableCell, TableRow, Yaml } from 'mdast';

type Position = NonNullable<Root['position']>;
type Point = Position['start'];
/** The nodes that hold others, as the token stream opens and closes them. */
type Container = Root | Heading | Paragraph | Blockquote | List | ListItem | Table | TableRow | TableCell;

/**
 * markdown-it stops reading (silently) at this many levels of tokens. A list level costs two
 * (the list and its item), a quote one: far above the 100 levels the CLI lets a file nest
 * (commands/runbook-limits.ts), so a file it accepts is read whole.
 */
const MAX_LEVELS = 400;

let tokenizer: MarkdownIt | null = null;

function tokens(source: string): Token[] {
  // html: comments and tags stay in the tree (annotations, anchors); no typographer, no
  // linkify: the text reads exactly as written.
  // (maxNesting is an option @types/markdown-it does not list, hence the object on its own.)
  const options = { html: true, linkify: false, typographer: false, maxNesting: MAX_LEVELS };
  if (!tokenizer) {
    tokenizer = new MarkdownIt('default', options);
    tokenizer.block.ruler.before('html_block', 'container_tag_line', containerTagLine, { alt: ['paragraph', 'reference', 'blockquote'] });
  }
  const stream = tokenizer.parse(source, {});
  // A token at the last level may stand where markdown-it dropped what lay deeper: refuse
  // the file rather than read part of it.
  const deep = stream.find((t) => t.level >= MAX_LEVELS - 1);
  if (deep) throw new DialectError(deep.map ? deep.map[0] + 1 : 1, `nested over ${MAX_LEVELS} Markdown levels deep; runbook reads no deeper`);
  return stream;
}

function point(line: number): Point {
  return { line, column: 1 };
}

function at(start: number, end: number = start): Position {
  return { start: point(start), end: point(end) };
}

/** The token's lines as 1-based first and last. */
function lines(token: Token, fallback: number): [number, number] {
  return token.map ? [token.map[0] + 1, Math.max(token.map[0] + 1, token.map[1])] : [fallback, fallback];
}

/** TOML's top-level `key = value` lines read as the same YAML keys; its tables are the site's. */
function frontMatter(text: string[]): { node: Yaml; closing: number } | null {
  const found = frontMatterYaml(text);
  if (found === null) return null;
  return { node: { type: 'yaml', value: found.value, position: at(1, found.closing + 1) }, closing: found.closing };
}

export function markdownTree(source: string): Root {
  const text = source.split('\n');
  const yaml = frontMatter(text);
  if (!yaml) assertFrontMatterCloses(text);
  const body = yaml ? blankFrontMatter(text, yaml.closing) : source;
  const root: Root = { type: 'root', children: yaml ? [yaml.node] : [], position: at(1, Math.max(1, text.length)) };
  build(tokens(body), root);
  return root;
}

type Open = { node: Container; close: string };

function build(stream: Token[], root: Root): void {
  const stack: Open[] = [{ node: root, close: '' }];
  const top = () => (stack[stack.length - 1] as Open).node;
  const add = (node: Nodes) => (top().children as Nodes[]).push(node);
  const open = (node: Exclude<Container, Root>, close: string) => {
    add(node);
    stack.push({ node, close });
  };
  let line = 1;
  for (const token of stream) {
    const [first, last] = lines(token, line);
    line = first;
    if (stack.length > 1 && token.type === (stack[stack.length - 1] as Open).close) {
      const { node } = stack.pop() as Open;
      if (node.type === 'listItem') taskItem(node);
      if (node.type === 'list') for (const item of node.children) item.spread = node.spread ?? false;
      continue;
    }
    switch (token.type) {
      case 'heading_open':
        open({ type: 'heading', depth: Number(token.tag.slice(1)) as Heading['depth'], children: [], position: at(first, last) }, 'heading_close');
        break;
      case 'paragraph_open': {
        // markdown-it shows a list item's paragraphs only in a loose list.
        const item = top();
        const list = stack[stack.length - 2]?.node;
        if (item.type === 'listItem' && list?.type === 'list' && !token.hidden) list.spread = true;
        open({ type: 'paragraph', children: [], position: at(first, last) }, 'paragraph_close');
        break;
      }
      case 'blockquote_open':
        open({ type: 'blockquote', children: [], position: at(first, last) }, 'blockquote_close');
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const list: List = { type: 'list', ordered, start: ordered ? Number(token.attrGet('start') ?? 1) : null, spread: false, children: [], position: at(first, last) };
        open(list, ordered ? 'ordered_list_close' : 'bullet_list_close');
        break;
      }
      case 'list_item_open':
        open({ type: 'listItem', spread: false, checked: null, children: [], position: at(first, last) }, 'list_item_close');
        break;
      case 'table_open':
        open({ type: 'table', align: [], children: [], position: at(first, last) }, 'table_close');
        break;
      case 'tr_open':
        open({ type: 'tableRow', children: [], position: at(first, last) }, 'tr_close');
        break;
      case 'th_open':
      case 'td_open': {
        const table = stack.find((o) => o.node.type === 'table')?.node as Table | undefined;
        const style = token.attrGet('style') ?? '';
        const align = /text-align:(left|right|center)/.exec(style)?.[1] as 'left' | 'right' | 'center' | undefined;
        if (table && token.type === 'th_open') table.align?.push(align ?? null);
        open({ type: 'tableCell', children: [], position: at(line) }, token.type === 'th_open' ? 'th_close' : 'td_close');
        break;
      }
      case 'inline': {
        // A loop, not push(...nodes): a paragraph of 200,000 code spans would overflow the stack.
        const children = top().children as PhrasingContent[];
        for (const node of phrasing(token.children ?? [], first)) children.push(node);
        break;
      }
      case 'fence': {
        const info = token.info.trim();
        const gap = info.search(/\s/);
        const lang = gap < 0 ? info : info.slice(0, gap);
        const meta = gap < 0 ? '' : info.slice(gap).trim();
        const code: Code = { type: 'code', lang: lang || null, meta: meta || null, value: token.content.replace(/\n$/, ''), position: at(first, last) };
        add(code);
        break;
      }
      case 'code_block':
        add({ type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, ''), position: at(first, last) });
        break;
      case 'html_block':
        add({ type: 'html', value: token.content.replace(/\n$/, ''), position: at(first, last) });
        break;
      case 'hr':
        add({ type: 'thematicBreak', position: at(first, last) });
        break;
      default:
        // thead/tbody wrappers: mdast has rows straight under the table.
        break;
    }
  }
}

/** Inline tokens into mdast phrasing nodes; a soft break is a "\n" in the text, as mdast has it. */
function phrasing(stream: Token[], firstLine: number): PhrasingContent[] {
  const root: { children: PhrasingContent[] } = { children: [] };
  const stack: { children: PhrasingContent[] }[] = [root];
  let line = firstLine;
  const here = () => (stack[stack.length - 1] as { children: PhrasingContent[] }).children;
  const text = (value: string) => {
    // Emphasis delimiters leave empty text tokens behind; mdast has none.
    if (value === '') return;
    const siblings = here();
    const prev = siblings[siblings.length - 1];
    if (prev?.type === 'text') prev.value += value;
    else siblings.push({ type: 'text', value, position: at(line) });
  };
  const open = (node: PhrasingContent & { children: PhrasingContent[] }) => {
    here().push(node);
    stack.push(node);
  };
  for (const token of stream) {
    switch (token.type) {
      case 'text':
      case 'text_special':
        text(token.content);
        break;
      case 'softbreak':
        text('\n');
        line++;
        break;
      case 'hardbreak':
        here().push({ type: 'break', position: at(line) });
        line++;
        break;
      case 'code_inline':
        here().push({ type: 'inlineCode', value: token.content, position: at(line) });
        break;
      case 'html_inline':
        here().push({ type: 'html', value: token.content, position: at(line) });
        line += token.content.split('\n').length - 1;
        break;
      case 'image':
        here().push({ type: 'image', url: token.attrGet('src') ?? '', alt: flat(token.children ?? []), title: token.attrGet('title'), position: at(line) });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [], position: at(line) });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [], position: at(line) });
        break;
      case 's_open':
        open({ type: 'delete', children: [], position: at(line) });
        break;
      case 'link_open':
        open({ type: 'link', url: token.attrGet('href') ?? '', title: token.attrGet('title'), children: [], position: at(line) });
        break;
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        break;
    }
  }
  return root.children;
}

/** An image's alt text: what its label reads as, without markup. */
function flat(stream: Token[]): string {
  return stream.map((t) => (t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : t.type === 'image' ? flat(t.children ?? []) : t.content)).join('');
}

/**
 * GFM task list item: `[ ]`, `[x]` or `[X]` opening the item's first paragraph, followed by
 * a space, a tab or the end of the line, and then something more.
 */
function taskItem(item: ListItem): void {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return;
  const head = first.children[0];
  if (head?.type !== 'text') return;
  // What follows may be the next node (`- [x] **bold**`): then the text ends in the space.
  const more = first.children.length > 1 ? '\0' : '';
  const check = /^\[([ xX])\](?:[ \t](?=[ \t]*\S)|\n)/.exec(head.value + more);
  if (!check) return;
  item.checked = check[1] !== ' ';
  head.value = head.value.slice(Math.min(check[0].length, head.value.length));
  if (head.value === '') first.children.shift();
}
