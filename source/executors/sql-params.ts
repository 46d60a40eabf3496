// `${name}` in a SQL statement → a bind parameter, never text pasted into the query.
// Placeholders inside string literals, quoted identifiers, dollar quotes and comments are
// left alone: they are data or prose, not parameters.

export type ParamDialect = 'postgres' | 'sqlite';

export interface BoundStatement {
  /** The statement with `${name}` replaced by `$1…` (postgres) or `@p0…` (sqlite). */
  text: string;
  /** Parameter names in bind order (each name once). */
  names: string[];
}

const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** Length of the quoted run starting at `i` (the opening quote included), doubled quotes as escapes. */
function quotedLength(sql: string, i: number, close: string, backslashEscapes = false): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslashEscapes && c === '\\') {
      j += 2;
      continue;
    }
    if (c === close) {
      if (sql[j + 1] === close && close !== ']') {
        j += 2;
        continue;
      }
      return j + 1 - i;
    }
    j++;
  }
  return sql.length - i;
}

/** Length of a block comment starting at `i`; PostgreSQL nests them, SQLite does not. */
function blockCommentLength(sql: string, i: number, nested: boolean): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql.startsWith('/*', j)) {
      depth = nested ? depth + 1 : 1;
      j += 2;
    } else if (sql.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j - i;
    } else {
      j++;
    }
  }
  return sql.length - i;
}

/** How many characters at `i` are a literal, identifier or comment to copy untouched (0 if none). */
function opaqueLength(sql: string, i: number, dialect: ParamDialect): number {
  const c = sql[i];
  const prev = i > 0 ? (sql[i - 1] ?? '') : '';
  if (c === "'") {
    const escaped = dialect === 'postgres' && /[eE]/.test(prev) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '');
    return quotedLength(sql, i, "'", escaped);
  }
  if (c === '"') return quotedLength(sql, i, '"');
  if (dialect === 'sqlite' && c === '`') return quotedLength(sql, i, '`');
  if (dialect === 'sqlite' && c === '[') return quotedLength(sql, i, ']');
  if (c === '-' && sql[i + 1] === '-') {
    const eol = sql.indexOf('\n', i);
    return (eol < 0 ? sql.length : eol) - i;
  }
  if (c === '/' && sql[i + 1] === '*') return blockCommentLength(sql, i, dialect === 'postgres');
  if (dialect === 'postgres' && c === '$' && !/[A-Za-z0-9_$]/.test(prev)) {
    const tag = DOLLAR_TAG.exec(sql.slice(i));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return (close < 0 ? sql.length : close + tag[0].length) - i;
    }
  }
  return 0;
}

/** Every `${name}` outside literals and comments, with its position. */
function placeholders(sql: string, dialect: ParamDialect): { index: number; length: number; name: string }[] {
  const found: { index: number; length: number; name: string }[] = [];
  let i = 0;
  while (i < sql.length) {
    const skip = opaqueLength(sql, i, dialect);
    if (skip > 0) {
      i += skip;
      continue;
    }
    const m = sql[i] === '$' ? PLACEHOLDER.exec(sql.slice(i, i + 200)) : null;
    if (m?.[1]) {
      found.push({ index: i, length: m[0].length, name: m[1] });
      i += m[0].length;
      continue;
    }
    i++;
  }
  return found;
}

/** The parameter names a statement uses (outside literals and comments). */
export function parameterNames(sql: string, dialect: ParamDialect): string[] {
  return [...new Set(placeholders(sql, dialect).map((p) => p.name))];
}

export function bindStatement(sql: string, dialect: ParamDialect): BoundStatement {
  const names: string[] = [];
  let text = '';
  let last = 0;
  for (const p of placeholders(sql, dialect)) {
    let n = names.indexOf(p.name);
    if (n < 0) n = names.push(p.name) - 1;
    text += sql.slice(last, p.index) + (dialect === 'postgres' ? `$${n + 1}` : `@p${n}`);
    last = p.index + p.length;
  }
  return { text: text + sql.slice(last), names };
}

/** The first statement using a name that `params` lacks, so nothing runs when one is missing. */
export function findUnknownParameter(
  statements: { text: string }[],
  params: Record<string, string>,
  dialect: ParamDialect,
): { statement: number; name: string } | null {
  for (const [statement, s] of statements.entries()) {
    const missing = parameterNames(s.text, dialect).find((name) => !Object.hasOwn(params, name));
    if (missing !== undefined) return { statement, name: missing };
  }
  return null;
}
