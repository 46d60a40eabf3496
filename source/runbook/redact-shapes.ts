// Redacting credential shapes (secret-shapes.ts) out of any text: step output, a command,
// a runbook's source, the text a step id is made from. Pure and linear in the length of
// the text: each pass is one scan, and no pattern can backtrack over a long line.
// Apart from private key blocks (which the stream redactor follows across output batches),
// no pattern spans a line end, so redacting a block of lines equals redacting each line.

import { isCountName, isNotASecret, isPasswdMessage, isSensitiveFlag, isSensitiveName, looksMadeUp, REDACTED, TOKEN_SHAPES } from './secret-shapes';
import { ansiC, symbolsOn, TextScan, unquote, type Span } from './text-scan';
import { programCredentials, type FoundSecret, type Pass } from './redact-programs';
import { keyBlocks } from './key-blocks';
import { blockScalars } from './block-scalars';
import { endOf, hideSpans, inOriginal, spansOf, unionOf } from './hidden-spans';
import { tokens } from './redact-tokens';
import { stdinCredentials } from './redact-stdin';
import { loginStdinCredentials } from './redact-stdin-login';
import { redisCredentials } from './redact-redis';
import { oracleCredentials } from './redact-oracle';
import { tableCredentials } from './redact-tables';
import { pgpassLines } from './redact-pgpass';

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
  if (!text.includes('://')) return [];
  return spansOf(text, URL_USERINFO, (m) => {
    const [, scheme, user, password] = m as unknown as [string, string, string, string | undefined];
    const start = m.index + scheme.length;
    if (password !== undefined) {
      if (isNotASecret(password)) return undefined;
      found(password);
      found(decoded(password));
      return { start: start + user.length + 1, end: start + user.length + 1 + password.length };
    }
    if (user.includes(REDACTED) || !tokenLike(user)) return undefined;
    found(user);
    return { start, end: start + user.length };
  });
};

const AUTHORIZATION = /\b((?:proxy-)?authorization[ \t]*:[ \t]*)(?:(bearer|basic|token|digest|negotiate|api-token)[ \t]+)?([^\s"',]+)/gi;
// A bare `Bearer x`: only when x looks like a token (long, or mixed with digits), so
// "Bearer of bad news" stays prose.
const BARE_BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9._~+/-]{16,}=*|(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*)/g;

/** The last group of each match, a value to hide unless it is no secret. */
const lastGroup =
  (pattern: RegExp, gate?: (text: string) => boolean): Pass =>
  (text, found) => {
    if (gate && !gate(text)) return [];
    return spansOf(text, pattern, (m) => {
      const value = m[m.length - 1] as string;
      if (isNotASecret(value)) return undefined;
      found(value);
      return endOf(m, value);
    });
  };

const authorization = lastGroup(AUTHORIZATION);
const bareBearer = lastGroup(BARE_BEARER);

// Cookie: a=1; b=2 and Set-Cookie: sid=…; Path=/, as `curl -v` prints them: a session
// cookie is a login. A Cookie header is the browser's whole bag (every value); a Set-Cookie
// sets one cookie, and what follows its value are attributes.
const COOKIE_HEADER = /\b(set-)?(cookie[ \t]*:[ \t]*)([^\r\n"']*)/gi;

const cookies: Pass = (text, found) => {
  if (!/cookie/i.test(text)) return [];
  const spans: Span[] = [];
  spansOf(text, COOKIE_HEADER, (m) => {
    const set = m[1];
    const pairs = m[3] as string;
    let at = endOf(m, pairs).start;
    // Split on `;` rather than matched by a pattern: one pass over a megabyte with no `=`.
    pairs.split(';').forEach((part, i) => {
      const eq = part.indexOf('=');
      const value = /^[^\s]*/.exec(part.slice(eq + 1))?.[0] ?? '';
      if (eq !== -1 && (set === undefined || i === 0) && !isNotASecret(value)) {
        found(value);
        spans.push({ start: at + eq + 1, end: at + eq + 1 + value.length });
      }
      at += part.length + 1;
    });
    return undefined;
  });
  return spans;
};

// ~/.netrc as curl, git and ftp read it, one entry a line: machine HOST login USER password X.
// The value stops at a quote: the line is as often quoted in a command (`echo '…'`).
const NETRC = /\b((?:machine[ \t]+\S+|default)[ \t]+login[ \t]+\S+[ \t]+password[ \t]+)([^\s'"`]+)/g;

const netrc = lastGroup(NETRC, (text) => text.includes('login'));

// SQL: CREATE/ALTER USER|ROLE … [ENCRYPTED] PASSWORD '…', MySQL IDENTIFIED [WITH plugin] BY
// '…' and PASSWORD('…'), SET PASSWORD … = '…'. A literal written inside another literal
// (''secret'', as in EXECUTE 'ALTER USER … PASSWORD ''x''') counts too, and PostgreSQL's
// dollar quotes ($$x$$, $tag$x$tag$: read up to 1,000 characters for the close, so a line
// of opens costs no square) and Unicode escapes (U&'x').
const SQL_LITERAL = String.raw`(''[^'\n]+''|'(?:[^'\n\\]|''|\\.)*'|"(?:[^"\n\\]|""|\\.)*"|(\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)[^\n]{0,1000}?\4)`;
const SQL_PASSWORD = new RegExp(String.raw`\b(PASSWORD(?:[ \t]+|[ \t]*\([ \t]*)|IDENTIFIED(?:[ \t]+WITH[ \t]+[A-Za-z0-9_]+)?[ \t]+BY(?:[ \t]+PASSWORD)?[ \t]*|SET[ \t]+PASSWORD\b[^=\n]{0,200}=[ \t]*)(E|U&|)${SQL_LITERAL}`, 'gi');
// Oracle: IDENTIFIED BY secret, unquoted.
const SQL_IDENTIFIED_BARE = /\b(IDENTIFIED[ \t]+BY[ \t]+)(?!PASSWORD\b|VALUES\b)([A-Za-z][A-Za-z0-9_#$]*)/gi;

const SQL_WORDS = /password|identified/i;

const sqlPassword: Pass = (text, found) => {
  if (!SQL_WORDS.test(text)) return [];
  return spansOf(text, SQL_PASSWORD, (m) => {
    const literal = m[3] as string;
    const q = m[4] ?? (literal.startsWith("''") ? "''" : (literal[0] as string));
    const inner = literal.slice(q.length, -q.length);
    if (isNotASecret(inner)) return undefined;
    // A quote inside a quoted literal is doubled; nothing is inside a dollar-quoted one.
    found(m[4] ? inner : inner.replaceAll(`${q[0]}${q[0]}`, q[0] as string));
    const { start, end } = endOf(m, literal);
    return { start: start + q.length, end: end - q.length };
  });
};

const sqlIdentifiedBare: Pass = (text, found) => {
  if (!SQL_WORDS.test(text)) return [];
  return spansOf(text, SQL_IDENTIFIED_BARE, (m) => {
    found(m[2] as string);
    return endOf(m, m[2] as string);
  });
};

// --password=X, --password X, --api-key X, -storepass X, -passin pass:X, -Dapp.password=X.
const FLAG = /(?<![A-Za-z0-9_-])(--?)([A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)/g;

const flags: Pass = (text, found) => {
  if (!text.includes('-')) return [];
  const scan = new TextScan(text);
  const spans: Span[] = [];
  FLAG.lastIndex = 0;
  for (let m = FLAG.exec(text); m; m = FLAG.exec(text)) {
    const [whole, dashes, name, sep] = m as unknown as [string, string, string, string];
    if (!isSensitiveFlag(dashes, name, sep)) continue;
    const value = scan.value(m.index + whole.length, false);
    if (!value || (sep !== '=' && text[value.start] === '-')) continue;
    let start = value.inner.start;
    // openssl -passin pass:secret (env:VAR, file:path and stdin name where it is).
    if (text.startsWith('pass:', start)) start += 'pass:'.length;
    const secret = text.slice(start, value.inner.end);
    if (isNotASecret(secret)) continue;
    found(value.ansiC ? ansiC(secret) : unquote(secret));
    spans.push({ start, end: value.inner.end });
    FLAG.lastIndex = value.end;
  }
  return spans;
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
  if (!text.includes('=') && !text.includes(':')) return [];
  const scan = new TextScan(text);
  const spans: Span[] = [];
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
    if (sep === ':' && isPasswdMessage(name, text.slice(start, value.inner.end), m.index === 0 || text[m.index - 1] === '\n')) continue;
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
    } else if (!value.quoted && text[m.index - 1] === ';') {
      // A connection string's `…;User ID=u;Password=a b;…`: the value runs to the next `;`,
      // the quote the string stands in, or the line's end.
      end = scan.trimmedLineEnd(start);
      for (const q of [';', ...context.open]) {
        const close = scan.next(q, start);
        if (close !== -1 && close < end) end = close;
      }
    } else if (!value.quoted) {
      // `+ export 'DB_PASSWORD=a b'` (set -x), `docker run -e "TOKEN=a b"`: the quote opened
      // before the name holds the whole value.
      const q = text[m.index - 1] as string;
      const close = (q === '"' || q === "'") && context.open.includes(q) ? scan.closing(q, start) : -1;
      end = close !== -1 ? close : symbolsOn(text, end, context.open);
    }
    const secret = text.slice(start, end);
    found(value.ansiC ? ansiC(secret) : value.quoted || toLineEnd ? secret : unquote(secret));
    spans.push({ start, end });
    ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, prose ? end : Math.max(end, value.end));
  }
  return spans;
};

const PASSES: readonly Pass[] = [keyBlocks, blockScalars, urls, authorization, bareBearer, cookies, netrc, pgpassLines, sqlPassword, sqlIdentifiedBare, programCredentials, stdinCredentials, loginStdinCredentials, redisCredentials, oracleCredentials, flags, assignments, tableCredentials, tokens];

const ignore: FoundSecret = () => undefined;

/**
 * Where the credential shapes stand in the text as written: sorted, disjoint spans, each
 * one `[REDACTED]`. Each pass reads what the passes before it left.
 */
export function secretShapeSpans(text: string, found: FoundSecret = ignore): Span[] {
  let hidden: Span[] = [];
  let current = text;
  for (const pass of PASSES) {
    const spans = pass(current, found);
    if (spans.length === 0) continue;
    hidden = unionOf(hidden, inOriginal(spans, hidden, REDACTED));
    current = hideSpans(text, hidden, () => REDACTED);
  }
  return hidden;
}

/** The text with every credential shape replaced by `[REDACTED]`. Idempotent. */
export function redactSecretShapes(text: string, found: FoundSecret = ignore): string {
  return hideSpans(text, secretShapeSpans(text, found), () => REDACTED);
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
