// The Markdown tree with source positions, and small readers over its nodes.
// Every structural decision of the parser starts from these nodes, never from line regexes.

import type { Nodes, Root } from 'mdast';
import { markdownTree } from './markdown-tree';

export function parseMarkdown(source: string): Root {
  return markdownTree(source);
}

export function startLine(node: Nodes): number {
  return node.position?.start.line ?? 0;
}

export function endLine(node: Nodes): number {
  return node.position?.end.line ?? startLine(node);
}

/**
 * Text as an operator reads it: code spans keep their backticks, emphasis markers go.
 * `soft`: what a soft line break (a line end inside a paragraph) becomes — `'\n'` keeps the
 * source's lines, `' '` flows them as Markdown does; a hard break is a newline either way.
 */
export function inlineText(node: Nodes, soft: '\n' | ' ' = '\n'): string {
  const flow = (value: string) => (soft === '\n' ? value : value.replace(/[ \t]*\n[ \t]*/g, ' '));
  switch (node.type) {
    case 'text':
      return flow(node.value);
    case 'inlineCode':
      return '`' + node.value + '`';
    case 'break':
      return '\n';
    case 'html':
      // `<!-- runbook: … -->` inside a list item or heading is an annotation, not text.
      return /^<!--/.test(node.value) ? '' : flow(node.value);
    case 'image':
      return node.alt ?? '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map((child) => inlineText(child, soft)).join('') : '';
  }
}

/** Plain text: code spans without backticks. */
export function plainText(node: Nodes): string {
  if (node.type === 'inlineCode') return node.value;
  if (node.type === 'text') return node.value;
  if (node.type === 'html') return /^<!--/.test(node.value) ? '' : node.value;
  if (node.type === 'break') return '\n';
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}

/** Every inline code span under a node, in order. */
export function codeSpans(node: Nodes): string[] {
  if (node.type === 'inlineCode') return [node.value];
  if (!('children' in node)) return [];
  return (node.children as Nodes[]).flatMap(codeSpans);
}

/** Every `[text](#anchor)` link under a node. */
export function anchorLinks(node: Nodes): { text: string; anchor: string }[] {
  if (node.type === 'link' && node.url.startsWith('#') && node.url.length > 1) return [{ text: plainText(node), anchor: node.url.slice(1) }];
  if (!('children' in node)) return [];
  return (node.children as Nodes[]).flatMap(anchorLinks);
}

/** Every HTML node under a node: annotations written inside a list item or heading, `<a name>` anchors. */
export function htmlNodes(node: Nodes): { html: string; line: number }[] {
  if (node.type === 'html') return [{ html: node.value, line: startLine(node) }];
  if (!('children' in node)) return [];
  return (node.children as Nodes[]).flatMap(htmlNodes);
}
