// Where the team store is and how to reach it: `--store URL`, else RUNBOOK_STORE, else
// `store:` in the config. The URL names the server, the database and the user, never the
// password: that comes from PGPASSWORD, ~/.pgpass, or the whole URL is `env:VAR` (it then
// lives only in the environment, as for targets). `sslmode` keeps its libpq meaning.

import pg from 'pg';
import { lookUpPgpass } from '../executors/pgpass';
import { redactUrl } from '../executors/redact';
import { urlPassword } from '../executors/targets';
import { StoreError } from './errors';

export interface StoreLocation {
  /** The connection string as given (it may hold a password only when it came from env:VAR): never printed. */
  readonly url: string;
  /** host:port/database, for what runbook tells the operator. */
  readonly display: string;
  /** Where the setting came from, for a message that names it. */
  readonly source: StoreSource;
  /**
   * The setting as given — a URL without a password, or `env:VAR` — safe to keep where the
   * URL is not: a journal remembers its store by it (journal/published-store.ts).
   */
  readonly setting: string;
}

/** `journal`: the store a journal remembers it was published to (resume). */
export type StoreSource = '--store' | 'RUNBOOK_STORE' | 'config' | 'journal';

export interface StoreSettings {
  /** The value of `--store`, if given. */
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  /** `store:` in the config, if set. */
  configured?: string | undefined;
  /** The store the journal being resumed was published to: before RUNBOOK_STORE and the config, after --store. */
  remembered?: string | undefined;
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

/** The store configured, or null when none is; a bad setting is a one-line StoreError (exit 2). */
export function storeLocation(settings: StoreSettings): StoreLocation | null {
  const [spec, source]: [string | undefined, StoreSource] =
    settings.flag !== undefined
      ? [settings.flag, '--store']
      : settings.remembered
        ? [settings.remembered, 'journal']
        : settings.env.RUNBOOK_STORE
          ? [settings.env.RUNBOOK_STORE, 'RUNBOOK_STORE']
          : settings.configured
            ? [settings.configured, 'config']
            : [undefined, 'config'];
  if (spec === undefined) return null;
  let url = spec.trim();
  let fromEnv = false;
  if (url.startsWith('env:')) {
    const variable = url.slice('env:'.length);
    const value = settings.env[variable];
    if (!value) throw new StoreError(`store (${source}): environment variable ${variable} is not set`);
    url = value.trim();
    fromEnv = true;
  }
  if (!/^postgres(?:ql)?:\/\//i.test(url)) {
    throw new StoreError(`store (${source}): expected a postgres:// URL, got "${redactUrl(url)}"`);
  }
  // A password typed on a command line or written in a file ends up in history and backups.
  if (!fromEnv && urlPassword(url) !== null) {
    throw new StoreError(`store (${source}): the URL holds a password; use PGPASSWORD, ~/.pgpass or env:VAR`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`store (${source}): not a valid URL: "${redactUrl(url)}"`);
  }
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.has(sslmode)) {
    throw new StoreError(`store (${source}): sslmode "${sslmode}" is not one of ${[...SSL_MODES].join(', ')}`);
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const display = `${host}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
  return { url, display, source, setting: spec.trim() };
}

export interface ConnectOptions {
  env: Record<string, string | undefined>;
  /** Give up on a connection attempt after this long (the publisher retries with backoff). */
  connectTimeoutMs?: number;
  applicationName?: string;
}

/**
 * The connection string pg should read: `sslmode` with libpq's meaning (require encrypts
 * without checking the certificate; verify-full checks it), not pg's, which would check the
 * certificate under `require` and print a warning into the operator's terminal.
 */
export function libpqConnectionString(url: string): string {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode');
  if (mode === null || parsed.searchParams.has('uselibpqcompat')) return url;
  // libpq's `allow` tries without TLS first: pg has no fallback, so it connects without.
  if (mode === 'allow') parsed.searchParams.set('sslmode', 'disable');
  parsed.searchParams.set('uselibpqcompat', 'true');
  return parsed.toString();
}

/** An unconnected client for the store; the password from the URL, PGPASSWORD, or ~/.pgpass when the server asks. */
export function storeClient(location: StoreLocation, options: ConnectOptions): pg.Client {
  const client = new pg.Client({
    connectionString: libpqConnectionString(location.url),
    application_name: options.applicationName ?? 'runbook',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    keepAlive: true,
  });
  // The URL's password (env:VAR only), else PGPASSWORD (given here after: pg lets the URL's
  // empty one override a password in its config)…
  if (!client.password && options.env.PGPASSWORD) client.password = options.env.PGPASSWORD;
  // …else ~/.pgpass when the server asks: pg's own fallback prints deprecation warnings into the terminal.
  if (!client.password) {
    (client as unknown as { password: () => string }).password = () => {
      const found = lookUpPgpass({ host: client.host, port: client.port, database: client.database ?? '', user: client.user ?? '' }, options.env);
      if (found !== undefined) return found;
      throw Object.assign(new Error('the store asks for a password; set PGPASSWORD or add a line to ~/.pgpass'), { code: 'NOPASSWORD' });
    };
  }
  return client;
}

/** Connects, or throws a one-line StoreError naming the store (never the password). */
export async function connectStore(location: StoreLocation, options: ConnectOptions): Promise<pg.Client> {
  const client = storeClient(location, options);
  // A dropped connection is an event to the owner, never an uncaught error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StoreError(`store ${location.display}: ${describeConnectError(error)}`, { unreachable: true });
  }
}

/** What went wrong reaching the store, in one line. */
export function describeConnectError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach it (${e.code})`;
    case '28P01':
      return 'password authentication failed (check PGPASSWORD or ~/.pgpass)';
    case '3D000':
      return 'no such database';
    default: {
      const message = e.message ?? String(error);
      return redactUrl(/timeout/i.test(message) ? 'connection timed out' : message).split('\n')[0] ?? '';
    }
  }
}
