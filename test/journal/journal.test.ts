import Database from 'better-sqlite3';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../source/journal/format';
import { Journal, JournalError } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function expectJournalError(action: () => unknown, kind: JournalError['kind'], path: string): JournalError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(JournalError);
  const error = caught as JournalError;
  expect(error.kind).toBe(kind);
  expect(error.message).toContain(path);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('Journal events', () => {
  it('round-trips events in order, chained from 64 zeros, across close and reopen', () => {
    const path = join(dir, 'run.runbook.sqlite');
    const journal = Journal.create(path, { now: () => new Date('2026-11-23T18:10:12.000Z') });
    const first = journal.append('run_started', { runbook: 'sprint-3.md', operator: 'alice' });
    const second = journal.append('step_started', { step: 'phase-1/backup', nested: { list: [1, 'two', null] } });
    expect(first).toMatchObject({ seq: 1, at: '2026-11-23T18:10:12.000Z', type: 'run_started', prevHash: GENESIS_HASH });
    expect(second.prevHash).toBe(first.hash);
    expect(journal.events()).toEqual([]); // buffered, not yet committed
    journal.commit();
    expect(journal.events()).toEqual([first, second]);
    expect(journal.events(2)).toEqual([second]);
    expect(journal.head()).toEqual({ seq: 2, hash: second.hash });
    journal.close();

    const reopened = Journal.open(path);
    expect(reopened.events()).toEqual([first, second]);
    const third = reopened.append('step_finished', { step: 'phase-1/backup', exitCode: 0 });
    expect(third).toMatchObject({ seq: 3, prevHash: second.hash });
    reopened.close();
    const readonly = Journal.open(path, { readonly: true });
    expect(readonly.events().map((e) => e.type)).toEqual(['run_started', 'step_started', 'step_finished']);
    expect(verifyChain(readonly)).toEqual({ valid: true, events: 3, head: third.hash });
    readonly.close();
  });

  it('head() includes events not yet committed, so a sign-off can cover them', () => {
    const journal = Journal.create(join(dir, 'j.runbook.sqlite'));
    expect(journal.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    const event = journal.append('answer', { value: 'y' });
    expect(journal.head()).toEqual({ seq: 1, hash: event.hash });
    journal.close();
  });

  it('stores a captured result set of 10,000 rows as one event', () => {
    const path = join(dir, 'big.runbook.sqlite');
    const journal = Journal.create(path);
    const rows = Array.from({ length: 10_000 }, (_, i) => [i, `table_${i}`, i * 17, 'text with "quotes" and ünïcode', null]);
    const payload = { name: 'baseline', resultSets: [{ columns: ['id', 'name', 'count', 'note', 'empty'], rows }] };
    journal.append('capture', payload);
    journal.close();
    const reopened = Journal.open(path, { readonly: true });
    expect(reopened.events()[0]?.payload).toEqual(payload);
    expect(verifyChain(reopened).valid).toBe(true);
    reopened.close();
  });

  it('refuses to write through a read-only journal, or after close', () => {
    const path = join(dir, 'j.runbook.sqlite');
    Journal.create(path).close();
    const readonly = Journal.open(path, { readonly: true });
    expectJournalError(() => readonly.append('x', {}), 'read-only', path);
    readonly.close();
    expectJournalError(() => readonly.events(), 'closed', path);
  });

  it('notices a journal driven twice instead of forking the chain', () => {
    const path = join(dir, 'j.runbook.sqlite');
    const a = Journal.create(path);
    const b = Journal.open(path);
    a.append('one', {});
    a.commit();
    b.append('two', {}); // b starts its batch from the file, so it chains on a's event
    a.append('three', {});
    b.commit();
    expectJournalError(() => a.commit(), 'conflict', path);
    b.close();
    const check = Journal.open(path, { readonly: true });
    expect(check.events().map((e) => e.type)).toEqual(['one', 'two']);
    expect(verifyChain(check).valid).toBe(true);
    check.close();
    // a's pending event can never be committed; closing reports it, once.
    expect(() => a.close()).toThrow(JournalError);
  });
});

describe('Journal files', () => {
  it('creates the file 0600 (and its WAL) in a new 0700 directory, in WAL mode', () => {
    const path = join(dir, 'data', 'journals', 'run.runbook.sqlite');
    const journal = Journal.create(path);
    journal.append('run_started', {});
    journal.commit();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-shm`).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'journals')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(journal.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(journal.connection.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(journal.connection.pragma('user_version', { simple: true })).toBe(1);
    journal.close();
  });

  it('refuses to create over an existing file', () => {
    const path = join(dir, 'taken.runbook.sqlite');
    writeFileSync(path, 'precious');
    expectJournalError(() => Journal.create(path), 'exists', path);
  });

  it('says clearly when a file is missing or is not a runbook journal', () => {
    const missing = join(dir, 'nope.runbook.sqlite');
    expectJournalError(() => Journal.open(missing), 'missing', missing);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'x'.repeat(4096));
    expect(expectJournalError(() => Journal.open(text), 'not-a-journal', text).message).toContain('not an SQLite database');

    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectJournalError(() => Journal.open(other, { readonly: true }), 'not-a-journal', other);

    const newer = join(dir, 'newer.runbook.sqlite');
    Journal.create(newer).close();
    const raw = new Database(newer);
    raw.pragma('user_version = 2');
    raw.close();
    expect(expectJournalError(() => Journal.open(newer), 'newer-format', newer).message).toContain('newer runbook');

    // SQLite's own words for a directory were "disk I/O error" or "unable to open database file".
    expect(expectJournalError(() => Journal.open(dir), 'unreadable', dir).message).toBe(`${dir}: is a directory, not a journal`);
    expect(expectJournalError(() => Journal.open(dir, { readonly: true }), 'unreadable', dir).message).toBe(`${dir}: is a directory, not a journal`);
  });
});
