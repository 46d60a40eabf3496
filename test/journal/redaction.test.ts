import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
import { createRedactor } from '../../source/executors/redact';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const SECRET = 'hunter2-s3cr3t-pa55';
const redact = (text: string): string => text.replaceAll(SECRET, '[REDACTED]');

/** Every byte SQLite has put on disk for this journal. */
function fileBytes(path: string): string {
  return ['', '-wal', '-shm']
    .filter((suffix) => existsSync(path + suffix))
    .map((suffix) => readFileSync(path + suffix).toString('latin1'))
    .join('');
}

describe('redaction', () => {
  it('redacts payloads and output lines before they reach any file, WAL included', () => {
    const path = join(dir, 'run.runbook.sqlite');
    const journal = Journal.create(path, { redact });
    journal.append('environment', { env: { PGPASSWORD: SECRET }, args: [`--password=${SECRET}`] });
    // The secret arrives cut in two across pipe reads; a line is redacted once, whole.
    journal.appendOutput('connect', 'stdout', `using password ${SECRET.slice(0, 7)}`);
    journal.appendOutput('connect', 'stdout', `${SECRET.slice(7)} for db\n`);
    journal.appendOutput('connect', 'stderr', `token=${SECRET}`);
    journal.flushOutput('connect');
    journal.commit();

    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(fileBytes(path)).toContain('[REDACTED]');
    expect(fileBytes(path)).not.toContain(SECRET);
    journal.connection.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes(path)).not.toContain(SECRET);

    expect(journal.events()[0]?.payload).toEqual({ env: { PGPASSWORD: '[REDACTED]' }, args: ['--password=[REDACTED]'] });
    expect(journal.outputLines('connect').map((l) => l.text)).toEqual([
      'using password [REDACTED] for db',
      'token=[REDACTED]',
    ]);
    // The chain covers the redacted text, so it verifies.
    expect(verifyChain(journal).valid).toBe(true);
    journal.close();
    expect(readFileSync(path).toString('latin1')).not.toContain(SECRET);
  });

  it('keeps what the run reads back (ids, paths, accounts) to shapes only, free text to the full redaction', () => {
    const path = join(dir, 'run.runbook.sqlite');
    // "root" is a secret here (MYSQL_PWD=root) and also a word of a step, of the working
    // directory and of the account: cut out of those, the run could not find its own steps.
    const free = (text: string): string => text.replace(/(?<![A-Za-z0-9])root(?![A-Za-z0-9])/g, '[REDACTED]');
    const redact = Object.assign(free, {
      shapes: (text: string) => text.replace('ghp_shape', '[REDACTED]'),
      structural: (text: string) => text.replace(/root/g, '[REDACTED]'),
    });
    const journal = Journal.create(path, { redact });
    journal.append('run.started', {
      runbook: { file: '/home/root/m.md', title: 'mysql as root' },
      steps: [{ id: 'p/mysql-u-root', kind: 'shell', title: 'mysql -u root', digest: 'ab' }],
      phases: [{ id: 'root', title: 'root' }],
      identity: { operator: 'root', user: 'root', host: 'root-host', sshClient: 'root' },
      cwd: '/srv/root',
    });
    journal.append('step.finished', { step: 'p/mysql-u-root', status: 'passed', error: 'login root failed', context: { cwd: '/srv/root', exported: { X: 'root' }, unset: ['root'] } });
    journal.append('runbook.changed', { changed: ['p/mysql-u-root'], added: [], removed: ['x/ghp_shape'] });
    journal.append('signoff.recorded', { step: 'p/mysql-u-root', role: 'lead', name: 'root', statement: 'root signs' });
    journal.commit();
    expect(journal.events().map((e) => e.payload)).toEqual([
      {
        runbook: { file: '/home/root/m.md', title: 'mysql as [REDACTED]' },
        steps: [{ id: 'p/mysql-u-root', kind: 'shell', title: 'mysql -u [REDACTED]', digest: 'ab' }],
        phases: [{ id: 'root', title: '[REDACTED]' }],
        identity: { operator: 'root', user: 'root', host: 'root-host', sshClient: '[REDACTED]' },
        cwd: '/srv/root',
      },
      { step: 'p/mysql-u-root', status: 'passed', error: 'login [REDACTED] failed', context: { cwd: '/srv/root', exported: { X: '[REDACTED]' }, unset: ['[REDACTED]'] } },
      { changed: ['p/mysql-u-root'], added: [], removed: ['x/[REDACTED]'] },
      // Who signed is typed, not read back: free text. The signed statement: the structural redaction.
      { step: 'p/mysql-u-root', role: 'lead', name: '[REDACTED]', statement: '[REDACTED] signs' },
    ]);
    journal.close();
  });

  it('follows a private key through one step\'s output only, and not past its body', () => {
    const journal = Journal.create(join(dir, 'keys.sqlite'), { redact: createRedactor() });
    journal.appendOutput('a', 'stdout', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n');
    journal.appendOutput('b', 'stdout', 'from another step\n');
    journal.appendOutput('a', 'stdout', 'total 3 files\n');
    journal.flushOutput('a');
    journal.append('step.finished', { step: 'a', status: 'passed', context: { cwd: '/srv/app', exported: {}, unset: [] } });
    journal.commit();
    expect(journal.outputLines('a').map((l) => l.text)).toEqual(['-----BEGIN PRIVATE KEY-----', '[REDACTED]', 'total 3 files']);
    expect(journal.outputLines('b').map((l) => l.text)).toEqual(['from another step']);
    expect(journal.events().at(-1)?.payload).toEqual({ step: 'a', status: 'passed', context: { cwd: '/srv/app', exported: {}, unset: [] } });
    journal.close();
  });
  it('writes no part of a credential that holds a known secret (PGPASSWORD inside a URL, a bearer token)', () => {
    const path = join(dir, 'inside.sqlite');
    const journal = Journal.create(path, { redact: createRedactor(['Zq8pLm4Rt']) });
    journal.appendOutput('env', 'stdout', 'DATABASE_URL=postgres://app:Zq8pLm4Rt-TailPartOne@db/app\n');
    journal.appendOutput('env', 'stdout', 'Authorization: Bearer Zq8pLm4RtTailPartTwo\n');
    journal.append('step.finished', { step: 'env', status: 'failed', error: "ALTER ROLE app PASSWORD 'Zq8pLm4RtTailPartThree' failed" });
    journal.flushOutput('env');
    journal.commit();
    journal.connection.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes(path)).not.toMatch(/Zq8pLm4Rt|TailPart/);
    expect(journal.outputLines('env').map((l) => l.text)).toEqual(['DATABASE_URL=postgres://app:[REDACTED]@db/app', 'Authorization: Bearer [REDACTED]']);
    journal.close();
  });
});
