import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
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
});
