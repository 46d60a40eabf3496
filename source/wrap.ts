// Text printed outside the full screen (before it, after it, and by --plain) wrapped to the
// terminal's width at spaces. A path or a command to copy is never split: once a
// paragraph does not fit on one line, each one goes on a line of its own, where it can be
// selected whole. (ui/text.ts's `wrap` is for the screen, where nothing may pass the edge
// and a long word is cut; here nothing is cut and the terminal may wrap a long path.)
// Widths are terminal columns (run/drawn-width.ts), the screen's measure.

import { cells, drawnWidth } from './run/drawn-width';

/** A path or a command to copy: never split. */
export interface Whole {
  readonly whole: string;
}

export type Piece = string | Whole;

/** One paragraph: prose, or prose and things kept whole, in reading order. */
export type Paragraph = string | readonly Piece[];

export function whole(text: string): Whole {
  return { whole: text };
}

/** Columns a line of ours takes: a CJK character or an emoji two, as the screen measures. */
export const width = drawnWidth;

/**
 * A word too wide for a line, in the pieces a line may end between: each wide character
 * (CJK, an emoji) on its own, as such text breaks; a run of narrow ones (a URL) stays whole.
 */
function breakable(word: string): string[] {
  const pieces: string[] = [];
  let narrow = '';
  for (const cell of cells(word)) {
    if (cell.width < 2) {
      narrow += cell.text;
      continue;
    }
    if (narrow !== '') pieces.push(narrow);
    narrow = '';
    pieces.push(cell.text);
  }
  if (narrow !== '') pieces.push(narrow);
  return pieces;
}

/**
 * The paragraph as lines of at most `columns` columns. On one line when it fits: the
 * pieces as written, a space put between two that would otherwise touch. Else the prose
 * flows at spaces under the paragraph's own indent, and each whole piece has a line of its
 * own, two further in. A whole piece, or a word of narrow characters, wider than the terminal
 * stays whole; CJK text breaks between its characters.
 */
export function wrapParagraph(paragraph: Paragraph, columns: number): string[] {
  const pieces = typeof paragraph === 'string' ? [paragraph] : paragraph;
  const line = pieces.map(text).reduce((joined, next) => (joined === '' || next === '' || /\s$/.test(joined) || /^\s/.test(next) ? joined + next : `${joined} ${next}`), '');
  if (width(line) <= columns) return [line];
  const first = pieces[0];
  const indent = typeof first === 'string' ? (/^\s*/.exec(first)?.[0] ?? '') : '';
  const prose = pieces.some((p) => typeof p === 'string' && p.trim() !== '');
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') lines.push(indent + current);
    current = '';
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      flush();
      lines.push(`${indent}${prose ? '  ' : ''}${piece.whole}`);
      continue;
    }
    for (const word of piece.split(/\s+/).filter((w) => w !== '')) {
      const parts = width(indent + word) > columns ? breakable(word) : [word];
      parts.forEach((part, i) => {
        const gap = i === 0 ? ' ' : '';
        if (current !== '' && width(indent + current + gap + part) > columns) flush();
        current = current === '' ? part : current + gap + part;
      });
    }
  }
  flush();
  return lines;
}

/**
 * `text` flowing at spaces after `prefix` (a row's head: a mark and a status, a state and a
 * date), its further lines under the text's own column. A word of narrow characters wider
 * than the room stays whole.
 */
export function wrapHanging(prefix: string, text: string, columns: number): string[] {
  const at = width(prefix);
  return wrapParagraph(text, Math.max(20, columns - at)).map((line, i) => (i === 0 ? prefix : ' '.repeat(at)) + line);
}

/**
 * The width text outside the screen wraps to: the terminal's; else `$COLUMNS` when it names
 * one (output to a file or to `grep` can ask for longer lines); else 80.
 */
export function outputColumns(out: { isTTY?: boolean; columns?: number }, columnsVar: string | undefined): number {
  if (out.isTTY && out.columns !== undefined && out.columns > 0) return out.columns;
  const asked = Number(columnsVar);
  return Number.isInteger(asked) && asked > 0 ? asked : 80;
}

/** Paragraphs as text to print: each wrapped, one line each, ending with a newline. */
export function wrapText(paragraphs: readonly Paragraph[], columns: number): string {
  return paragraphs.flatMap((p) => wrapParagraph(p, columns).map((l) => `${l}\n`)).join('');
}

function text(piece: Piece): string {
  return typeof piece === 'string' ? piece : piece.whole;
}
