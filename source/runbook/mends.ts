// Real-world slips in fences, mended before the dialect reads the file — each mend keeps
// every line where it is (line numbers stay the file's own) and is said as a warning:
//
// - "```text" written to close a fence: CommonMark reads it as text in the fence and swallows
//   the rest of the file; the author meant ```.
// - a fence under a list item whose lines drift back to column 0: CommonMark ends the item
//   there, and the closing marker then opens a fence that flips every later pair; the author
//   meant the fence to belong to the item.
// - a fence that runs into the next heading and meets the next fence's opening line: the
//   author forgot its closing marker; it closes on the blank line before the heading, so the
//   mend never reaches past that heading.

import type { Code, Nodes, Root } from 'mdast';
import type { Warning } from './model';
import { endLine, startLine } from './markdown';

export interface Mend {
  /** 0-based indexes of the lines to rewrite, and their new text. */
  edits: { index: number; text: string }[];
  warning: Warning;
}

const OPENER = /^(\s*)(`{3,}|~{3,})(.*)$/;

function markerOf(line: string): { indent: string; marker: string; info: string } | null {
  const m = OPENER.exec(line);
  return m ? { indent: m[1] ?? '', marker: m[2] ?? '', info: (m[3] ?? '').trim() } : null;
}

function closes(line: string, marker: string): boolean {
  const m = markerOf(line);
  return m !== null && m.info === '' && m.marker[0] === marker[0] && m.marker.length >= marker.length;
}

const width = (s: string) => s.replace(/\t/g, '    ').length;
const indentOf = (line: string) => width(/^\s*/.exec(line)?.[0] ?? '');

/** The first mend the tree needs, or null when its fences pair as written. */
export function nextMend(tree: Root, lines: string[]): Mend | null {
  for (const { code, inItem } of codeNodes(tree, false)) {
    const mend = (inItem ? driftedFence(code, lines) : null) ?? swallowedOpener(code, lines);
    if (mend) return mend;
  }
  return null;
}

function codeNodes(node: Nodes, inItem: boolean): { code: Code; inItem: boolean }[] {
  if (node.type === 'code') return [{ code: node, inItem }];
  if (!('children' in node)) return [];
  const inside = inItem || node.type === 'listItem';
  return (node.children as Nodes[]).flatMap((child) => codeNodes(child, inside));
}

/** A fence in a list item that ends with the item: its lines drifted left of the item. */
function driftedFence(code: Code, lines: string[]): Mend | null {
  const open = markerOf(lines[startLine(code) - 1] ?? '');
  if (!open || open.indent === '') return null;
  const last = endLine(code);
  if (last > startLine(code) && closes(lines[last - 1] ?? '', open.marker)) return null;
  const indent = width(open.indent);
  const edits: Mend['edits'] = [];
  for (let i = startLine(code); i < lines.length && i < startLine(code) + 500; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const shallow = indentOf(line) < indent;
    if (closes(line, open.marker)) {
      if (shallow) edits.push({ index: i, text: `${open.indent}${line.trimStart()}` });
      if (edits.length === 0) return null;
      return { edits, warning: { line: startLine(code), message: `fence under a list item runs back to column 0 (to line ${i + 1}); read as part of the item — indent its lines to make it exact` } };
    }
    // Past a new item of an outer list, a heading or another fence: the drift is not this fence's.
    if (shallow && /^\s*(?:[-*+]|\d{1,9}[.)])\s|^#{1,6}\s|^\s*(?:`{3,}|~{3,})/.test(line)) return null;
    if (shallow) edits.push({ index: i, text: `${open.indent}${line.trimStart()}` });
  }
  return null;
}

/**
 * A line in a fence that opens a fence of the same marker ("```text", "```bash"): either the
 * author closed with "```text", or forgot to close before a heading and this is the next
 * fence's opening line.
 */
function swallowedOpener(code: Code, lines: string[]): Mend | null {
  const open = markerOf(lines[startLine(code) - 1] ?? '');
  if (!open) return null;
  const first = startLine(code);
  const valueLines = code.value.split('\n');
  for (let i = 0; i < valueLines.length; i++) {
    const index = first + i;
    const inner = markerOf(lines[index] ?? '');
    if (!inner || !/^\w[\w+-]*$/.test(inner.info) || inner.marker[0] !== open.marker[0] || inner.marker.length < open.marker.length) continue;
    const heading = headingBetween(lines, first, index);
    if (heading !== null) {
      return {
        edits: [{ index: heading - 1, text: `${open.indent}${open.marker}` }],
        warning: { line: first, message: `fence never closes before the heading at line ${heading + 1}; read as closed there — add ${open.marker} before it to make it exact` },
      };
    }
    const text = lines[index] ?? '';
    return {
      edits: [{ index, text: `${inner.indent}${inner.marker}` }],
      warning: { line: index + 1, message: `"${text.trim()}" read as the fence's closing line; write ${inner.marker} alone to make it exact` },
    };
  }
  return null;
}

/** The index of the first ATX heading line (blank lines around it) in lines[from, to). */
function headingBetween(lines: string[], from: number, to: number): number | null {
  for (let i = from + 1; i < to; i++) {
    if (!/^#{1,6}\s+\S/.test(lines[i] ?? '')) continue;
    const before = (lines[i - 1] ?? '').trim() === '';
    const after = i + 1 >= lines.length || (lines[i + 1] ?? '').trim() === '';
    if (before && after) return i;
  }
  return null;
}
