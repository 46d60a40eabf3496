import { chmodSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWritable, ensurePrivateDir, journalDir, journalName, listJournals } from '../../source/journal/paths';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

describe('journalDir', () => {
  it('prefers $RUNBOOK_HOME, then $XDG_DATA_HOME, then ~/.local/share', () => {
    expect(journalDir({ RUNBOOK_HOME: '/srv/rb', XDG_DATA_HOME: '/x', HOME: '/home/a' })).toBe('/srv/rb/journals');
    expect(journalDir({ XDG_DATA_HOME: '/x', HOME: '/home/a' })).toBe('/x/runbook/journals');
    expect(journalDir({ HOME: '/home/a', XDG_DATA_HOME: '' })).toBe('/home/a/.local/share/runbook/journals');
    expect(journalDir({})).toBe(join(homedir(), '.local/share/runbook/journals'));
  });
});

describe('journalName', () => {
  it('names a journal by its start time and runbook title, then -2, -3, …', () => {
    const now = new Date('2026-11-23T18:10:12.345Z');
    expect(journalName('Sprint 3', now)).toBe('2026-11-23T18-10-12Z-sprint-3.runbook.sqlite');
    expect(journalName('Sprint 3', now, 2)).toBe('2026-11-23T18-10-12Z-sprint-3-2.runbook.sqlite');
    expect(journalName('Sprint 3 – Full Agentic Coprocessor', now)).toBe('2026-11-23T18-10-12Z-sprint-3-full-agentic-coprocessor.runbook.sqlite');
    expect(journalName('Déploiement ÉTÉ', now)).toMatch(/-deploiement-ete\.runbook\.sqlite$/);
    expect(journalName('!!!', now)).toMatch(/Z-run\.runbook\.sqlite$/);
  });
});

describe('listJournals', () => {
  it('lists journals newest first and ignores other files', () => {
    const names = [
      '2026-11-23T18-10-12Z-sprint-3.runbook.sqlite',
      '2026-11-24T09-00-00Z-hotfix.runbook.sqlite',
      '2026-01-02T00-00-00Z-old.runbook.sqlite',
      'notes.txt',
      '2026-11-24T09-00-00Z-hotfix.runbook.sqlite-wal',
    ];
    for (const name of names) writeFileSync(join(dir, name), '');
    const renamed = join(dir, 'handover.runbook.sqlite'); // no time in its name: its mtime counts
    writeFileSync(renamed, '');
    utimesSync(renamed, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'));
    expect(listJournals(dir)).toEqual([
      join(dir, '2026-11-24T09-00-00Z-hotfix.runbook.sqlite'),
      join(dir, '2026-11-23T18-10-12Z-sprint-3.runbook.sqlite'),
      renamed,
      join(dir, '2026-01-02T00-00-00Z-old.runbook.sqlite'),
    ]);
    expect(listJournals(join(dir, 'missing'))).toEqual([]);
  });
});

describe('ensurePrivateDir', () => {
  it('creates the directory 0700 and tightens a looser one', () => {
    const fresh = join(dir, 'a', 'journals');
    ensurePrivateDir(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const loose = join(dir, 'loose');
    mkdirSync(loose);
    chmodSync(loose, 0o755);
    ensurePrivateDir(loose);
    expect(statSync(loose).mode & 0o777).toBe(0o700);
  });
});

describe('checkWritable', () => {
  it('reports a writable directory with its free space, also one not created yet', () => {
    const result = checkWritable(dir);
    expect(result.ok).toBe(true);
    expect(result.freeBytes).toBeGreaterThan(0);
    expect(result.message).toMatch(/is writable, [\d.]+ [KMGT]?i?B free/);
    expect(checkWritable(join(dir, 'not', 'yet')).ok).toBe(true);
  });

  it('refuses a path under a file, and a disk without room', () => {
    writeFileSync(join(dir, 'file'), '');
    const blocked = checkWritable(join(dir, 'file', 'journals'));
    expect(blocked.ok).toBe(false);
    expect(blocked.message).toContain('not writable');
    const full = checkWritable(dir, Number.MAX_SAFE_INTEGER);
    expect(full.ok).toBe(false);
    expect(full.message).toMatch(/has only .* free \(needs .*\)/);
  });
});
