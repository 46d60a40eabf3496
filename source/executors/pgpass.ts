// ~/.pgpass lookup as libpq does it (PGPASSFILE overrides; ignored unless 0600 or stricter).
// pg's own fallback prints deprecation warnings to stderr, which would tear the TUI.

import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgpassQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Splits a .pgpass line on unescaped colons; `\:` and `\\` are escapes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (c === ':') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  // libpq matches a Unix-socket connection against `localhost`.
  return pattern === 'localhost' && (host.startsWith('/') || LOCAL_HOSTS.has(host));
}

export function pgpassFile(env: Record<string, string | undefined>): string {
  return env.PGPASSFILE ?? path.join(env.HOME ?? os.homedir(), '.pgpass');
}

/** The password .pgpass holds for this connection, or undefined. */
export function lookUpPgpass(query: PgpassQuery, env: Record<string, string | undefined>): string | undefined {
  const file = pgpassFile(env);
  let text: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile() || (stats.mode & 0o077) !== 0) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [host, port, database, user, password] = fields(line);
    if (password === undefined || host === undefined || port === undefined || database === undefined || user === undefined) continue;
    if (!hostMatches(host, query.host)) continue;
    if (port !== '*' && Number(port) !== query.port) continue;
    if (database !== '*' && database !== query.database) continue;
    if (user !== '*' && user !== query.user) continue;
    return password;
  }
  return undefined;
}
