// `Expected:` / `Verify:` text → a checkable form where the text allows, else operator judgment.
//
// The rule for what is checkable (everything else is prose, auto:false, shown to the operator):
// - a number alone (`0`, `200`)                        → value
// - `N <plural noun>` / `N+ <plural noun>`, optionally followed by a parenthetical
//   (`3 rows (unchanged)`, `5+ indexes`)                 → row count (eq / gte)
// - JSON (`[]`, `{"status": "healthy"}`)                → json
// - `column = 'value'`                                  → every row's column holds the value
// - a quoted string (`"Running upgrade 005 -> 006"`)    → output contains the unquoted text
// - one token without spaces, optionally with a one-word parenthetical
//   (`007_add_agent_traces (head)`, `PONG`)             → output contains the text
// - literal output shapes: a line led by a check mark (`✓ ALL TESTS PASSED`) or all in capitals
//                                                        → output contains the text
// - `A or B` where every side is checkable by these rules → any of them
// Multi-word lower-case text is prose (`proposal_expiration task scheduled`, `Valid JSON with
// counts`), and so are approximations and ranges (`~120 (20 per hour)`, `0-2 per 6 hours`):
// a person reads them better than a pattern would.

import type { Expectation, ExpectationCheck } from './model';

export function parseExpectation(text: string, line: number): Expectation {
  const written = text.trim();
  const check = checkOf(written);
  return check ? { text: written, auto: true, line, check } : { text: written, auto: false, line };
}

/** Lines after `-- Expected output:` (the `-- ` already removed): a header row, then rows. */
export function parseExpectedTable(commentLines: string[], line: number): Expectation {
  const rows = commentLines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !isSeparatorRow(l) && !isRowCountFooter(l))
    .map(splitTableRow);
  const text = commentLines.map((l) => l.trimEnd()).join('\n').trim();
  const [columns, ...body] = rows;
  if (!columns || columns.length === 0 || columns.every((c) => c === '')) return { text, auto: false, line };
  return { text, auto: true, line, check: { kind: 'table', columns, rows: body.map((r) => padRow(r, columns.length)) } };
}

/** `---+---`, `|---|---|`, `------- | -----`: the line under a table header. */
export function isSeparatorRow(line: string): boolean {
  return /^[|+\s:=-]+$/.test(line) && /-{2,}|={2,}/.test(line);
}

/** psql's `(3 rows)` / `(1 row)` footer. */
export function isRowCountFooter(line: string): boolean {
  return /^\(\d+ rows?\)$/.test(line.trim());
}

/** Cells of an aligned or pipe table row; a leading/trailing `|` does not make an empty cell. */
export function splitTableRow(line: string): string[] {
  let inner = line.trim();
  if (inner.startsWith('|')) inner = inner.slice(1);
  if (inner.endsWith('|')) inner = inner.slice(0, -1);
  return inner.split('|').map((cell) => cell.trim());
}

/** psql ends a row with a NULL last cell as `1 |`, which reads one cell short. */
export function padRow(cells: string[], width: number): string[] {
  return cells.length >= width ? cells : [...cells, ...Array<string>(width - cells.length).fill('')];
}

function checkOf(text: string): ExpectationCheck | null {
  if (text === '') return null;
  return (
    quoted(text) ??
    json(text) ??
    alternatives(text) ??
    value(text) ??
    rows(text) ??
    column(text) ??
    token(text) ??
    literalOutput(text)
  );
}

function quoted(text: string): ExpectationCheck | null {
  const m = /^"([^"]+)"$/.exec(text) ?? /^'([^']+)'$/.exec(text) ?? /^`([^`]+)`$/.exec(text);
  return m?.[1] ? { kind: 'contains', text: m[1] } : null;
}

function json(text: string): ExpectationCheck | null {
  if (!/^[[{]/.test(text)) return null;
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown, text };
  } catch {
    return null;
  }
}

function alternatives(text: string): ExpectationCheck | null {
  const sides = text.split(/\s+or\s+/);
  if (sides.length < 2) return null;
  const of: ExpectationCheck[] = [];
  for (const side of sides) {
    const check = checkOf(side.trim());
    if (!check) return null;
    of.push(check);
  }
  return { kind: 'any', of };
}

function value(text: string): ExpectationCheck | null {
  return /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'value', value: text } : null;
}

// Units that follow a number without meaning "rows": `5 seconds` is a duration, not a count.
const NOT_ROWS = new Set(['ms', 'seconds', 'secs', 'minutes', 'mins', 'hours', 'hrs', 'days', 'weeks', 'bytes', 'kb', 'mb', 'gb', 'percent']);

function rows(text: string): ExpectationCheck | null {
  const m = /^(\d+)(\+)?\s+([A-Za-z_]+)(?:\s*\([^()]*\))?\.?$/.exec(text);
  if (!m?.[1] || !m[3]) return null;
  const noun = m[3].toLowerCase();
  if (NOT_ROWS.has(noun) || !(noun === 'row' || noun.endsWith('s'))) return null;
  return { kind: 'rows', op: m[2] ? 'gte' : 'eq', count: Number(m[1]) };
}

function column(text: string): ExpectationCheck | null {
  const m = /^([A-Za-z_][\w.]*)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))$/.exec(text);
  if (!m?.[1]) return null;
  return { kind: 'column', column: m[1], value: m[2] ?? m[3] ?? m[4] ?? '' };
}

function token(text: string): ExpectationCheck | null {
  // Starts with a letter or digit: `~120`, `<10`, `>= 5` are approximations, not literals.
  const m = /^([A-Za-z0-9][^\s()]*)(?:\s+\(([A-Za-z0-9_-]+)\))?$/.exec(text);
  if (!m?.[1]) return null;
  if (/^\d+(\.\d+)?\s*[-–]\s*\d+(\.\d+)?$/.test(m[1])) return null; // a range: 0-2
  return { kind: 'contains', text };
}

function literalOutput(text: string): ExpectationCheck | null {
  if (/^[✓✔✅☑]/u.test(text)) return { kind: 'contains', text };
  if (/[A-Z]/.test(text) && !/[a-z]/.test(text) && !/^[~<>≤≥±]/.test(text)) return { kind: 'contains', text };
  return null;
}
