import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookUpPgpass } from '../../source/executors/pgpass';

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-pgpass-test-'));
  file = path.join(dir, 'pgpass');
  writeFileSync(
    file,
    ['# staging', 'db-staging:5432:govos:deploy:st4ging', 'db-1:5432:*:deploy:pa\\:ss\\\\word', 'localhost:*:*:*:local-pw', '*:*:*:readonly:ro-pw', ''].join('\n'),
  );
  chmodSync(file, 0o600);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (): Record<string, string> => ({ PGPASSFILE: file });

describe('~/.pgpass lookup', () => {
  it('matches host, port, database and user, with wildcards and escapes', () => {
    expect(lookUpPgpass({ host: 'db-staging', port: 5432, database: 'govos', user: 'deploy' }, env())).toBe('st4ging');
    expect(lookUpPgpass({ host: 'db-1', port: 5432, database: 'other', user: 'deploy' }, env())).toBe('pa:ss\\word');
    expect(lookUpPgpass({ host: 'db-9', port: 6543, database: 'x', user: 'readonly' }, env())).toBe('ro-pw');
    expect(lookUpPgpass({ host: 'db-1', port: 5433, database: 'govos', user: 'deploy' }, env())).toBeUndefined();
  });

  it('treats a Unix socket as localhost', () => {
    expect(lookUpPgpass({ host: '/var/run/postgresql', port: 5432, database: 'govos', user: 'deploy' }, env())).toBe('local-pw');
  });

  it('ignores a file others can read, as libpq does', () => {
    chmodSync(file, 0o644);
    try {
      expect(lookUpPgpass({ host: 'db-staging', port: 5432, database: 'govos', user: 'deploy' }, env())).toBeUndefined();
    } finally {
      chmodSync(file, 0o600);
    }
  });
});
