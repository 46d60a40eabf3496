// Front-matter targets → something a SQL executor can open. Postgres passwords come from
// PGPASSWORD or ~/.pgpass (or an `env:VAR` URL, which lives only in the environment); a
// URL written into a runbook, a profile or the command line must not hold one.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from '../runbook/model';
import { targetDuration } from '../runbook/front-matter';
import type { ResolvedTarget, SqlExecutor } from './types';
import { openSqlite } from './sql-sqlite';
import { redactUrl } from './redact';

export interface ResolveOptions {
  runbookDir: string;
  env: Record<string, string | undefined>;
  /** A `--target NAME=URL` value (for sqlite: a path, `sqlite:path` or a `file:` URL). */
  override?: string;
  /** Named connection URLs from the user's config (`profile:NAME`). */
  profiles?: Record<string, string>;
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** '60s', '500ms', '2min', '1h'; '0' (no limit); empty → the default: the grammar check holds the front matter to. */
export const parseDuration = targetDuration;

function timeout(target: Target, key: 'statementTimeout' | 'lockTimeout', fallbackMs: number): number {
  const ms = parseDuration(target[key], fallbackMs);
  if (ms === null) {
    const label = key === 'statementTimeout' ? 'statement_timeout' : 'lock_timeout';
    throw new Error(`target ${target.name}: ${label} "${target[key]}" is not a duration (e.g. 60s, 500ms, 2min)`);
  }
  return ms;
}

/** The password a connection URL carries, if any (decoded). */
export function urlPassword(url: string): string | null {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?]*)@/i.exec(url)?.[1];
  const colon = userinfo?.indexOf(':') ?? -1;
  // libpq (and pg) also take it from the query string: `?password=…`.
  const query = /^[a-z][a-z0-9+.-]*:\/\/[^?#]*\?(?:[^#]*&)?password=([^&#]+)/i.exec(url)?.[1];
  if (userinfo === undefined || colon < 0 || colon === userinfo.length - 1) return query === undefined ? null : decoded(query);
  return decoded(userinfo.slice(colon + 1));
}

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

type Source = 'env' | 'profile' | 'literal';

/** `env:VAR` / `profile:NAME` / a literal value → the value and where it came from. */
function lookUp(name: string, spec: string, opts: ResolveOptions): { value: string; source: Source } {
  if (spec.startsWith('env:')) {
    const variable = spec.slice('env:'.length);
    const value = opts.env[variable];
    if (!value) throw new Error(`target ${name}: environment variable ${variable} is not set`);
    return { value, source: 'env' };
  }
  if (spec.startsWith('profile:')) {
    const profile = spec.slice('profile:'.length);
    const value = opts.profiles?.[profile];
    if (!value) {
      const known = Object.keys(opts.profiles ?? {});
      throw new Error(`target ${name}: no profile "${profile}"${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    }
    return { value, source: 'profile' };
  }
  return { value: spec, source: 'literal' };
}

function postgresLocation(target: Target, opts: ResolveOptions): string {
  const spec = opts.override ?? target.url;
  if (!spec) throw new Error(`target ${target.name}: no url (use env:VAR, a postgres:// URL or profile:NAME)`);
  const { value, source } = lookUp(target.name, spec, opts);
  if (!/^postgres(?:ql)?:\/\//i.test(value)) {
    throw new Error(`target ${target.name}: expected a postgres:// URL, got "${redactUrl(value)}"`);
  }
  // A password in an environment variable stays out of files and shell history; anywhere else it is refused.
  if (source !== 'env' && urlPassword(value) !== null) {
    throw new Error(`target ${target.name}: the URL holds a password; use PGPASSWORD or ~/.pgpass`);
  }
  return value;
}

function sqlitePath(value: string, baseDir: string): string {
  if (value.startsWith('file:')) return fileURLToPath(new URL(value, `file://${baseDir}/`));
  const plain = value.replace(/^sqlite:(?:\/\/)?/, '');
  return path.resolve(baseDir, plain);
}

function sqliteLocation(target: Target, opts: ResolveOptions): string {
  // A --target override is typed relative to where the operator stands, not to the runbook.
  if (opts.override !== undefined) {
    const { value, source } = lookUp(target.name, opts.override, opts);
    return sqlitePath(value, source === 'literal' ? process.cwd() : opts.runbookDir);
  }
  // The parser refuses a sqlite target without path: (front-matter.ts, sqliteWithoutPath).
  if (target.path) return sqlitePath(target.path, opts.runbookDir);
  throw new Error(`target ${target.name}: no path for the sqlite database`);
}

export function resolveTarget(target: Target, opts: ResolveOptions): ResolvedTarget {
  const statementTimeoutMs = timeout(target, 'statementTimeout', DEFAULT_STATEMENT_TIMEOUT_MS);
  const lockTimeoutMs = timeout(target, 'lockTimeout', DEFAULT_LOCK_TIMEOUT_MS);
  let location: string;
  switch (target.kind) {
    case 'postgres':
      location = postgresLocation(target, opts);
      break;
    case 'sqlite':
      location = sqliteLocation(target, opts);
      break;
    default: {
      const never: never = target.kind;
      throw new Error(`target ${String(never)}: unknown kind`);
    }
  }
  return { name: target.name, kind: target.kind, location, statementTimeoutMs, lockTimeoutMs };
}

/** Opens a target's executor; pg is loaded only when a postgres target is opened. */
export async function openTarget(t: ResolvedTarget): Promise<SqlExecutor> {
  switch (t.kind) {
    case 'postgres': {
      const { connectPostgres } = await import('./sql-postgres');
      return connectPostgres(t);
    }
    case 'sqlite':
      return openSqlite(t);
    default: {
      const never: never = t.kind;
      throw new Error(`target kind ${String(never)} is not supported`);
    }
  }
}

/** The target's secrets for the redactor: a password in its URL and PGPASSWORD. */
export function targetSecrets(t: ResolvedTarget, env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  if (t.kind === 'postgres') {
    const pw = urlPassword(t.location);
    if (pw) secrets.push(pw);
    if (env.PGPASSWORD) secrets.push(env.PGPASSWORD);
  }
  return secrets;
}
