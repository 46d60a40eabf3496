// Redaction before anything is written: the credential shapes of runbook/secret-shapes.ts
// (URL passwords, *_PASSWORD= assignments, password flags, bearer tokens, cloud/API
// tokens, private keys, SQL passwords) plus the secret values this run knows — secret
// inputs, target passwords, credentials from the environment, passwords a command sets —
// and the forms a step can cheaply turn them into (URL-encoded, JSON-escaped, base64, hex,
// upper and lower case). Over-redacting a lookalike is cheaper than leaking a real secret, but
// ordinary prose ("password reset flow", "token count: 5") stays readable.

import { Buffer } from 'node:buffer';
import { KEY_END, blankLines, endsInsideKey, keyBodyEnd } from '../runbook/key-blocks';
import { blockBodyEnd, bodyLines, openBlockIndent } from '../runbook/block-scalars';
import { REDACTED, redactSecretShapes, secretShapeSpans, worthHunting } from '../runbook/redact-shapes';
import { escapeSpans, hideSpans, inOriginal, unionOf } from '../runbook/hidden-spans';
import type { Span } from '../runbook/text-scan';
import { isSensitiveName } from '../runbook/secret-shapes';

export { REDACTED } from '../runbook/redact-shapes';

export interface Redactor {
  /** Free text (output, commands, notes): shapes, and every known secret in every form. */
  (text: string): string;
  /**
   * Ids, statuses, names and digests in a journal event: shapes and known secrets as
   * written, but no short or derived forms, which would cut a step id (`deploy-ab-1`) or
   * a hash apart and leave the journal pointing at steps that do not exist.
   */
  structural(text: string): string;
  /**
   * What the run reads back from its own journal and compares (step ids, the working
   * directory, the runbook's path, the driver's account and host): credential shapes only,
   * never a known secret's value. Those come from the runbook's text and the operator's
   * machine, so a secret that is also one of their words (MYSQL_PWD=root and `-u root`) is
   * already in plain view there; cut out of them, it would leave the run unable to find
   * its own steps.
   */
  shapes(text: string): string;
  /**
   * A redactor for one output stream of one step, fed its lines in order: it follows a
   * private key's body from one batch to the next, and forgets it with the stream.
   */
  stream(): (text: string) => string;
  /** A secret value, of any length, redacted from here on. */
  addSecret(value: string): void;
}

/**
 * Below this length a known secret is redacted only where it stands as a word of its own
 * (`the password is ab.`): as a substring it would cut ordinary words apart.
 */
const WHOLE_WORD_BELOW = 4;
/** A base64 fragment shorter than this matches random base64 too often to mean anything. */
const MIN_FRAGMENT = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * base64 of the secret wherever it starts in the encoded text: each of the three byte
 * alignments gives a run of characters that depend only on the secret.
 */
function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const first = Math.ceil((shift * 8) / 6);
    const last = Math.floor(((shift + bytes.length) * 8) / 6);
    const fragment = encoded.slice(first, last);
    if (fragment.length >= MIN_FRAGMENT) out.push(fragment, toUrlSafe(fragment));
  }
  return out;
}

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The secret inside a JSON string (`jq`, `terraform output -json`, an API echoing a request):
 * quotes, backslashes and controls escaped; as Python's json and many others write it,
 * every non-ASCII character as a \u escape too; as Go's encoding/json writes it (kubectl,
 * terraform, docker inspect), & < > as \u0026 \u003c \u003e; as PHP's writes it, / as \/.
 */
function jsonForms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return [escaped, escaped.replace(/[\u0080-\uffff]/g, unicodeEscape), escaped.replace(/[&<>\u2028\u2029]/g, unicodeEscape), escaped.replaceAll('/', '\\/')];
}

/**
 * The secret in a URL or a form: encodeURIComponent's, and as Python's urllib writes it
 * (quote keeps /, quote_plus writes a space as +), and with lower-case escapes.
 */
function percentForms(value: string): string[] {
  const encoded = encodeURIComponent(value);
  return [encoded, encoded.replace(/%2F/g, '/'), encoded.replace(/%20/g, '+'), encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())];
}

/**
 * The secret as bash quotes a word (printf %q, declare -p of an array): a backslash before
 * each special character, and before # and ~ only where they would start the word.
 */
const shellQuoted = (value: string): string => value.replace(/[^A-Za-z0-9_\-+./:=@%\u0080-\uffff]/g, (c, at: number) => ((c === '#' || c === '~') && at > 0 ? c : `\\${c}`));

/** The forms a step can cheaply print a secret in: as is, URL-encoded, JSON-escaped, shell-quoted, base64, hex, cased. */
export function derivedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [
    value,
    ...percentForms(value),
    ...jsonForms(value),
    shellQuoted(value),
    value.toUpperCase(),
    value.toLowerCase(),
    bytes.toString('base64'),
    Buffer.from(`${value}\n`, 'utf8').toString('base64'),
    toUrlSafe(bytes.toString('base64')),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Fragments(bytes),
  ];
  return [...new Set(forms)].filter((f) => f !== '');
}

/**
 * One matcher for a set of strings, longest first so a secret holding another wins:
 * long ones wherever they are, short ones only as words of their own.
 */
function matcher(values: Iterable<string>): RegExp | null {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return null;
  const long = sorted.filter((v) => v.length >= WHOLE_WORD_BELOW).map(escapeRegExp);
  const short = sorted.filter((v) => v.length < WHOLE_WORD_BELOW).map(escapeRegExp);
  const parts = [...(long.length ? [long.join('|')] : []), ...(short.length ? [`(?<![A-Za-z0-9_])(?:${short.join('|')})(?![A-Za-z0-9_])`] : [])];
  return new RegExp(parts.join('|'), 'g');
}

const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * What a hidden span becomes: one `[REDACTED]`, and the line ends it held, so the output
 * keeps its lines (the journal counts them, and a batch is redacted whole).
 */
function hidden(secret: string): string {
  if (!secret.includes('\n')) return REDACTED;
  return REDACTED + secret.replace(/[^\n]+/g, '');
}

/**
 * Where the known secrets stand: each match, and each that starts inside another (two
 * secrets that overlap, `abcd1234` and `1234wxyz` in `abcd1234wxyz`), as the matcher
 * only finds the leftmost.
 */
function knownSpans(known: RegExp, text: string): Span[] {
  const spans: Span[] = [];
  known.lastIndex = 0;
  for (let m = known.exec(text); m; m = known.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length });
    known.lastIndex = m.index + 1;
  }
  return spans;
}

/** Where the known secrets and the credential shapes stand in the text. */
function spansIn(known: RegExp | null, text: string): Span[] {
  const shapes = secretShapeSpans(text);
  return known ? unionOf(knownSpans(known, text), shapes) : shapes;
}

/**
 * Known secrets and credential shapes, both found on the text as written and hidden
 * together: a known secret cut out first would break a longer credential around it (a
 * bearer token, a URL's password) and leave the rest of it readable. Read again without
 * its terminal escapes, where it has some: `grep --color` splits the word it matched.
 */
function redactWith(known: RegExp | null, text: string): string {
  const spans = spansIn(known, text);
  const escapes = escapeSpans(text);
  if (escapes.length === 0) return hideSpans(text, spans, hidden);
  const plain = inOriginal(spansIn(known, hideSpans(text, escapes, () => '')), escapes, '');
  return hideSpans(text, unionOf(spans, plain), hidden);
}

export function createRedactor(secrets: string[] = []): Redactor {
  const known = new Set<string>();
  // Each known value's forms, worked out once; the matchers are rebuilt from them only when
  // a redaction needs them after values were added, so learning 1,500 secrets before a step
  // builds them once, not 1,500 times over a growing list.
  const freeForms: string[] = [];
  const structuralForms: string[] = [];
  let stale = false;
  let free: RegExp | null = null;
  let structural: RegExp | null = null;

  const learn = (value: string): void => {
    if (known.has(value)) return;
    known.add(value);
    freeForms.push(...derivedForms(value));
    structuralForms.push(...[value, encodeURIComponent(value)].filter((v) => v.length >= WHOLE_WORD_BELOW));
    stale = true;
  };
  const addSecret = (value: string): void => {
    if (value === '' || known.has(value)) return;
    learn(value);
    // A secret of many lines (a PEM in the environment) is printed a line at a time as often
    // as whole (`head -3 key.pem`): each of its lines is a secret too, but its armour.
    for (const line of value.split(/\r?\n/)) {
      if (line !== value && line.trim().length >= MIN_FRAGMENT && !PEM_ARMOUR.test(line)) learn(line.trim());
    }
  };
  const fresh = (): void => {
    if (!stale) return;
    free = matcher(freeForms);
    structural = matcher(structuralForms);
    stale = false;
  };
  for (const s of secrets) addSecret(s);

  const redact = (text: string): string => {
    fresh();
    return redactWith(free, text);
  };
  const redactStructural = (text: string): string => {
    fresh();
    return redactWith(structural, text);
  };
  const redactor: Redactor = Object.assign(redact, {
    addSecret,
    structural: redactStructural,
    shapes: (text: string) => redactSecretShapes(text),
    stream: () => streamRedactor(redactor),
  });
  return redactor;
}

/**
 * One output stream fed in line batches (as the journal writes them): a private key whose
 * END has not come yet is followed into later batches, while their lines read as its body;
 * so is a credential's YAML block (`password: |`), while their lines are indented below it.
 * Calls must split at line boundaries; a secret cut across two calls is not recognised.
 */
function streamRedactor(base: (text: string) => string): (text: string) => string {
  let insideKey = false;
  // The indentation of a credential's block key (`password: |`) whose body the last batch left open.
  let blockIndent = -1;
  return (text: string): string => {
    let out = '';
    let rest = text;
    if (blockIndent !== -1) {
      const stop = blockBodyEnd(rest, blockIndent);
      out += hideSpans(rest.slice(0, stop), bodyLines(rest, 0, stop), () => REDACTED);
      rest = rest.slice(stop);
      if (rest === '') return out;
      blockIndent = -1;
    }
    blockIndent = openBlockIndent(rest);
    if (insideKey) {
      const end = KEY_END.exec(rest);
      const stop = end ? end.index : keyBodyEnd(rest);
      out += blankLines(rest.slice(0, stop));
      rest = rest.slice(stop);
      // The key goes on into the next batch.
      if (!end && rest === '') return out;
      insideKey = false;
      if (end) {
        out += end[0];
        rest = rest.slice(end[0].length);
      }
    }
    // Nearly all output holds no key block: the one search says so.
    if (!rest.includes('PRIVATE KEY')) return out + base(rest);
    insideKey = endsInsideKey(rest);
    return out + base(rest);
  };
}

/**
 * A connection setting (a URL, a libpq `host=… password=…` string, or a driver's message
 * quoting one) safe to print: every credential shape replaced by `[REDACTED]`, the URL's
 * password and a `password=` keyword alike.
 */
export function redactUrl(url: string): string {
  return redactSecretShapes(url);
}


/**
 * Secret values found in an environment: PGPASSWORD and every variable whose name marks a
 * credential (DB_PASSWORD, DB_PASS, MYSQL_PWD, REDIS_AUTH, API_TOKEN,
 * AWS_SECRET_ACCESS_KEY, …), for `addSecret`. References, one- and two-character values
 * and plain flags are left out: redacting every `1` in the output would hide the
 * evidence, not a secret.
 */
export function secretsInEnv(env: Record<string, string | undefined>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && isSensitiveName(name) && worthHunting(value)) found.push(value);
  }
  return found;
}
