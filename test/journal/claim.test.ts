// A new run's journal name is taken by creating its file (O_EXCL): a name another run
// holds is passed over, the run's journal is written in the file it claimed and in no other
// file that is already there, and a run that never started leaves nothing behind.
// (Runs claiming names at once, from real processes: test/commands/same-second-runs.test.ts.)

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abandonClaim, claimNewJournal } from '../../source/journal/claim';
import { Journal, JournalError } from '../../source/journal/journal';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const now = new Date('2026-11-23T18:10:12.345Z');

function eventsIn(path: string): unknown[] {
  const journal = Journal.open(path, { readonly: true });
  try {
    return journal.events();
  } finally {
    journal.close();
  }
}

describe('claimNewJournal', () => {
  it('takes the first free name, as an empty file only this account can read', () => {
    writeFileSync(join(dir, '2026-11-23T18-10-12Z-sprint-3.runbook.sqlite'), 'another run');
    const first = claimNewJournal(dir, 'Sprint 3', now);
    const second = claimNewJournal(dir, 'Sprint 3', now);
    expect([first, second]).toEqual([join(dir, '2026-11-23T18-10-12Z-sprint-3-2.runbook.sqlite'), join(dir, '2026-11-23T18-10-12Z-sprint-3-3.runbook.sqlite')]);
    expect(statSync(first).size).toBe(0);
    expect(statSync(first).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '2026-11-23T18-10-12Z-sprint-3.runbook.sqlite'), 'utf8')).toBe('another run');
  });

  it('is where the run writes its journal, once', () => {
    const path = claimNewJournal(dir, 'Sprint 3', now);
    const journal = Journal.create(path);
    journal.append('run.started', { runbook: 'sprint-3.md' });
    journal.commit();
    journal.close();
    expect(eventsIn(path)).toHaveLength(1);
    // The claim is used up: the file is refused like any other that is there.
    expect(() => Journal.create(path)).toThrow(JournalError);
  });

  it('is not written in once something else is there', () => {
    const path = claimNewJournal(dir, 'Sprint 3', now);
    writeFileSync(path, 'precious');
    expect(() => Journal.create(path)).toThrow(/a file is already there; refusing to overwrite it/);
    expect(readFileSync(path, 'utf8')).toBe('precious');
    abandonClaim(path);
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('given up by a run that never started, leaves no file; a journal made in it stays', () => {
    const unused = claimNewJournal(dir, 'Sprint 3', now);
    abandonClaim(unused);
    expect(existsSync(unused)).toBe(false);
    const used = claimNewJournal(dir, 'Sprint 3', now);
    expect(used).toBe(unused);
    Journal.create(used).close();
    abandonClaim(used);
    expect(readdirSync(dir)).toContain('2026-11-23T18-10-12Z-sprint-3.runbook.sqlite');
    expect(eventsIn(used)).toEqual([]);
  });
});
