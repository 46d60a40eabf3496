// Splits a SQL fence into statements the way PostgreSQL reads them: semicolons inside quotes,
// E'' strings, dollar quoting and (nested) block comments do not split. The `-- Expected:`
// comments between statements become the expectation of the statement before them.

import type { Expectation, SqlStatement } from './model';
import { parseExpectation, parseExpectedTable } from './expectations';
import { isSpace } from './shell-text';

interface LineComment {
  /** The text after `--`, one leading space removed. */
  text: string;
  line: number;
  offset: number;
}

interface RawStatement {
  text: string;
  line: number;
  /** `--` comments after the statement's last code, before the next statement's first. */
  after: LineComment[];
  /** Ended by `;` (a final statement may go without). */
  terminated: boolean;
  /** Where its code stands in the SQL: first character to just after the last. */
  start: number;
  end: number;
}

/** What a lexer pass saw: statements, and where comments and string contents stand. */
interface Scan {
  statements: RawStatement[];
  /** Comments, and single-quoted string contents: [from, to) offsets, in order. */
  blanks: [number, number][];
}

export function splitSql(sql: string, firstLine: number): SqlStatement[] {
  return scanSql(sql, firstLine).statements.map((s) => ({
    text: s.text,
    line: s.line,
    expectation: expectationIn(s.after),
  }));
}

/**
 * The SQL without comments and with the contents of quoted strings blanked, so a keyword
 * search sees only code. Dollar-quoted bodies (function bodies, DO blocks) stay: they are code.
 */
export function sqlCodeOnly(sql: string): string {
  return codeOnly(sql, scanSql(sql, 1));
}

/** The code only, and where each statement's code stands in the SQL (offsets), as PostgreSQL splits it. */
export function sqlCodeAndRanges(sql: string): { code: string; statements: { start: number; end: number }[] } {
  const scan = scanSql(sql, 1);
  return { code: codeOnly(sql, scan), statements: scan.statements.map((s) => ({ start: s.start, end: s.end })) };
}

/** The SQL with its blanks blanked (same length, line breaks kept). */
function codeOnly(sql: string, scan: Scan): string {
  let out = '';
  let kept = 0;
  for (const [from, to] of scan.blanks) {
    if (to <= from) continue;
    out += sql.slice(kept, from) + sql.slice(from, to).replace(/[^\n]/g, ' ');
    kept = to;
  }
  return kept === 0 ? sql : out + sql.slice(kept);
}

const SQL_START =
  /^(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|TRUNCATE|GRANT|REVOKE|BEGIN|COMMIT|ROLLBACK|START|EXPLAIN|SET|SHOW|VACUUM|ANALYZE|COPY|DO|CALL|REINDEX|COMMENT|PRAGMA|REFRESH|LOCK|VALUES|TABLE|MERGE|UPSERT|REPLACE|ATTACH|DETACH|CLUSTER|DISCARD|RESET|LISTEN|NOTIFY|PREPARE|EXECUTE|DEALLOCATE|SAVEPOINT|RELEASE)\b/i;

// Lower-case SQL has to show its shape; "Update the config" and "select a server" are prose.
const SQL_SHAPE =
  /^(select\b[\s\S]*\bfrom\b|select\s+[\d*(']|insert\s+into\b|update\s+\S+\s+set\b|delete\s+from\b|(create|drop|alter)\s+(or\s+replace\s+)?(unique\s+)?(table|index|view|type|schema|database|function|trigger|sequence|extension|role|user|materialized)\b|with\s+\w+\s+as\s*\(|truncate\s+(table\s+)?\w+\s*$|explain\b|begin\s*$|commit\s*$|rollback\s*$|pragma\b|vacuum\b|analyze\b)/i;

/** True when the fence's statements all start like SQL: used to classify mislabelled fences. */
export function sqlFenceLooksLikeSql(text: string): boolean {
  const { statements } = scanSql(text, 1);
  if (statements.length === 0) return false;
  return statements.every((s) => {
    const keyword = SQL_START.exec(s.text)?.[1];
    if (!keyword) return false;
    return keyword === keyword.toUpperCase() || SQL_SHAPE.test(s.text) || s.terminated;
  });
}

function expectationIn(after: LineComment[]): Expectation | null {
  const at = after.findIndex((c) => /^\s*expected(\s+output)?\s*:/i.test(c.text));
  const comment = after[at];
  if (!comment) return null;
  const m = /^\s*expected(\s+output)?\s*:\s*(.*)$/i.exec(comment.text);
  const rest = (m?.[2] ?? '').trim();
  if (rest !== '') return parseExpectation(rest, comment.line);
  // `-- Expected output:` / `-- Expected:` alone: the comment lines right under it say what.
  const following: LineComment[] = [];
  for (const c of after.slice(at + 1)) {
    const last = following.at(-1) ?? comment;
    if (c.line !== last.line + 1 || c.text.trim() === '') break;
    following.push(c);
  }
  const lines = following.map((c) => c.text);
  if (m?.[1] || lines.some((l) => l.includes('|'))) return parseExpectedTable(lines, comment.line);
  if (lines.length === 1) return parseExpectation(lines[0] ?? '', comment.line);
  // Several `key: value` lines (`episodes: ~120 (20 per hour)`): for the operator to read.
  return { text: lines.map((l) => l.trim()).join('\n'), auto: false, line: comment.line };
}

interface Cursor {
  statements: RawStatement[];
  current: { start: number; line: number; codeEnd: number; comments: LineComment[] } | null;
}

/** Where a run of plain code (no quote, comment, `$`, `;` or blank in it) ends, from `i`. */
function codeRunEnd(sql: string, i: number): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j] as string;
    if (c === '-' || c === '/' || c === "'" || c === '"' || c === '$' || c === ';' || isSpace(c)) break;
    j++;
  }
  return j;
}

const DOLLAR_TAG = /\$([A-Za-z_]\w*)?\$/y;

function scanSql(sql: string, firstLine: number): Scan {
  const blanks: [number, number][] = [];
  const cur: Cursor = { statements: [], current: null };
  let line = firstLine;
  let i = 0;

  const countLines = (from: number, to: number) => {
    for (let k = sql.indexOf('\n', from); k >= 0 && k < to; k = sql.indexOf('\n', k + 1)) line++;
  };
  const markCode = (start: number, end: number) => {
    if (!cur.current) cur.current = { start, line, codeEnd: end, comments: [] };
    cur.current.codeEnd = end;
  };
  const finish = (terminated: boolean) => {
    const s = cur.current;
    if (!s) return;
    // Comments after the last code (a final statement without `;`) count as "after" it.
    const trailing = s.comments.filter((c) => c.offset >= s.codeEnd);
    cur.statements.push({ text: sql.slice(s.start, s.codeEnd).trim(), line: s.line, after: trailing, terminated, start: s.start, end: s.codeEnd });
    cur.current = null;
  };

  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (ch === '-' && next === '-') {
      const end = indexOrEnd(sql, '\n', i);
      const comment = { text: sql.slice(i + 2, end).replace(/^ /, ''), line, offset: i };
      if (cur.current) cur.current.comments.push(comment);
      else attachBetween(cur, comment);
      blanks.push([i, end]);
      i = end;
    } else if (ch === '/' && next === '*') {
      const end = blockCommentEnd(sql, i);
      countLines(i, end);
      blanks.push([i, end]);
      i = end;
    } else if (ch === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      const end = quotedEnd(sql, i, "'", escapes);
      markCode(i, end);
      countLines(i, end);
      blanks.push([i + 1, end - 1]);
      i = end;
    } else if (ch === '"') {
      const end = quotedEnd(sql, i, '"', false);
      markCode(i, end);
      countLines(i, end);
      i = end;
    } else if (ch === '$' && !/[\w$]/.test(sql[i - 1] ?? '') && dollarTag(sql, i) !== null) {
      const tag = dollarTag(sql, i) ?? '$$';
      const close = sql.indexOf(tag, i + tag.length);
      const end = close < 0 ? sql.length : close + tag.length;
      markCode(i, end);
      countLines(i, end);
      i = end;
    } else if (ch === ';') {
      if (cur.current) finish(true);
      i++;
    } else if (ch === '\n') {
      line++;
      i++;
    } else if (isSpace(ch)) {
      i++;
    } else {
      const end = codeRunEnd(sql, i);
      markCode(i, end);
      i = end;
    }
  }
  finish(false);
  return { statements: cur.statements, blanks };
}

/** `$$` or `$tag$` opening at `i`, or null. */
function dollarTag(sql: string, i: number): string | null {
  DOLLAR_TAG.lastIndex = i;
  return DOLLAR_TAG.exec(sql)?.[0] ?? null;
}

/** A comment outside any statement belongs to the statement before it (its expectation). */
function attachBetween(cur: Cursor, comment: LineComment): void {
  const previous = cur.statements.at(-1);
  if (previous) previous.after.push(comment);
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

/** End (exclusive) of a quoted run starting at `start`; doubled quotes escape, as do backslashes in E''. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let k = start + 1;
  while (k < text.length) {
    const c = text[k];
    if (backslashEscapes && c === '\\') k += 2;
    else if (c === quote && text[k + 1] === quote) k += 2;
    else if (c === quote) return k + 1;
    else k++;
  }
  return text.length;
}

/** PostgreSQL block comments nest: `/* a /* b *\/ c *\/`. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  let k = start;
  while (k < text.length) {
    if (text[k] === '/' && text[k + 1] === '*') {
      depth++;
      k += 2;
    } else if (text[k] === '*' && text[k + 1] === '/') {
      depth--;
      k += 2;
      if (depth === 0) return k;
    } else k++;
  }
  return text.length;
}
