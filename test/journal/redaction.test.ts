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

  it('redacts ids, statuses and names with the structural redaction, free text with the full one', () => {
    const path = join(dir, 'run.runbook.sqlite');
    // A short secret ("ab") is redacted where it stands as a word of free text; applied to
    // an id it would cut `deploy-ab-1` apart and the next event would name another step.
    const free = (text: string): string => text.replace(/(?<![A-Za-z0-9])ab(?![A-Za-z0-9])/g, '[REDACTED]');
    const redact = Object.assign(free, { structural: (text: string) => text.replace('long-secret', '[REDACTED]') });
    const journal = Journal.create(path, { redact });
    journal.append('run.started', {
      steps: [{ id: 'phase/deploy-ab-1', kind: 'shell', title: 'deploy ab 1', digest: 'ab' }],
      phases: [{ id: 'ab', title: 'ab' }],
    });
    journal.append('step.finished', { step: 'phase/deploy-ab-1', status: 'passed', error: 'login ab failed', context: { exported: { X: 'ab' }, unset: ['ab'] } });
    journal.append('runbook.changed', { changed: ['phase/deploy-ab-1'], added: [], removed: ['x/long-secret'] });
    journal.commit();
    expect(journal.events().map((e) => e.payload)).toEqual([
      { steps: [{ id: 'phase/deploy-ab-1', kind: 'shell', title: 'deploy [REDACTED] 1', digest: 'ab' }], phases: [{ id: 'ab', title: '[REDACTED]' }] },
      { step: 'phase/deploy-ab-1', status: 'passed', error: 'login [REDACTED] failed', context: { exported: { X: '[REDACTED]' }, unset: ['[REDACTED]'] } },
      { changed: ['phase/deploy-ab-1'], added: [], removed: ['x/[REDACTED]'] },
    ]);
    journal.close();
  });
});
