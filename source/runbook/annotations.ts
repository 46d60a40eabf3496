// Annotations make an inference exact: `{#baseline capture=baseline ok-exit=0,1 follow}` after
// a fence's language, or `<!-- runbook: key=value … -->` on a heading or list item.
// An unknown key or a bad value is an error: a typo must not silently change how a step runs.

import { DialectError, type Annotations } from './model';

type Key = keyof Annotations;
type Flag = 'follow' | 'tty' | 'idempotent' | 'display' | 'plan' | 'skip' | 'destructive';

const FLAGS: ReadonlySet<string> = new Set<Flag>(['follow', 'tty', 'idempotent', 'display', 'plan', 'skip', 'destructive']);
const KNOWN: readonly Key[] = [
  'id', 'capture', 'compare', 'target', 'confirm', 'timeout', 'ok-exit', 'follow', 'tty', 'idempotent',
  'display', 'at', 'key', 'rules', 'plan', 'skip', 'destructive', 'name', 'signature',
];

const NAME = /^[A-Za-z0-9_][\w.-]*$/;
const RULE = /^[^\s:,]+:(?:equal|delta|ignore|>=)$/;

/** Each valued key: what a good value looks like, and how to say so. */
const VALUES: Record<Exclude<Key, Flag>, { ok: (v: string) => boolean; expected: string }> = {
  id: { ok: (v) => NAME.test(v), expected: 'letters, digits, "_", "-" or "."' },
  capture: { ok: (v) => NAME.test(v), expected: 'a capture name' },
  compare: { ok: (v) => NAME.test(v), expected: 'a capture name' },
  target: { ok: (v) => NAME.test(v), expected: 'a target name' },
  confirm: { ok: (v) => v === 'typed', expected: '"typed"' },
  timeout: { ok: (v) => parseDuration(v) !== null, expected: 'a duration like 30s, 5m, 1h or 500ms' },
  'ok-exit': { ok: (v) => /^\d+(,\d+)*$/.test(v) && v.split(',').every((n) => Number(n) <= 255), expected: 'exit codes like 0,1' },
  at: { ok: (v) => v.startsWith('+') && parseDuration(v.slice(1)) !== null, expected: 'a delay after the start like +1h, +4h or +30m' },
  key: { ok: (v) => v.split(',').every((c) => c.trim() !== ''), expected: 'a column name' },
  rules: { ok: (v) => v.split(',').every((r) => RULE.test(r.trim())), expected: 'column:rule pairs, rule one of equal, delta, ignore, >=' },
  name: { ok: (v) => v.trim() !== '', expected: 'a name' },
  signature: { ok: (v) => NAME.test(v), expected: 'a schema name like public (main for SQLite)' },
};

export function parseFenceAnnotations(meta: string, line: number): Annotations {
  const m = /\{([^}]*)\}/.exec(meta);
  return m ? parseTokens(m[1] ?? '', line) : {};
}

export function parseCommentAnnotations(html: string, line: number): Annotations | null {
  const m = /^\s*<!--\s*runbook\s*:([\s\S]*?)-->\s*$/i.exec(html);
  return m ? parseTokens(m[1] ?? '', line) : null;
}

/** `30s`, `5m`, `1h`, `500ms`, `1h30m` → milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|sec|m|min|h|hr|d))+$/.test(t)) return null;
  const unit: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000 };
  let total = 0;
  for (const part of t.matchAll(/(\d+(?:\.\d+)?)(ms|sec|s|min|m|hr|h|d)/g)) total += Number(part[1]) * (unit[part[2] ?? ''] ?? 0);
  return Math.round(total);
}

/** `#id key=value key="a value" flag`, whitespace-separated. */
function parseTokens(body: string, line: number): Annotations {
  const out: Annotations = {};
  const seen = new Set<string>();
  for (const m of body.matchAll(/(#)?([^\s=#"']+)(?:=(?:"([^"]*)"|'([^']*)'|(\S*)))?|(\S+)/g)) {
    if (m[6] !== undefined) throw new DialectError(line, `cannot read annotation "${m[6]}"`);
    const key = m[1] ? 'id' : (m[2] ?? '');
    const value = m[1] ? m[2] : (m[3] ?? m[4] ?? m[5]);
    if (!(KNOWN as readonly string[]).includes(key)) {
      throw new DialectError(line, `unknown annotation key "${key}" (known: #id, ${KNOWN.join(', ')})`);
    }
    if (seen.has(key)) throw new DialectError(line, `annotation "${key}" is given twice`);
    seen.add(key);
    set(out, key as Key, value, line);
  }
  return out;
}

function set(out: Annotations, key: Key, value: string | undefined, line: number): void {
  if (FLAGS.has(key)) {
    if (value !== undefined && value !== 'true' && value !== 'false') {
      throw new DialectError(line, `bad value for annotation "${key}": "${value}" (expected true or false, or the bare word)`);
    }
    out[key as Flag] = value !== 'false';
    return;
  }
  const rule = VALUES[key as Exclude<Key, Flag>];
  if (value === undefined || value === '') throw new DialectError(line, `annotation "${key}" needs a value (${rule.expected})`);
  if (!rule.ok(value)) throw new DialectError(line, `bad value for annotation "${key}": "${value}" (expected ${rule.expected})`);
  if (key === 'confirm') out.confirm = 'typed';
  else out[key as Exclude<Key, Flag | 'confirm'>] = value;
}
