import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventHash } from '../../source/journal/format';
import { Journal } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  path = join(dir, 'run.runbook.sqlite');
  // A small run: events 1-2, output covered by event 3, event 4, output covered by 5, event 6.
  const journal = Journal.create(path);
  journal.append('run_started', { operator: 'alice' });
  journal.append('step_started', { step: 'count' });
  journal.appendOutput('count', 'stdout', 'policies 12\ntriggers 3\n');
  journal.append('step_finished', { step: 'count', exitCode: 0 });
  journal.commit();
  journal.appendOutput('count', 'stderr', 'late warning\n');
  journal.commit();
  journal.append('signoff', { role: 'Deploy Lead', name: 'alice' });
  journal.close();
});
afterEach(() => cleanup());

/** Edits the file behind the journal's back, as an attacker with write access would. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  db.prepare(sql).run(...params);
  db.close();
}

function verify(): ReturnType<typeof verifyChain> {
  const journal = Journal.open(path, { readonly: true });
  try {
    return verifyChain(journal);
  } finally {
    journal.close();
  }
}

describe('verifyChain', () => {
  it('accepts an untouched journal and reports its head', () => {
    const journal = Journal.open(path, { readonly: true });
    const events = journal.events();
    expect(events.map((e) => e.type)).toEqual(['run_started', 'step_started', 'output', 'step_finished', 'output', 'signoff']);
    expect(verifyChain(journal)).toEqual({ valid: true, events: 6, head: events[5]?.hash });
    journal.close();
  });

  it('names the event whose payload had one byte changed', () => {
    tamper(`UPDATE events SET payload = replace(payload, 'exitCode":0', 'exitCode":1') WHERE seq = 4`);
    expect(verify()).toMatchObject({ valid: false, events: 6, firstBad: { seq: 4, reason: expect.stringContaining('hash') } });
  });

  it('names the next event when an edited event was re-hashed to hide it', () => {
    const db = new Database(path);
    const row = db.prepare('SELECT seq, at, type, payload, prev_hash FROM events WHERE seq = 1').get() as {
      seq: number;
      at: string;
      type: string;
      payload: string;
      prev_hash: string;
    };
    const payload = row.payload.replace('alice', 'mallory');
    db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = 1').run(
      payload,
      eventHash(row.prev_hash, row.seq, row.at, row.type, payload),
    );
    db.close();
    expect(verify().firstBad).toEqual({ seq: 2, reason: expect.stringContaining('prev_hash') });
  });

  it('counts the lines of output holding NUL bytes and wide characters as written', () => {
    const other = join(dir, 'nul.runbook.sqlite');
    const journal = Journal.create(other);
    journal.appendOutput('dump', 'stdout', 'header\nrow\u0000with nul\nnaïve café ✓\n\u0000\n');
    journal.appendOutput('dump', 'stdout', 'no newline at the end');
    journal.commit();
    expect(verifyChain(journal)).toMatchObject({ valid: true, events: 1 });
    journal.close();
  });

  it('names the output event covering a chunk that had one byte changed', () => {
    tamper(`UPDATE output SET text = replace(text, 'triggers 3', 'triggers 4') WHERE id = 1`);
    expect(verify()).toMatchObject({ valid: false, firstBad: { seq: 3, reason: expect.stringContaining('SHA-256') } });
    tamper(`UPDATE output SET text = 'late warnin' WHERE id = 2`);
    expect(verify().firstBad?.seq).toBe(3); // the first problem in seq order
  });

  it('notices a deleted event, a deleted chunk, and a chunk slipped in outside the chain', () => {
    tamper('DELETE FROM output WHERE id = 2');
    expect(verify().firstBad).toEqual({ seq: 5, reason: expect.stringContaining('missing') });
    tamper(`INSERT INTO output (id, step, stream, text) VALUES (2, 'count', 'stderr', 'late warning')`);
    expect(verify().valid).toBe(true);

    tamper(`INSERT INTO output (step, stream, text) VALUES ('count', 'stdout', 'all good, trust me')`);
    expect(verify()).toMatchObject({ valid: false, firstBad: { seq: 6, chunk: 3, reason: expect.stringContaining('not covered') } });
    tamper('DELETE FROM output WHERE id = 3');

    tamper('DELETE FROM events WHERE seq = 2');
    expect(verify()).toMatchObject({ valid: false, events: 5, firstBad: { seq: 2, reason: 'event 2 is missing' } });
  });
});
