// Markdown → Runbook. The file is read as a code host renders it (CommonMark + GFM, with
// positions); the dialect rules then read meaning into the blocks.

import type { Code, Nodes, Root } from 'mdast';
import { DialectError, RunbookError, type Runbook, type Warning } from './model';
import { parseMarkdown, startLine } from './markdown';
import { walkDocument } from './blocks';
import { assemble } from './assemble';

export function parseRunbook(source: string, options: { file: string; sha256: string }): Runbook {
  try {
    const { tree, lines, warnings } = readTree(source);
    const runbook = assemble(walkDocument(tree, lines), options.file, options.sha256);
    runbook.warnings = [...warnings, ...runbook.warnings].sort((a, b) => a.line - b.line);
    return runbook;
  } catch (error) {
    if (error instanceof DialectError) throw new RunbookError(options.file, error.line, error.message);
    throw error;
  }
}

/** Each mend re-parses the whole file: at most this many, and this much text in all. */
const MAX_MENDS = 10;
const MEND_BUDGET = 512 * 1024;

/**
 * Parses, mending one real-world slip first: "```text" written to close a fence. CommonMark
 * reads it as text inside the fence and swallows the rest of the file; the author meant ```.
 */
function readTree(source: string): { tree: Root; lines: string[]; warnings: Warning[] } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const warnings: Warning[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const tree = parseMarkdown(lines.join('\n'));
    const slip = closingSlip(tree, lines);
    if (slip === null) return { tree, lines, warnings };
    // A hostile file full of slips must not take minutes: past the budget it reads as written.
    if (attempt >= MAX_MENDS || (attempt + 1) * source.length > MEND_BUDGET) return { tree, lines, warnings };
    const text = lines[slip] ?? '';
    const marker = /^(\s*)(`{3,}|~{3,})(\S+)\s*$/.exec(text);
    lines[slip] = `${marker?.[1] ?? ''}${marker?.[2] ?? '```'}`;
    warnings.push({ line: slip + 1, message: `"${text.trim()}" read as the fence's closing line; write ${marker?.[2] ?? '```'} alone to make it exact` });
  }
  return { tree: parseMarkdown(lines.join('\n')), lines, warnings };
}

/** Index of a line inside a fence that opens a fence of the same marker while one is open. */
function closingSlip(tree: Root, lines: string[]): number | null {
  for (const code of codeNodes(tree)) {
    const open = /^\s*(`{3,}|~{3,})/.exec(lines[startLine(code) - 1] ?? '')?.[1];
    if (!open) continue;
    const first = startLine(code);
    const valueLines = code.value.split('\n');
    for (let i = 0; i < valueLines.length; i++) {
      const m = /^\s*(`{3,}|~{3,})(\w[\w+-]*)\s*$/.exec(valueLines[i] ?? '');
      if (m?.[1] && m[1][0] === open[0] && m[1].length >= open.length) return first + i;
    }
  }
  return null;
}

function codeNodes(node: Nodes): Code[] {
  if (node.type === 'code') return [node];
  return 'children' in node ? (node.children as Nodes[]).flatMap(codeNodes) : [];
}
