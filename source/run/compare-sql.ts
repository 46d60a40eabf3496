// What a compare's SQL says about what it measures, read from its text alone:
// - whether it is the capture's own query (then every baseline row must come back), decided
//   on the SQL normalised: case outside string literals and quoted identifiers, whitespace,
//   comments and trailing semicolons do not count;
// - which keys it names as literals (`WHERE table_name IN ('items', 'orders')`,
//   `SELECT 'items' AS table_name, …`, `k = 5`): a narrower query still has to return those.

import { numericText } from './compare-cells';

type TokenKind = 'word' | 'number' | 'string' | 'quoted' | 'dollar' | 'param' | 'operator' | 'punct';

interface Token {
  kind: TokenKind;
  /** The token as normalised: words lower-cased, literals and quoted identifiers verbatim. */
  text: string;
  /** A string literal's value (quotes and escapes undone). */
  value?: string;
}

const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?:';

/** End (exclusive) of a quoted run from `start`; doubled quotes escape, and backslashes when `escapes`. */
function quotedEnd(sql: string, start: number, quote: string, escapes: boolean): number {
  let k = start + 1;
  while (k < sql.length) {
    const c = sql[k];
    if (escapes && c === '\\') k += 2;
    else if (c === quote && sql[k + 1] === quote) k += 2;
    else if (c === quote) return k + 1;
    else k++;
  }
  return sql.length;
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let k = start;
  while (k < sql.length) {
    if (sql[k] === '/' && sql[k + 1] === '*') {
      depth++;
      k += 2;
    } else if (sql[k] === '*' && sql[k + 1] === '/') {
      depth--;
      k += 2;
      if (depth === 0) return k;
    } else k++;
  }
  return sql.length;
}

function stringValue(body: string, escapes: boolean): string {
  const doubled = body.replaceAll("''", "'");
  return escapes ? doubled.replace(/\\(.)/g, '$1') : doubled;
}

/** The SQL as tokens, comments dropped. */
export function sqlTokens(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const rest = sql.slice(i, i + 3);
    if (/\s/.test(ch)) {
      i++;
    } else if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (rest.startsWith('/*')) {
      i = blockCommentEnd(sql, i);
    } else if (/^[eEbBxXnN]'/.test(rest) || /^[uU]&'/.test(rest) || ch === "'") {
      const prefix = ch === "'" ? '' : /^[uU]&/.test(rest) ? 'u&' : ch.toLowerCase();
      const open = i + prefix.length;
      const escapes = prefix === 'e';
      const end = quotedEnd(sql, open, "'", escapes);
      const body = sql.slice(open + 1, Math.max(open + 1, end - 1));
      tokens.push({ kind: 'string', text: `${prefix}${sql.slice(open, end)}`, value: stringValue(body, escapes) });
      i = end;
    } else if (ch === '"' || /^[uU]&"/.test(rest)) {
      const open = ch === '"' ? i : i + 2;
      const end = quotedEnd(sql, open, '"', false);
      tokens.push({ kind: 'quoted', text: `${ch === '"' ? '' : 'u&'}${sql.slice(open, end)}` });
      i = end;
    } else if (ch === '$' && sql[i + 1] === '{') {
      // A runbook bind parameter, `${name}`: its name is case-sensitive.
      const end = sql.indexOf('}', i);
      const stop = end < 0 ? sql.length : end + 1;
      tokens.push({ kind: 'param', text: sql.slice(i, stop) });
      i = stop;
    } else if (ch === '$' && /^\$(?:[A-Za-z_]\w*)?\$/.test(sql.slice(i))) {
      const tag = /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0] ?? '$$';
      const close = sql.indexOf(tag, i + tag.length);
      const end = close < 0 ? sql.length : close + tag.length;
      tokens.push({ kind: 'dollar', text: sql.slice(i, end), value: sql.slice(i + tag.length, close < 0 ? sql.length : close) });
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: 'number', text: text.toLowerCase() });
      i += text.length;
    } else if (/[\p{L}_$]/u.test(ch)) {
      const m = /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: 'word', text: text.toLowerCase() });
      i += text.length;
    } else if (OPERATOR_CHARS.includes(ch)) {
      let end = i;
      while (end < sql.length && OPERATOR_CHARS.includes(sql[end] ?? '') && !sql.startsWith('--', end) && !sql.startsWith('/*', end)) end++;
      tokens.push({ kind: 'operator', text: sql.slice(i, Math.max(end, i + 1)) });
      i = Math.max(end, i + 1);
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}

/**
 * One statement as compared: tokens joined by single spaces, words lower-cased (PostgreSQL
 * and SQLite fold unquoted names), literals and quoted identifiers as written, comments and
 * trailing semicolons gone.
 */
export function normaliseSql(sql: string): string {
  const tokens = sqlTokens(sql);
  while (tokens.at(-1)?.text === ';') tokens.pop();
  while (tokens[0]?.text === ';') tokens.shift();
  return tokens.map((t) => t.text).join(' ');
}

/** Two lists of statements run the same queries (each normalised; empty statements dropped). */
export function sameQueries(a: readonly string[], b: readonly string[]): boolean {
  const x = a.map(normaliseSql).filter((s) => s !== '');
  const y = b.map(normaliseSql).filter((s) => s !== '');
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

function literalOf(token: Token | undefined): string | null {
  if (token === undefined) return null;
  if (token.kind === 'string') return token.value ?? null;
  if (token.kind === 'number') return token.text;
  return null;
}

/** `k`, `t.k`, `"k"`: the token names the key column. */
function namesColumn(tokens: Token[], at: number, column: string): boolean {
  const token = tokens[at];
  if (token === undefined) return false;
  const name = token.kind === 'quoted' ? token.text.slice(1, -1) : token.kind === 'word' ? token.text : null;
  return name !== null && name.toLowerCase() === column.toLowerCase();
}

/**
 * The key values a statement names as literals: every string literal (a count table's
 * `SELECT 'items' AS table_name, …`, a `tgname IN ('a', 'b')` filter), and the numbers it
 * compares the key column with (`k = 5`, `k IN (1, 2)`).
 */
export function namedKeys(sql: string, keyColumn: string): string[] {
  const tokens = sqlTokens(sql);
  const named: string[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === 'string' && token.value !== undefined) named.push(token.value);
    if (keyColumn === '' || !namesColumn(tokens, i, keyColumn)) return;
    const next = tokens[i + 1];
    if (next?.kind === 'operator' && next.text === '=') {
      const value = literalOf(tokens[i + 2]);
      if (value !== null) named.push(value);
    } else if (next?.kind === 'word' && next.text === 'in' && tokens[i + 2]?.text === '(') {
      for (let k = i + 3; k < tokens.length && tokens[k]?.text !== ')'; k++) {
        const value = literalOf(tokens[k]);
        if (value !== null) named.push(value);
      }
    }
  });
  return named;
}

/** The key text (as the comparison prints it) is one of the named literals. */
export function isNamedKey(key: string, named: readonly string[]): boolean {
  const number = numericText(key);
  return named.some((value) => value === key || (number !== null && numericText(value) !== null && Number(value) === Number(number)));
}
