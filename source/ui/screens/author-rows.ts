// The author's own text as rows of the step panel: headings, prose, lists, tables and the
// fences that are shown and never run, each wrapped to the panel's width (nothing is cut;
// a table too wide has its cells wrapped within narrower columns). Read-only. Pure.

import type { InfoPage, TextBlock } from '../../runbook/model';
import { visible } from '../../run/terminal-text';
import { collapseRow, wrapRows, type Row } from './row';
import { length, spread, spreadCuts, wrap } from '../text';

/** As the terminal shows it: control characters spelled out, tabs as spaces (they have no width here). */
const shown = (text: string) => visible(text).replace(/\t/g, '    ');

/** Words kept whole where they fit: wrap at the last space of each piece. */
function words(text: string, width: number): string[] {
  if (length(text) <= width) return [text];
  const out: string[] = [];
  let rest = text;
  while (length(rest) > width) {
    const head = [...rest].slice(0, width + 1).join('');
    const cut = head.lastIndexOf(' ');
    const at = cut > 0 ? cut : width;
    out.push([...rest].slice(0, at).join('').trimEnd());
    rest = [...rest].slice(at).join('').trimStart();
  }
  if (rest !== '') out.push(rest);
  return out.length > 0 ? out : [''];
}

/** Column widths that fit `room`: the narrow columns keep their width, the wide ones share the rest. */
function columnWidths(natural: number[], room: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    const widest = Math.max(...widths);
    if (widest <= 1) break;
    const i = widths.indexOf(widest);
    widths[i] = widest - 1;
    total--;
  }
  return widths;
}

const GAP = ' │ ';

/**
 * A table within `width`: aligned columns, the header bold. Cells too wide wrap within
 * their column; with too many columns for that, each row is shown as `header: value` lines.
 */
export function tableRows(header: string[], rows: string[][], width: number): Row[] {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const cell = (r: string[], i: number) => shown(r[i] ?? '');
  const natural = Array.from({ length: columns }, (_, i) => Math.max(1, length(cell(header, i)), ...rows.map((r) => length(cell(r, i)))));
  const room = width - length(GAP) * (columns - 1);
  const widths = columnWidths(natural, room);
  if (room < columns * 6 && natural.reduce((a, b) => a + b, 0) > room) {
    // Too narrow for columns: one block per row, each cell under its header's name.
    return rows.flatMap((r, n) => [
      ...(n > 0 ? [{ text: '' }] : []),
      ...header.flatMap((h, i) => {
        if (cell(r, i) === '') return [];
        const [first = '', ...rest] = words(`${shown(h)}: ${cell(r, i)}`, width);
        return [{ text: first }, ...(rest.length > 0 ? words(rest.join(' '), Math.max(1, width - 2)).map((t) => ({ text: `  ${t}` })) : [])];
      }),
    ]);
  }
  const line = (r: string[], style: Omit<Row, 'text'>): Row[] => {
    const pieces = widths.map((w, i) => words(cell(r, i), w));
    const height = Math.max(1, ...pieces.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => ({
      ...style,
      text: widths
        .map((w, i) => (pieces[i]?.[k] ?? '').padEnd(w + (pieces[i]?.[k] ?? '').length - length(pieces[i]?.[k] ?? '')))
        .join(GAP)
        .trimEnd(),
    }));
  };
  return [...line(header, { bold: true }), { text: widths.map((w) => '─'.repeat(w)).join('─┼─'), tone: 'muted' }, ...rows.flatMap((r) => line(r, {}))];
}

/** One block of the author's text. */
export function blockRows(block: TextBlock, width: number): Row[] {
  switch (block.kind) {
    case 'heading':
      return wrapRows(shown(block.text), width, '', { bold: true });
    case 'prose':
      // A paragraph comes flowed (soft line breaks are spaces): each of its lines, a hard
      // break's or a quote's paragraph, wrapped at the panel's edge; a quote's under its '> '.
      return shown(block.text)
        .split('\n')
        .flatMap((l) => {
          const [, quote = '', said = ''] = /^(> )?(.*)$/.exec(l.trim()) ?? [];
          return words(said.trim(), Math.max(1, width - quote.length)).map((text) => ({ text: `${quote}${text}` }));
        });
    case 'list':
      return block.items.flatMap((item) => {
        const text = shown(item);
        const pad = ' '.repeat(length(/^\s*(\S+\s)?/.exec(text)?.[0] ?? ''));
        const [first = ''] = words(text, width);
        const rest = [...text].slice(length(first)).join('').trim();
        return [{ text: first }, ...(rest === '' ? [] : words(rest, Math.max(1, width - pad.length)).map((t) => ({ text: `${pad}${t}` })))];
      });
    case 'table':
      return tableRows(block.header, block.rows, width);
    case 'code': {
      const what = block.became === 'reference' ? 'reference' : 'shown';
      const label = { text: `▤ ${block.lang ?? 'text'} · ${what}, never run`, tone: 'muted' as const };
      const lines = shown(block.text).split('\n');
      return [label, ...lines.flatMap((l) => wrapRows(`  ${l}`, width, '↪ ', { tone: 'muted' }))];
    }
    default: {
      const never: never = block;
      return never;
    }
  }
}

export interface PlacedText {
  before: Row[];
  after: Row[];
  /** Some of it did not fit: x shows it all. */
  cut: boolean;
}

const more = (n: number): Row => ({ text: `… ${n} more ${n === 1 ? 'line' : 'lines'} of the runbook's text · x: all of it`, tone: 'muted' });

/**
 * The text around a step in the room its own rows leave: what stands before it first (a
 * blank row under it), then what stands after it (a blank row above it).
 */
export function placeText(around: { before: TextBlock[]; after: TextBlock[] }, width: number, room: number): PlacedText {
  const before = around.before.length > 0 ? [...authorRows(around.before, width), { text: '' }] : [];
  const after = around.after.length > 0 ? [{ text: '' }, ...authorRows(around.after, width)] : [];
  const all = before.length + after.length;
  if (all <= room) return { before, after, cut: false };
  if (room <= 0) return { before: [], after: [], cut: all > 0 };
  // One row says how much more there is: above the step while its text before is cut, else at the end.
  const keep = room - 1;
  const shownBefore = before.slice(0, keep);
  const shownAfter = after.slice(0, Math.max(0, keep - before.length));
  const marker = more(all - shownBefore.length - shownAfter.length);
  return shownBefore.length < before.length ? { before: [...shownBefore, marker], after: [], cut: true } : { before: shownBefore, after: [...shownAfter, marker], cut: true };
}

/** Blocks of the author's text, a blank row between two. */
export function authorRows(blocks: TextBlock[], width: number): Row[] {
  return blocks.flatMap((b, i) => [...(i > 0 ? [{ text: '' }] : []), ...blockRows(b, width)]);
}

export interface PageRows {
  rows: Row[];
  cut: boolean;
  /** Expanded: rows below the title, and how many show at once. */
  total: number;
  page: number;
}

/**
 * An information page in the step panel: its title, that it only reads, its text. Cut to
 * the panel (x shows the rest), or whole and scrolled from `top` when expanded.
 */
export function pageRows(page: InfoPage, blocks: TextBlock[], width: number, height: number, top: number | null): PageRows {
  const label = page.reference ? 'reference' : 'information';
  const head: Row[] = [
    { text: spread(page.title, label, width), bold: true },
    { text: page.reference ? 'reference · shown, nothing here runs' : 'read-only · nothing here runs · enter: back to the run', tone: 'muted' },
  ];
  const text = authorRows(blocks, width);
  // A title the top row cuts: x shows it whole, above the text.
  const title = spreadCuts(page.title, label, width) ? wrap(page.title, width).map((t): Row => ({ text: t, bold: true })) : [];
  if (top === null) {
    const body = text;
    const room = Math.max(0, height - head.length);
    if (body.length <= room) return { rows: [...head, ...body].slice(0, height), cut: title.length > 0, total: 0, page: 0 };
    const shown = body.slice(0, Math.max(0, room - 1));
    return { rows: [...head, ...shown, more(body.length - shown.length)].slice(0, height), cut: true, total: 0, page: 0 };
  }
  const body = [...title, ...text];
  const pinned = height >= 6 ? head : [];
  const room = Math.max(1, height - pinned.length - 1);
  const at = Math.max(0, Math.min(top, body.length - room));
  const shown = body.slice(at, at + room);
  return { rows: [...pinned, ...shown, collapseRow(at, shown.length, body.length)].slice(0, height), cut: true, total: body.length, page: room };
}
