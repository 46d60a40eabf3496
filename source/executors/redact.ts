// Redaction before anything is written: known secret values and credential shapes
// (URL passwords, *_PASSWORD= assignments, bearer tokens, cloud/API tokens, private keys).
// Over-redacting a lookalike is cheaper than leaking a real secret, but ordinary prose
// ("password reset flow", "token count: 5", "Bearer of bad news") stays readable.

export const REDACTED = '[REDACTED]';

export interface Redactor {
  (text: string): string;
  addSecret(value: string): void;
}

/** Values this short would match ordinary text everywhere; they are not treated as secrets. */
const MIN_SECRET_LENGTH = 4;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Names whose assigned value is a credential. Case-insensitive suffixes, plus UPPER_CASE *_KEY
// (environment variables) — a lowercase `primary_key: id` is schema talk, not a secret.
const SENSITIVE_SUFFIX = /(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?)$/i;
const UPPER_KEY = /^[A-Z0-9_]*_KEY$/;
const isSensitiveName = (name: string): boolean => SENSITIVE_SUFFIX.test(name) || UPPER_KEY.test(name);

// NAME=value, export NAME="value", "name": "value", name: value, --name=value.
// Patterns start only where a word starts (lookbehind), so a long base64 blob in the
// output costs one scan, not one per character.
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1([ \t]*[:=][ \t]*)(\\"[^"\n]*?\\"|"[^"\n]*"|'[^'\n]*'|[^\s"',;&}]+)/g;

// --password xyz / --token xyz (space-separated flag values).
const FLAG_WITH_VALUE = /(?<![A-Za-z0-9-])(--[A-Za-z0-9-]*(?:password|token|secret))([ \t]+)(?!-)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/gi;

// scheme://user:password@host — any scheme.
const URL_PASSWORD = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):([^\s@/]+)@/gi;

const AUTHORIZATION = /\b((?:proxy-)?authorization[ \t]*:[ \t]*)(?:(bearer|basic|token|digest|negotiate)[ \t]+)?([^\s"',]+)/gi;
// A bare `Bearer x`: only when x looks like a token (long, or mixed with digits), so
// "Bearer of bad news" stays prose.
const BARE_BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9._~+/-]{16,}=*|(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*)/g;

const TOKEN_SHAPES: RegExp[] = [
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key id
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];

const KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
const KEY_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;

/** Replaces every line of a private key's body, keeping the line structure. */
const blankLines = (body: string): string => body.replace(/[^\r\n]+/g, REDACTED);

/** Redacts private key blocks; a BEGIN without its END redacts to the end of the text. */
function redactKeyBlocks(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const begin = KEY_BEGIN.exec(rest);
    if (!begin) return out + rest;
    const afterBegin = begin.index + begin[0].length;
    out += rest.slice(0, afterBegin);
    rest = rest.slice(afterBegin);
    const end = KEY_END.exec(rest);
    if (!end) return out + blankLines(rest);
    out += blankLines(rest.slice(0, end.index)) + end[0];
    rest = rest.slice(end.index + end[0].length);
  }
}

// Not a credential: a reference to one ($VAR), a placeholder, a YAML/JSON structure opening,
// or a flag value (`secret: true` in a runbook's front matter declares, it does not hold).
const NOT_A_VALUE = /^["']?(?:\$|<|\{|\[|(?:true|false|yes|no|null|none)["']?$)/i;
const isReference = (value: string): boolean => NOT_A_VALUE.test(value) || value.includes(REDACTED);

function redactShapes(text: string): string {
  let out = redactKeyBlocks(text);
  out = out.replace(URL_PASSWORD, (_m, head: string) => `${head}:${REDACTED}@`);
  out = out.replace(AUTHORIZATION, (m, head: string, scheme: string | undefined, value: string) =>
    value === REDACTED ? m : `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  );
  out = out.replace(BARE_BEARER, (_m, head: string) => `${head}${REDACTED}`);
  out = out.replace(ASSIGNMENT, (m, quote: string, name: string, sep: string, value: string) => {
    if (!isSensitiveName(name) || isReference(value)) return m;
    // NAME=\"value\" inside a quoted string keeps its escaped quotes.
    const q = value.startsWith('\\"') ? '\\"' : value[0] === '"' || value[0] === "'" ? value[0] : '';
    return `${quote}${name}${quote}${sep}${q}${REDACTED}${q}`;
  });
  out = out.replace(FLAG_WITH_VALUE, (m, flag: string, space: string, value: string) =>
    isReference(value) ? m : `${flag}${space}${REDACTED}`,
  );
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** A matcher for the known secret values, longest first so a secret holding another wins. */
function secretMatcher(secrets: Set<string>): RegExp | null {
  if (secrets.size === 0) return null;
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'g');
}

export function createRedactor(secrets: string[] = []): Redactor {
  const known = new Set<string>();
  let matcher: RegExp | null = null;

  const addSecret = (value: string): void => {
    if (value.length < MIN_SECRET_LENGTH) return;
    const before = known.size;
    known.add(value);
    // The same password may show up percent-encoded inside a URL.
    const encoded = encodeURIComponent(value);
    if (encoded !== value) known.add(encoded);
    if (known.size !== before) matcher = secretMatcher(known);
  };
  for (const s of secrets) addSecret(s);

  const redact = (text: string): string => {
    const withoutKnown = matcher ? text.replace(matcher, REDACTED) : text;
    return redactShapes(withoutKnown);
  };
  return Object.assign(redact, { addSecret });
}

/**
 * A redactor for one output stream fed in line batches (as the journal writes them): it
 * remembers an open `-----BEGIN … PRIVATE KEY-----` so body lines arriving in later calls
 * are redacted too. Secrets are shared with `base` when given.
 * Calls must split at line boundaries; a secret cut across two calls is not recognised.
 */
export function createStreamRedactor(base: Redactor = createRedactor()): Redactor {
  let insideKey = false;

  const redact = (text: string): string => {
    // Nearly all output holds no key block: one search instead of a pass per line.
    if (!insideKey && !text.includes('PRIVATE KEY')) return base(text);
    let out = '';
    let plain = '';
    const flushPlain = (): void => {
      if (plain) out += base(plain);
      plain = '';
    };
    for (const line of text.split(/(?<=\n)/)) {
      if (insideKey) {
        const end = KEY_END.exec(line);
        if (end) {
          insideKey = false;
          out += blankLines(line.slice(0, end.index)) + end[0];
          plain += line.slice(end.index + end[0].length);
        } else {
          out += blankLines(line);
        }
        continue;
      }
      const begin = KEY_BEGIN.exec(line);
      if (begin && !KEY_END.test(line.slice(begin.index))) {
        flushPlain();
        const afterBegin = begin.index + begin[0].length;
        out += base(line.slice(0, begin.index)) + begin[0] + blankLines(line.slice(afterBegin));
        insideKey = true;
        continue;
      }
      plain += line;
    }
    flushPlain();
    return out;
  };
  return Object.assign(redact, { addSecret: (value: string) => base.addSecret(value) });
}

/** A URL (or any text holding URLs) safe to print: passwords replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  return url.replace(URL_PASSWORD, (_m, head: string) => `${head}:${REDACTED}@`);
}

/**
 * Secret values found in an environment: PGPASSWORD and every variable whose name marks a
 * credential (DB_PASSWORD, API_TOKEN, AWS_SECRET_ACCESS_KEY, …), for `addSecret`.
 */
export function secretsInEnv(env: Record<string, string | undefined>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && isSensitiveName(name)) found.push(value);
  }
  return found;
}
