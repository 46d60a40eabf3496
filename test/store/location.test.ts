// Where the team store is: --store over RUNBOOK_STORE over the config's `store:`, never a
// password in a URL that is typed or written down (env:VAR may hold one), and sslmode
// meaning what libpq says it means, tried against the real server.

import { describe, expect, it } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectStore, libpqConnectionString, storeClient, storeLocation } from '../../source/store/location';
import { StoreError } from '../../source/store/errors';
import { TEST_DATABASE_URL, tempDir } from '../helpers/cli';

const env = { RUNBOOK_STORE: 'postgres://from-env@db.example/team' };

describe('the store location', () => {
  it('takes --store over RUNBOOK_STORE over the config, and none when none is set', () => {
    expect(storeLocation({ flag: 'postgres://flag@db.example:6543/team', env, configured: 'postgres://conf@db.example/c' })).toEqual({
      url: 'postgres://flag@db.example:6543/team',
      display: 'db.example:6543/team',
      source: '--store',
      setting: 'postgres://flag@db.example:6543/team',
    });
    expect(storeLocation({ env, configured: 'postgres://conf@db.example/c' })?.source).toBe('RUNBOOK_STORE');
    // The store a resumed journal remembers: after --store, before RUNBOOK_STORE and the config.
    expect(storeLocation({ env: { ...env, TEAM: 'postgres://w:pa55@kept.example/k' }, remembered: 'env:TEAM' })).toMatchObject({ source: 'journal', setting: 'env:TEAM', display: 'kept.example:5432/k' });
    expect(storeLocation({ flag: 'postgres://flag@db.example/f', env, remembered: 'env:TEAM' })?.source).toBe('--store');
    expect(storeLocation({ env: {}, configured: 'postgres://conf@db.example/c' })?.display).toBe('db.example:5432/c');
    expect(storeLocation({ env: {} })).toBeNull();
  });

  it('refuses a password in a URL typed or configured, in one line without the password; env:VAR may carry one', () => {
    for (const settings of [{ flag: 'postgres://w:pa55@db/x', env: {} }, { env: { RUNBOOK_STORE: 'postgres://w:pa55@db/x' } }, { env: {}, configured: 'postgresql://w:pa55@db/x' }]) {
      const error = (() => {
        try {
          storeLocation(settings);
        } catch (e) {
          return e as StoreError;
        }
        throw new Error('not refused');
      })();
      expect(error).toBeInstanceOf(StoreError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/^store \((--store|RUNBOOK_STORE|config)\): the URL holds a password; use PGPASSWORD, ~\/\.pgpass or env:VAR$/);
      expect(error.message).not.toContain('pa55');
    }
    expect(storeLocation({ flag: 'env:TEAM', env: { TEAM: 'postgres://w:pa55@db/x' } })?.url).toBe('postgres://w:pa55@db/x');
    expect(() => storeLocation({ flag: 'env:TEAM', env: {} })).toThrow('store (--store): environment variable TEAM is not set');
    expect(() => storeLocation({ flag: 'mysql://db/x', env: {} })).toThrow('store (--store): expected a postgres:// URL, got "mysql://db/x"');
    expect(() => storeLocation({ flag: 'postgres://db/x?sslmode=maybe', env: {} })).toThrow(/sslmode "maybe" is not one of disable, allow, prefer, require, verify-ca, verify-full/);
  });

  it('gives pg the libpq meaning of sslmode, and leaves a URL without one alone', () => {
    expect(libpqConnectionString('postgres://u@db/x')).toBe('postgres://u@db/x');
    expect(libpqConnectionString('postgres://u@db/x?sslmode=require')).toBe('postgres://u@db/x?sslmode=require&uselibpqcompat=true');
    expect(libpqConnectionString('postgres://u@db/x?sslmode=allow')).toBe('postgres://u@db/x?sslmode=disable&uselibpqcompat=true');
  });

  it('honours sslmode against the real server: disable connects, require asks for TLS', async () => {
    const server = new URL(TEST_DATABASE_URL);
    const at = (mode: string) => {
      const u = new URL(server);
      u.searchParams.set('sslmode', mode);
      return storeLocation({ flag: u.toString(), env: {} });
    };
    const plain = at('disable');
    if (plain === null) throw new Error('no location');
    const client = await connectStore(plain, { env: {} });
    const ssl = await client.query<{ ssl: boolean }>('SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS ssl');
    expect(ssl.rows[0]?.ssl).toBe(false);
    await client.end();
    // This server speaks no TLS: `require` is refused rather than quietly sent in clear.
    const strict = at('require');
    if (strict === null) throw new Error('no location');
    await expect(connectStore(strict, { env: {} })).rejects.toThrow(/^store 127\.0\.0\.1:5432\/test: .*(SSL|ssl)/);
  });

  it('takes the password from PGPASSWORD, else from ~/.pgpass (0600 only), never from a typed URL', () => {
    const location = storeLocation({ flag: 'postgres://writer@db.example:5433/team', env: {} });
    if (location === null) throw new Error('no location');
    expect(storeClient(location, { env: { PGPASSWORD: 'from-env' } }).password).toBe('from-env');
    const dir = tempDir('runbook-pgpass-');
    const file = join(dir, 'pgpass');
    writeFileSync(file, 'other.example:5433:team:writer:wrong\ndb.example:5433:team:writer:from-pgpass\n');
    chmodSync(file, 0o600);
    const asked = storeClient(location, { env: { PGPASSFILE: file } }).password as unknown as () => string;
    expect(asked()).toBe('from-pgpass');
    // A .pgpass others can read is ignored, as libpq ignores it.
    chmodSync(file, 0o644);
    const open = storeClient(location, { env: { PGPASSFILE: file } }).password as unknown as () => string;
    expect(() => open()).toThrow('the store asks for a password; set PGPASSWORD or add a line to ~/.pgpass');
  });
});
