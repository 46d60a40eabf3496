// The optional YAML front matter: title, targets, shell, cwd, env, inputs.
// Runbooks live in documentation sites, so most keys belong to the site generator (weight,
// menu, tags, …): those are ignored and listed. A key that is almost one of runbook's
// (`target:`, `shel:`) is an error with its line, so a typo never silently changes a run;
// so is any unknown key under a `runbook:` mapping, where every key is runbook's.

import { DEFAULT_SHELL } from './default-shell';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, isPair, type Node as YamlNode, type YAMLMap } from 'yaml';
import { REDACTED, isSensitiveName } from './secret-shapes';
import { DialectError, type FrontMatter, type InputSpec, type Target } from './model';
import { nearestKey } from './near-miss';

const TOP_KEYS = ['title', 'targets', 'shell', 'cwd', 'env', 'inputs'];
const TARGET_KEYS = ['kind', 'url', 'path', 'statement_timeout', 'lock_timeout'];
const INPUT_KEYS = ['prompt', 'pattern', 'secret', 'default'];

export function emptyFrontMatter(): FrontMatter {
  return { targets: [], env: {}, inputs: [], line: 0, ignored: [] };
}

/**
 * What the YAML parser found wrong, in one line and without its own location ("at line 5,
 * column 1:", counted inside the front matter, then the source quoted): the error names
 * the file's line instead, and the column here.
 */
export function yamlProblem(message: string, column: number): string {
  const what = (message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?\s*$/, '').replace(/[\s:.]+$/, '');
  return `${what} (column ${column})`;
}

/** `text` is the YAML between the `---` lines; `firstLine` the line of the opening `---`. */
export function parseFrontMatter(text: string, firstLine: number): FrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  // The YAML starts on the line after the opening `---`.
  const lineAt = (offset: number | undefined) => (offset === undefined ? firstLine : firstLine + counter.linePos(offset).line);
  const lineOf = (node: unknown) => lineAt(isNodeWithRange(node) ? node.range?.[0] : undefined);
  const firstError = doc.errors[0];
  if (firstError) throw new DialectError(lineAt(firstError.pos[0]), `front matter is not valid YAML: ${yamlProblem(firstError.message, counter.linePos(firstError.pos[0]).col)}`);

  const fm: FrontMatter = { ...emptyFrontMatter(), line: firstLine };
  if (doc.contents === null) return fm;
  if (!isMap(doc.contents)) throw new DialectError(firstLine + 1, 'front matter must be a map of keys (title:, targets:, …)');

  const own = doc.contents.items.find((pair) => scalarKey(pair.key) === 'runbook');
  if (own) {
    // `runbook:` holds runbook's keys, strictly; the rest of the map is the site's.
    readKeys(asMap(own.value, lineOf(own.key), 'runbook').items, fm, lineOf, true);
  }
  readKeys(
    doc.contents.items.filter((pair) => pair !== own),
    fm,
    lineOf,
    false,
  );
  return fm;
}

type Pair = YAMLMap['items'][number];

function readKeys(pairs: Pair[], fm: FrontMatter, lineOf: LineOf, strict: boolean): void {
  for (const pair of pairs) {
    const key = scalarKey(pair.key);
    const line = lineOf(pair.key);
    switch (key) {
      case 'title':
        fm.title = stringValue(pair.value, line, 'title');
        break;
      case 'shell':
        fm.shell = shellValue(stringValue(pair.value, line, 'shell'), line);
        break;
      case 'cwd':
        fm.cwd = stringValue(pair.value, line, 'cwd');
        break;
      case 'env':
        fm.env = envMap(asMap(pair.value, line, 'env'), lineOf);
        break;
      case 'targets':
        fm.targets = targetsOf(asMap(pair.value, line, 'targets'), lineOf);
        break;
      case 'inputs':
        fm.inputs = inputsOf(asMap(pair.value, line, 'inputs'), lineOf);
        break;
      default: {
        const near = nearestKey(key, TOP_KEYS);
        if (near) throw new DialectError(line, `unknown front-matter key "${key}"; did you mean "${near}"?`);
        if (strict) throw new DialectError(line, `unknown key "${key}" under runbook: (known: ${TOP_KEYS.join(', ')})`);
        fm.ignored.push({ key, line });
      }
    }
  }
}

type LineOf = (node: unknown) => number;

function isNodeWithRange(node: unknown): node is { range?: [number, number, number] | null } {
  return typeof node === 'object' && node !== null && 'range' in node;
}

function scalarKey(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function asMap(value: unknown, line: number, what: string): YAMLMap {
  if (value === null || value === undefined) throw new DialectError(line, `front matter "${what}" is empty`);
  if (!isMap(value)) throw new DialectError(line, `front matter "${what}" must be a map`);
  return value;
}

/** `password: [REDACTED]` as a journal wrote it: YAML reads a one-item list, it means the text. */
function isRedactedValue(value: unknown): boolean {
  return isSeq(value) && value.items.length === 1 && isScalar(value.items[0]) && `[${String(value.items[0].value)}]` === REDACTED;
}

function stringValue(value: unknown, line: number, what: string): string {
  if (isRedactedValue(value)) return REDACTED;
  if (!isScalar(value) || value.value === null || typeof value.value === 'object') {
    throw new DialectError(line, `front matter "${what}" must be a single value`);
  }
  return String(value.value);
}

/** One program, started as `SHELL -c STEP`: words after it would be read as part of its name. */
function shellValue(value: string, line: number): string {
  if (value.trim() === '') throw new DialectError(line, `front matter "shell" is empty: name the shell (bash, /bin/zsh), or leave the key out for ${DEFAULT_SHELL}`);
  if (/\s/.test(value.trim())) throw new DialectError(line, `front matter "shell" names one program (bash, /bin/zsh), not a command line: "${value.trim()}"`);
  return value.trim();
}

function envMap(map: YAMLMap, lineOf: LineOf): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of map.items) {
    const name = scalarKey(pair.key);
    const line = lineOf(pair.key);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DialectError(line, `env name "${name}" is not a shell variable name`);
    env[name] = stringValue(pair.value, line, `env.${name}`);
  }
  return env;
}

function targetsOf(map: YAMLMap, lineOf: LineOf): Target[] {
  return map.items.map((pair) => {
    const name = scalarKey(pair.key);
    const line = lineOf(pair.key);
    const spec = asMap(pair.value, line, `targets.${name}`);
    const fields: Record<string, string> = {};
    for (const field of spec.items) {
      const key = scalarKey(field.key);
      const fieldLine = lineOf(field.key);
      if (!TARGET_KEYS.includes(key)) {
        throw new DialectError(fieldLine, `unknown key "${key}" in target "${name}" (known: ${TARGET_KEYS.join(', ')})`);
      }
      fields[key] = stringValue(field.value, fieldLine, `targets.${name}.${key}`);
    }
    const kind = fields.kind;
    if (kind !== 'postgres' && kind !== 'sqlite') {
      throw new DialectError(line, `target "${name}" needs kind: postgres or kind: sqlite`);
    }
    if (kind === 'postgres' && !fields.url) throw new DialectError(line, `postgres target "${name}" needs url: (env:VAR, a URL, or profile:NAME)`);
    if (kind === 'sqlite' && !fields.path) throw new DialectError(line, sqliteWithoutPath(name, fields.url));
    if (fields.url && hasPassword(fields.url)) {
      throw new DialectError(line, `target "${name}" url holds a password; use env:VAR, ~/.pgpass or profile:NAME instead`);
    }
    // What a run would refuse only once the target opens, said here, where check sees it.
    if (!TARGET_NAME.test(name)) throw new DialectError(line, `target name "${name}" must be a plain name (letters, digits, "_", "-" or "."), as target= and --target name it`);
    const url = fields.url ?? '';
    if ((url.startsWith('env:') && !/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(url)) || url.trim() === 'profile:') {
      throw new DialectError(line, `target "${name}" url "${url}" names no ${url.startsWith('env:') ? 'environment variable (env:VAR)' : 'profile (profile:NAME)'}`);
    }
    for (const key of ['statement_timeout', 'lock_timeout'] as const) {
      const value = fields[key];
      if (value !== undefined && targetDuration(value, 0) === null) throw new DialectError(line, `target "${name}" ${key} "${value}" is not a duration (e.g. 60s, 500ms, 2min, or 0 for none)`);
    }
    return {
      name,
      kind,
      ...(fields.url ? { url: fields.url } : {}),
      ...(fields.path ? { path: fields.path } : {}),
      statementTimeout: fields.statement_timeout ?? '60s',
      lockTimeout: fields.lock_timeout ?? '10s',
    };
  });
}

/** A sqlite target names a file; `url:` (as a postgres target has it) is the likely slip. */
function sqliteWithoutPath(name: string, url: string | undefined): string {
  const literal = url !== undefined && !/^(?:env|profile):/.test(url) ? url.replace(/^(?:sqlite:(?:\/\/)?|file:)/, '') : '';
  const example = `path: ${literal || `./${name}.db`}`;
  if (url === undefined) return `sqlite target "${name}" needs path: its database file, relative to the runbook file (${example})`;
  return `sqlite target "${name}" names its database file with path: (relative to the runbook file), not url: — write ${example}; a file that differs per host is given on run as --target ${name}=PATH`;
}

/** A target's name as `target=NAME` and `--target NAME=URL` can give it. */
const TARGET_NAME = /^[A-Za-z0-9_][\w.-]*$/;

const TIMEOUT_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A target's statement_timeout or lock_timeout: '60s', '500ms', '2min', '1h'; '0' (no limit, as in PostgreSQL); empty → the default. */
export function targetDuration(text: string | undefined, fallbackMs: number): number | null {
  const t = (text ?? '').trim();
  if (t === '') return fallbackMs;
  if (t === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)$/i.exec(t);
  const unit = m?.[2] ? TIMEOUT_UNIT_MS[m[2].toLowerCase()] : undefined;
  if (!m?.[1] || unit === undefined) return null;
  return Math.round(Number(m[1]) * unit);
}

/** `postgres://user:secret@host/db`: a password written into the runbook file. */
function hasPassword(url: string): boolean {
  // libpq also reads a password from the query string (`?password=…`).
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:[^/@]+@/i.test(url) || /^[a-z][a-z0-9+.-]*:\/\/[^?#]*\?(?:[^#]*&)?password=[^&#]/i.test(url);
}

function inputsOf(map: YAMLMap, lineOf: LineOf): InputSpec[] {
  return map.items.map((pair) => {
    const name = scalarKey(pair.key);
    const line = lineOf(pair.key);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DialectError(line, `input name "${name}" must be a plain name (letters, digits, _)`);
    // `commit_sha: Commit SHA` is shorthand for a prompt.
    // A name that marks a credential (db_password, api_token) is a secret unless `secret: false` says not.
    const secret = isSensitiveName(name);
    if (isScalar(pair.value)) return { name, prompt: String(pair.value.value ?? name), secret, line };
    const spec = asMap(pair.value, line, `inputs.${name}`);
    const input: InputSpec = { name, prompt: name, secret, line };
    for (const field of spec.items) {
      if (!isPair(field)) continue;
      const key = scalarKey(field.key);
      const fieldLine = lineOf(field.key);
      const value = field.value as YamlNode | null;
      switch (key) {
        case 'prompt':
          input.prompt = stringValue(value, fieldLine, `inputs.${name}.prompt`);
          break;
        case 'pattern':
          input.pattern = stringValue(value, fieldLine, `inputs.${name}.pattern`);
          checkPattern(input.pattern, fieldLine);
          break;
        case 'secret':
          input.secret = isScalar(value) && (value.value === true || value.value === 'true');
          break;
        case 'default':
          input.default = stringValue(value, fieldLine, `inputs.${name}.default`);
          break;
        default:
          throw new DialectError(fieldLine, `unknown key "${key}" in input "${name}" (known: ${INPUT_KEYS.join(', ')})`);
      }
    }
    return input;
  });
}

function checkPattern(pattern: string, line: number): void {
  try {
    new RegExp(pattern);
  } catch {
    throw new DialectError(line, `input pattern ${pattern} is not a valid regular expression`);
  }
}
