// Markdown building blocks that stay correct whatever text the run recorded: user text is
// escaped (a pipe never splits a table cell, a backtick never opens a code span, `<pod>`
// never becomes HTML), fences are longer than any backtick run inside them, and the output
// passes markdownlint's default rules. Control and invisible characters are spelled out
// (`\e[2K`, `<U+202E>`): the report shows what ran, and a terminal showing it obeys nothing.

import { expandTabs, visible } from '../run/terminal-text';

// No `|` in a link: it would split a table cell.
const URL = /\bhttps?:\/\/[^\s<>"'`|]+/g;
// GitHub turns `name@host.domain` and `www.host` into links; a backslash keeps them text.
const EMAIL_AT = /(?<=[\w.+-])@(?=[\w-]+\.[\w-])/g;
const WWW = /\bwww\./gi;

const WORD = /[\p{L}\p{N}]/u;

// `_` between two letters cannot start or end emphasis; anywhere else it is escaped.
function escapeUnderscores(text: string): string {
  return text.replace(/_/g, (_m, at: number) => (WORD.test(text[at - 1] ?? '') && WORD.test(text[at + 1] ?? '') ? '_' : '\\_'));
}

function escapePlain(text: string): string {
  return escapeUnderscores(text.replace(/\\/g, '\\\\'))
    .replace(/[`*[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/(^|\s)#/g, '$1\\#')
    .replace(EMAIL_AT, '\\@')
    .replace(WWW, (m) => `${m.slice(0, 3)}\\.`);
}

/**
 * User text on one line, safe inline after some other text (a list item's label, a heading's
 * number, a table cell): callers never start a line with it, so block markers need no escape.
 */
export function text(value: string): string {
  const flat = visible(value).replace(/\s+/g, ' ').trim();
  let out = '';
  let last = 0;
  for (const match of flat.matchAll(URL)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const at = match.index ?? 0;
    out += `${escapePlain(flat.slice(last, at))}<${url}>`;
    last = at + url.length;
  }
  return out + escapePlain(flat.slice(last));
}

/** User text as a paragraph of its own: a leading list or numbered-item marker is escaped. */
export function paragraph(value: string): string {
  return text(value).replace(/^([-+])|^(\d{1,9})(?=[.)])/, (_m, marker: string | undefined, digits: string | undefined) =>
    marker !== undefined ? `\\${marker}` : `${digits ?? ''}\\`,
  );
}

/** A heading's text: no trailing punctuation (MD026), never empty. */
export function headingText(value: string): string {
  const flat = visible(value).replace(/\s+/g, ' ').trim().replace(/[.,;:!。，；：！]+$/u, '').trim();
  return text(flat === '' ? '(untitled)' : flat);
}

/** An inline code span; `inTable` escapes pipes, which GFM needs even inside code in a cell. */
export function code(value: string, inTable = false): string {
  const flat = visible(value).replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  // Parsers disagree on `\|` inside a code span in a table; plain escaped text reads the same everywhere.
  if (inTable && flat.includes('\\|')) return text(flat);
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block; the fence is longer than any backtick run in the lines. */
export function fence(lines: string[], language: string): string[] {
  const body = lines.map((line) => expandTabs(visible(line)).trimEnd());
  const longest = Math.max(0, ...body.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return [`${ticks}${language}`, ...body, ticks];
}

/** A GFM table; cells are Markdown already (use `text()` / `code(…, true)` for them). */
export function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const width = header.length;
  const fit = (row: string[]) => Array.from({ length: width }, (_, i) => row[i] ?? '');
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => line(fit(r)))];
}

/** `2026-11-23T10:00:01.234Z` → `2026-11-23 10:00:01 UTC`. */
export function time(iso: string | null): string {
  if (iso === null) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${seconds} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Headings made unique (MD024): a repeated title gets " (2)", " (3)". */
export class Headings {
  private readonly seen = new Map<string, number>();

  line(level: number, title: string): string {
    const n = (this.seen.get(title) ?? 0) + 1;
    this.seen.set(title, n);
    return `${'#'.repeat(level)} ${n === 1 ? title : `${title} (${n})`}`;
  }
}
