// Redacting credential shapes (secret-shapes.ts) out of any text: step output, a command,
// a runbook's source, the text a step id is made from. Pure and linear in the length of
// the text: each pass is one scan, and no pattern can backtrack over a long line.
// Apart from private key blocks (which the stream redactor follows across output batches),
// no pattern spans a line end, so redacting a block of lines equals redacting each line.

import { isCountName, isNotASecret, isSensitiveFlag, isSensitiveName, looksMadeUp, REDACTED, TOKEN_SHAPES } from './secret-shapes';
import { replaceSpans, TextScan, unquote } from './text-scan';
import { programCredentials, type FoundSecret, type Pass } from './redact-programs';
import { keyBlocks } from './key-blocks';

export { REDACTED } from './secret-shapes';
export type { FoundSecret } from './redact-programs';

// scheme://user:password@host and scheme://TOKEN@host, any scheme. The password runs to
// the last @ before the host (an unencoded @ in it is still the password's).
const URL_USERINFO = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s:/?#@"'<>]*)(?::([^\s/?#"'<>]*))?@/g;
const TOKEN_ANYWHERE = new RegExp(TOKEN_SHAPES.map((s) => `(?:${s.pattern})`).join('|'), 'g');

/** A user name that is really a token: long and mixing letters and digits, or a known token shape. */
function tokenLike(user: string): boolean {
  if (user.length >= 16 && /[0-9]/.test(user) && /[A-Za-z]/.test(user)) return true;
  TOKEN_ANYWHERE.lastIndex = 0;
  return TOKEN_ANYWHERE.test(user);
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const urls: Pass = (text, found) => {
  if (!text.includes('://')) return text;
  return text.replace(URL_USERINFO, (m, scheme: string, user: string, password: string | undefined) => {
    if (password !== undefined) {
      if (isNotASecret(password)) return m;
      found(password);
      found(decoded(password));
      return `${scheme}${user}:${REDACTED}@`;
    }
    if (user.includes(REDACTED) || !tokenLike(user)) return m;
    found(user);
    return `${scheme}${REDACTED}@`;
  });
};

const AUTHORIZATION = /\b((?:proxy-)?authorization[ \t]*:[ \t]*)(?:(bearer|basic|token|digest|negotiate|api-token)[ \t]+)?([^\s"',]+)/gi;
// A bare `Bearer x`: only when x looks like a token (long, or mixed with digits), so
// "Bearer of bad news" stays prose.
const BARE_BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9._~+/-]{16,}=*|(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*)/g;

const headers: Pass = (text, found) =>
  text
    .replace(AUTHORIZATION, (m, head: string, scheme: string | undefined, value: string) => {
      if (isNotASecret(value)) return m;
      found(value);
      return `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`;
    })
    .replace(BARE_BEARER, (m, head: string, value: string) => {
      if (isNotASecret(value)) return m;
      found(value);
      return `${head}${REDACTED}`;
    });

// Cookie: a=1; b=2 and Set-Cookie: sid=…; Path=/, as `curl -v` prints them: a session
// cookie is a login. A Cookie header is the browser's whole bag (every value); a Set-Cookie
// sets one cookie, and what follows its value are attributes.
const COOKIE_HEADER = /\b(set-)?(cookie[ \t]*:[ \t]*)([^\r\n"']*)/gi;

const cookies: Pass = (text, found) => {
  if (!/cookie/i.test(text)) return text;
  return text.replace(COOKIE_HEADER, (m, set: string | undefined, head: string, pairs: string) => {
    // Split on `;` rather than matched by a pattern: one pass over a megabyte with no `=`.
    const parts = pairs.split(';').map((part, i) => {
      const eq = part.indexOf('=');
      if (eq === -1 || (set !== undefined && i > 0)) return part;
      const value = /^[^\s]*/.exec(part.slice(eq + 1))?.[0] ?? '';
      if (isNotASecret(value)) return part;
      found(value);
      return `${part.slice(0, eq + 1)}${REDACTED}${part.slice(eq + 1 + value.length)}`;
    });
    return `${set ?? ''}${head}${parts.join(';')}`;
  });
};

// ~/.netrc as curl, git and ftp read it, one entry a line: machine HOST login USER password X.
// The value stops at a quote: the line is as often quoted in a command (`echo '…'`).
const NETRC = /\b((?:machine[ \t]+\S+|default)[ \t]+login[ \t]+\S+[ \t]+password[ \t]+)([^\s'"`]+)/g;

const netrc: Pass = (text, found) => {
  if (!text.includes('login')) return text;
  return text.replace(NETRC, (m, head: string, value: string) => {
    if (isNotASecret(value)) return m;
    found(value);
    return `${head}${REDACTED}`;
  });
};

// SQL: CREATE/ALTER USER|ROLE … [ENCRYPTED] PASSWORD '…', MySQL IDENTIFIED [WITH plugin] BY
// '…' and PASSWORD('…'), SET PASSWORD … = '…'. A literal written inside another literal
// (''secret'', as in EXECUTE 'ALTER USER … PASSWORD ''x''') counts too.
const SQL_LITERAL = String.raw`(''[^'\n]+''|'(?:[^'\n\\]|''|\\.)*'|"(?:[^"\n\\]|""|\\.)*")`;
const SQL_PASSWORD = new RegExp(String.raw`\b(PASSWORD(?:[ \t]+|[ \t]*\([ \t]*)|IDENTIFIED(?:[ \t]+WITH[ \t]+[A-Za-z0-9_]+)?[ \t]+BY(?:[ \t]+PASSWORD)?[ \t]*|SET[ \t]+PASSWORD\b[^=\n]{0,200}=[ \t]*)(E?)${SQL_LITERAL}`, 'gi');
// Oracle: IDENTIFIED BY secret, unquoted.
const SQL_IDENTIFIED_BARE = /\b(IDENTIFIED[ \t]+BY[ \t]+)(?!PASSWORD\b|VALUES\b)([A-Za-z][A-Za-z0-9_#$]*)/gi;

const sql: Pass = (text, found) => {
  if (!/password|identified/i.test(text)) return text;
  return text
    .replace(SQL_PASSWORD, (m, head: string, e: string, literal: string) => {
      const q = literal.startsWith("''") ? "''" : (literal[0] as string);
      const inner = literal.slice(q.length, -q.length);
      if (isNotASecret(inner)) return m;
      found(inner.replaceAll(`${q[0]}${q[0]}`, q[0] as string));
      return `${head}${e}${q}${REDACTED}${q}`;
    })
    .replace(SQL_IDENTIFIED_BARE, (m, head: string, value: string) => {
      found(value);
      return `${head}${REDACTED}`;
    });
};

// --password=X, --password X, --api-key X, -storepass X, -passin pass:X.
const FLAG = /(?<![A-Za-z0-9_-])(--?)([A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)/g;

const flags: Pass = (text, found) => {
  if (!text.includes('-')) return text;
  const scan = new TextScan(text);
  const spans: { start: number; end: number; with: string }[] = [];
  FLAG.lastIndex = 0;
  for (let m = FLAG.exec(text); m; m = FLAG.exec(text)) {
    const [whole, dashes, name, sep] = m as unknown as [string, string, string, string];
    if (!isSensitiveFlag(dashes, name)) continue;
    const value = scan.value(m.index + whole.length, false);
    if (!value || (sep !== '=' && text[value.start] === '-')) continue;
    let start = value.inner.start;
    // openssl -passin pass:secret (env:VAR, file:path and stdin name where it is).
    if (text.startsWith('pass:', start)) start += 'pass:'.length;
    const secret = text.slice(start, value.inner.end);
    if (isNotASecret(secret)) continue;
    found(unquote(secret));
    spans.push({ start, end: value.inner.end, with: REDACTED });
    FLAG.lastIndex = value.end;
  }
  return replaceSpans(text, spans);
};

// NAME=value, export NAME="value", "name": "value", name: value, name = value, \"name\":
// \"value\", **Password:** value. Starts only where a word starts (the lookbehind), so a
// long blob costs one scan.
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])(\\?["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\*{1,2}|`)?([ \t]*)(=>|:=|[:=])([ \t]*)/g;
// A name that is an ordinary word (password, Secret), not a key (DB_PASSWORD, X-Api-Key, PASSWORD).
const PLAIN_WORD = /^[A-Za-z][a-z]*$/;
// Markdown emphasis or code opening a value: `**Password:** hunter2`.
const FIRST_WORD_HEAD = 256;
const VALUE_MARKUP = /^[*`]+[ \t]+/;

const assignments: Pass = (text, found) => {
  if (!text.includes('=') && !text.includes(':')) return text;
  const scan = new TextScan(text);
  const spans: { start: number; end: number; with: string }[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    const name = m[2] as string;
    // A quoted "auth" key is ~/.docker/config.json's base64 of user:password; a bare `auth:`
    // is as often a setting (`auth: enabled`).
    if (!isSensitiveName(name) && !(m[1] !== '' && /^auth$/i.test(name))) continue;
    const before = m[4] as string;
    const sep = m[5] as string;
    const after = m[6] as string;
    // `NAME= cmd` in a shell sets NAME empty; `==` compares.
    if (sep === '=' && before === '' && after !== '') continue;
    // A config line (`password = a b`, `password: a b`) holds the rest of the line; a
    // shell assignment (`PGPASSWORD=x psql`) one word.
    const toLineEnd = sep !== '=' || before !== '' || after !== '';
    let at = m.index + m[0].length;
    const markup = toLineEnd ? VALUE_MARKUP.exec(text.slice(at, at + 8)) : null;
    if (markup) at += markup[0].length;
    if (text[at] === '=') continue;
    const value = scan.value(at, toLineEnd);
    if (!value) continue;
    const context = scan.before(m.index);
    const { start } = value.inner;
    // The first word decides (a reference, a blank, a count, prose); looking at a bounded
    // head of it keeps a line of skipped names linear.
    let firstEnd = start;
    const firstLimit = Math.min(value.inner.end, start + FIRST_WORD_HEAD);
    const endsWord = (c: string): boolean => !value.quoted && (c === ' ' || c === '\t' || context.open.includes(c) || (context.braces > 0 && (c === ',' || c === '}')));
    while (firstEnd < firstLimit && !endsWord(text[firstEnd] as string)) firstEnd++;
    const first = text.slice(start, firstEnd).replace(/[,;]$/, '');
    if (first === '' || isNotASecret(first) || isCountName(name, first)) continue;
    // `the JWT secret: openssl rand -hex 32` is a sentence, `password: x` a setting (also
    // when quoted in a command: `echo '  password: a b'`).
    const prose = !value.quoted && sep === ':' && m[1] === '' && PLAIN_WORD.test(name) && context.word && context.open === '';
    if (prose && !looksMadeUp(first)) continue;
    let end = value.inner.end;
    if (prose) {
      end = firstEnd;
      while (end < value.inner.end && text[end] !== ' ' && text[end] !== '\t') end++;
      if (text[end - 1] === ',' || text[end - 1] === ';') end--;
    } else if (!value.quoted && toLineEnd) {
      // `echo "password = a b" > f`: the value ends where the quote it stands in closes;
      // in a flow map (`{ DB_PASSWORD: x, USER: y }`) where its entry does.
      for (const q of [...context.open, ...(context.braces > 0 ? [',', '}'] : [])]) {
        const close = scan.next(q, start);
        if (close !== -1 && close < end) end = close;
      }
      while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    }
    const secret = text.slice(start, end);
    found(value.quoted || toLineEnd ? secret : unquote(secret));
    spans.push({ start, end, with: REDACTED });
    ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, prose ? end : value.end);
  }
  return replaceSpans(text, spans);
};

// One pattern per shape, each run only where its keywords occur: an alternation of all of
// them would lose the engine's fast scan for a literal prefix (2.5× slower on plain output).
const TOKEN_PASSES = TOKEN_SHAPES.map((shape) => ({ keywords: shape.keywords, pattern: new RegExp(shape.pattern, 'g') }));
// Any keyword at all, in one scan: most text (a step's title, a line of output) holds none,
// and one search is cheaper than asking for each keyword in turn.
const ANY_KEYWORD = new RegExp(TOKEN_SHAPES.flatMap((shape) => shape.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('|'));

const tokens: Pass = (text, found) => {
  if (!ANY_KEYWORD.test(text)) return text;
  let out = text;
  for (const { keywords, pattern } of TOKEN_PASSES) {
    if (!keywords.some((k) => out.includes(k))) continue;
    out = out.replace(pattern, (m) => {
      found(m);
      return REDACTED;
    });
  }
  return out;
};

const PASSES: readonly Pass[] = [keyBlocks, urls, headers, cookies, netrc, sql, programCredentials, flags, assignments, tokens];

const ignore: FoundSecret = () => undefined;

/** The text with every credential shape replaced by `[REDACTED]`. Idempotent. */
export function redactSecretShapes(text: string, found: FoundSecret = ignore): string {
  let out = text;
  for (const pass of PASSES) out = pass(out, found);
  return out;
}

// Values too generic to hunt for everywhere: flags and counts (`DEBUG_TOKEN=1`).
const TOO_GENERIC = /^(?:.{0,2}|\d{1,4}|true|false|yes|no|on|off)$/i;

/**
 * Whether a value known by its name or shape is worth redacting wherever it appears
 * later: not a flag or a count, which would hide every `1` or `yes` of the output
 * instead of a secret.
 */
export function worthHunting(value: string): boolean {
  return !TOO_GENERIC.test(value) && !value.includes(REDACTED);
}

/** A value written in a text: also not a reference ($VAR, $(…), `…`), which is no value yet. */
const isLiteral = (value: string): boolean => worthHunting(value) && !/[$`\n]/.test(value);

/**
 * The credential values a text sets or shows (`export DB_PASSWORD=x`, `mysql -px`,
 * `https://u:x@h`), unquoted, so their later echoes can be redacted wherever they appear.
 * References ($VAR, $(…)) are not values.
 */
export function secretsIn(text: string): string[] {
  const values = new Set<string>();
  redactSecretShapes(text, (value) => {
    const v = value.trim();
    if (isLiteral(v)) values.add(v);
  });
  return [...values];
}
