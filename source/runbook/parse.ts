// Markdown → Runbook. The file is read as a code host renders it (CommonMark + GFM, with
// positions); the dialect rules then read meaning into the blocks.

import type { Root } from 'mdast';
import { DialectError, RunbookError, type Runbook, type Warning } from './model';
import { parseMarkdown } from './markdown';
import { nextMend } from './mends';
import { walkDocument } from './blocks';
import { assemble } from './assemble';
import { authorText } from './author-text';

export function parseRunbook(source: string, options: { file: string; sha256: string }): Runbook {
  try {
    const { tree, lines, warnings } = readTree(source);
    const walked = walkDocument(tree, lines);
    const runbook = assemble(walked, options.file, options.sha256);
    Object.assign(runbook, authorText(tree, walked.sections, runbook, lines.length, walked.title));
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

/** Parses, mending the fence slips real checklists hold first (mends.ts); each mend is a warning. */
function readTree(source: string): { tree: Root; lines: string[]; warnings: Warning[] } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const warnings: Warning[] = [];
  for (let attempt = 0; ; attempt++) {
    const tree = parseMarkdown(lines.join('\n'));
    const mend = nextMend(tree, lines);
    if (mend === null) return { tree, lines, warnings };
    // A hostile file full of slips must not take minutes: past the budget it reads as written.
    if (attempt >= MAX_MENDS || (attempt + 1) * source.length > MEND_BUDGET) return { tree, lines, warnings };
    for (const edit of mend.edits) lines[edit.index] = edit.text;
    warnings.push(mend.warning);
  }
}
