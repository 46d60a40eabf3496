// Judges an expectation against what really came back: a shell step's output, or one
// statement's result set. Text the runbook does not make checkable is the operator's call.

import type { Expectation, ExpectationCheck } from '../runbook/model';
import { isRowCountFooter, isSeparatorRow, padRow, splitTableRow } from '../runbook/expectations';
import { isWhole, type Cell, type ResultSet } from './results';
import { compareDecimals } from './decimal';
import { cleanLine } from './terminal-text';

export type Verdict = 'passed' | 'failed' | 'manual';

/**
 * Shell steps: `output` is stdout and stderr together, judged as a terminal shows it: colours
 * and redrawn lines left out (`\e[32mOK\e[0m` reads `OK`, and the whole-word match sees it so).
 */
export function judgeOutput(expectation: Expectation, output: string): Verdict {
  if (!expectation.auto || !expectation.check) return 'manual';
  return judgeOutputCheck(expectation.check, output.split('\n').map(cleanLine).join('\n'));
}

/** SQL steps: the result set of the statement the expectation follows. */
export function judgeResultSet(expectation: Expectation, rs: ResultSet): Verdict {
  if (!expectation.auto || !expectation.check) return 'manual';
  return judgeResultSetCheck(expectation.check, rs);
}

function verdict(ok: boolean): Verdict {
  return ok ? 'passed' : 'failed';
}

/** Any alternative that passes wins; otherwise one that needs a person makes it manual. */
function anyOf(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('passed')) return 'passed';
  return verdicts.includes('manual') ? 'manual' : 'failed';
}

function judgeOutputCheck(check: ExpectationCheck, output: string): Verdict {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  switch (check.kind) {
    case 'value':
      return verdict(sameValue(output.trim(), check.value) || sameValue(lines.at(-1) ?? '', check.value));
    case 'contains':
      return verdict(containsText(normalise(output), normalise(check.text)));
    case 'json':
      return verdict(jsonDocuments(output).some((doc) => deepEqual(doc, expectedJson(check))));
    case 'rows': {
      // psql prints `(3 rows)`; otherwise each non-empty line is a row.
      const footer = lines.findLast((l) => isRowCountFooter(l));
      const count = footer ? Number(/\d+/.exec(footer)?.[0]) : lines.length;
      return verdict(check.op === 'eq' ? count === check.count : count >= check.count);
    }
    case 'column':
    case 'table': {
      const table = alignedTable(output);
      return table ? judgeTable(check, table.columns, table.rows) : 'manual';
    }
    case 'any':
      return anyOf(check.of.map((c) => judgeOutputCheck(c, output)));
    default: {
      const unreachable: never = check;
      return unreachable;
    }
  }
}

function judgeResultSetCheck(check: ExpectationCheck, rs: ResultSet): Verdict {
  switch (check.kind) {
    case 'rows':
      return verdict(check.op === 'eq' ? rs.rowCount === check.count : rs.rowCount >= check.count);
    case 'value': {
      const cell = rs.rows.length === 1 && rs.rows[0]?.length === 1 ? rs.rows[0][0] : undefined;
      return verdict(cell !== undefined && cellMatches(cell, check.value));
    }
    case 'column':
    case 'table': {
      const kept = judgeTable(check, rs.columns.map((c) => c.name), rs.rows);
      if (isWhole(rs)) return kept;
      // A big result keeps only its first and last rows: a table expectation lists fewer
      // rows than it returned; a column that holds in every kept row may not in the others.
      if (check.kind === 'table') return 'failed';
      return kept === 'passed' ? 'manual' : kept;
    }
    case 'contains': {
      const wanted = normalise(check.text);
      const found = rs.rows.some((row) => row.some((cell) => containsText(normalise(cellText(cell)), wanted)));
      return found ? 'passed' : isWhole(rs) ? 'failed' : 'manual';
    }
    case 'json': {
      const cell = rs.rows.length === 1 && rs.rows[0]?.length === 1 ? rs.rows[0][0] : undefined;
      if (cell === undefined) return 'failed';
      const doc = typeof cell === 'string' ? parseJson(cell) : { ok: true, value: cell };
      return verdict(doc.ok && deepEqual(doc.value, expectedJson(check)));
    }
    case 'any':
      return anyOf(check.of.map((c) => judgeResultSetCheck(c, rs)));
    default: {
      const unreachable: never = check;
      return unreachable;
    }
  }
}

/** column: every row's named column holds the value (and there is a row); table: same rows in any order. */
function judgeTable(check: ExpectationCheck & { kind: 'column' | 'table' }, columns: string[], rows: Cell[][]): Verdict {
  const index = (name: string) => columns.findIndex((c) => c.trim().toLowerCase() === name.trim().toLowerCase());
  if (check.kind === 'column') {
    const at = index(check.column);
    return verdict(at >= 0 && rows.length > 0 && rows.every((row) => cellMatches(row[at] ?? null, check.value)));
  }
  const order = check.columns.map(index);
  if (columns.length !== check.columns.length || order.some((i) => i < 0)) return 'failed';
  if (rows.length !== check.rows.length) return 'failed';
  // Greedy one-to-one matching: each expected row takes the first unused actual row equal to it.
  const unused = rows.map((row) => order.map((i) => row[i] ?? null));
  for (const wanted of check.rows) {
    const found = unused.findIndex((row) => row.length === wanted.length && row.every((cell, i) => cellMatches(cell, wanted[i] ?? '')));
    if (found < 0) return 'failed';
    unused.splice(found, 1);
  }
  return 'passed';
}

/** A cell against the text a runbook wrote: as strings, trimmed; psql's `t`/`f` and empty NULL count too. */
function cellMatches(cell: Cell, written: string): boolean {
  const want = written.trim();
  if (cell === null) return want === '' || want.toLowerCase() === 'null';
  if (typeof cell === 'boolean') return [String(cell), cell ? 't' : 'f'].includes(want.toLowerCase());
  return sameValue(String(cell).trim(), want);
}

/** Equal as text, or as exact decimals when both are plain numbers (`1.50` from numeric, `1.5` written). */
function sameValue(actual: string, written: string): boolean {
  if (actual === written) return true;
  const number = /^-?\d+(\.\d+)?$/;
  return number.test(actual) && number.test(written) && compareDecimals(actual, written) === 0;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const DIGIT = /\d/;

/**
 * The text occurs where it does not continue a word or number: starting with a letter or digit,
 * it does not follow one; ending with a digit, no digit follows. `0 errors` is not found in
 * `10 errors`, `healthy` not in `unhealthy`, `active` not in `inactive`, `1.2` not in `1.25`
 * or `1.2.3`; a prefix still is (`"Deploying v"` in `Deploying v3.1.0`).
 */
function containsText(haystack: string, needle: string): boolean {
  if (needle === '') return true;
  const first = needle[0] ?? '';
  const last = needle.at(-1) ?? '';
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? '';
    const after = haystack[at + needle.length] ?? '';
    if (WORD_CHAR.test(first) && WORD_CHAR.test(before)) continue;
    if (DIGIT.test(first) && /[.,]/.test(before) && DIGIT.test(haystack[at - 2] ?? '')) continue;
    if (DIGIT.test(last) && DIGIT.test(after)) continue;
    if (DIGIT.test(last) && /[.,]/.test(after) && DIGIT.test(haystack[at + needle.length + 1] ?? '')) continue;
    return true;
  }
  return false;
}

function cellText(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A JSON number as written: a double rounds 9007199254740993 and 12345678901234567.89. */
class WrittenNumber {
  constructor(readonly text: string) {}
}

/** JSON, each number kept as written (where the engine gives its source text). */
function parseJson(text: string): { ok: boolean; value: unknown } {
  try {
    const keep = (_key: string, value: unknown, context?: { source?: string }): unknown => (typeof value === 'number' && context?.source !== undefined ? new WrittenNumber(context.source) : value);
    return { ok: true, value: JSON.parse(text, keep as (key: string, value: unknown) => unknown) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

/** The expected document as written, when the runbook's text is at hand. */
function expectedJson(check: { value: unknown; text?: string }): unknown {
  const written = check.text === undefined ? null : parseJson(check.text);
  return written?.ok ? written.value : check.value;
}

// How far back to look for the last JSON document: enough for a pretty-printed response.
const JSON_TAIL_LINES = 400;

/** The whole output as JSON, else JSON documents that end the output (curl noise before `jq .`). */
function jsonDocuments(output: string): unknown[] {
  const whole = parseJson(output.trim());
  if (whole.ok) return [whole.value];
  const lines = output.split(/\r?\n/).slice(-JSON_TAIL_LINES);
  const docs: unknown[] = [];
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  // The last document ends at the last non-empty line; find where it starts.
  for (let start = end - 1; start >= 0; start--) {
    if (!/^\s*[[{"\d-]|^\s*(true|false|null)\b/.test(lines[start] ?? '')) continue;
    const doc = parseJson(lines.slice(start, end).join('\n'));
    if (doc.ok) {
      docs.push(doc.value);
      break;
    }
  }
  return docs;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof WrittenNumber || b instanceof WrittenNumber) return sameNumber(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual((a as Record<string, unknown>)[k], rb[k]));
}

/** Two JSON numbers, either as written or a value (a cell's number): equal as decimals. */
function sameNumber(a: unknown, b: unknown): boolean {
  const text = (x: unknown): string | null => (x instanceof WrittenNumber ? x.text : typeof x === 'number' ? String(x) : null);
  const x = text(a);
  const y = text(b);
  return x !== null && y !== null && compareDecimals(x, y) === 0;
}

/** psql's aligned output: a header, a `---+---` line, rows, an optional `(N rows)` footer. */
function alignedTable(output: string): { columns: string[]; rows: Cell[][] } | null {
  const lines = output.split(/\r?\n/);
  const sep = lines.findIndex((l, i) => i > 0 && isSeparatorRow(l.trim()) && (lines[i - 1] ?? '').trim() !== '');
  if (sep < 0) return null;
  const columns = splitTableRow(lines[sep - 1] ?? '');
  const rows: Cell[][] = [];
  for (const l of lines.slice(sep + 1)) {
    if (l.trim() === '' || isRowCountFooter(l)) break;
    rows.push(padRow(splitTableRow(l), columns.length));
  }
  return { columns, rows };
}
