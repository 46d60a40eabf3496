import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../source/journal/format';
import { Journal, JournalError } from '../../source/journal/journal';
import { verifyAnchor } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  path = join(dir, 'run.runbook.sqlite');
});
afterEach(() => cleanup());

function anchor(): { events: number; head: string } {
  const { events, head } = JSON.parse(readFileSync(`${path}.anchor`, 'utf8'));
  return { events, head };
}

function verdict(): ReturnType<typeof verifyAnchor> {
  const journal = Journal.open(path, { readonly: true });
  try {
    return verifyAnchor(journal);
  } finally {
    journal.close();
  }
}

describe('the journal anchor', () => {
  it('exists from the journal\'s first byte, and follows each commit, never the events still pending', () => {
    const journal = Journal.create(path);
    expect(anchor()).toEqual({ events: 0, head: GENESIS_HASH });
    const first = journal.append('run_started', { operator: 'alice' });
    journal.appendOutput('count', 'stdout', 'policies 12\n');
    expect(anchor()).toEqual({ events: 0, head: GENESIS_HASH });
    journal.commit();
    const committed = journal.head();
    expect(committed.seq).toBe(first.seq + 1); // the output event too
    expect(anchor()).toEqual({ events: committed.seq, head: committed.hash });
    journal.append('step_finished', { step: 'count' });
    expect(anchor()).toEqual({ events: committed.seq, head: committed.hash });
    journal.close(); // commits the last event, and its anchor
    expect(anchor().events).toBe(3);
    expect(verdict()).toMatchObject({ status: 'matches', point: { events: 3 } });
  });

  it('anchors a commit of output alone at most every 200 ms, and every other commit at once', () => {
    let t = 1_000;
    const journal = Journal.create(path, { clock: () => t });
    journal.append('run_started', { operator: 'alice' });
    journal.commit();
    expect(anchor().events).toBe(1);
    // A flood's frames: the first output commit right after an anchor waits.
    journal.appendOutput('flood', 'stdout', '1\n2\n');
    journal.commit();
    expect(anchor().events).toBe(1);
    expect(verdict()).toMatchObject({ status: 'ahead', extra: 1 });
    t += 199;
    journal.commit(); // a frame with nothing new: not yet
    expect(anchor().events).toBe(1);
    t += 1;
    journal.commit();
    expect(anchor()).toEqual({ events: 2, head: journal.head().hash });
    journal.appendOutput('flood', 'stdout', '3\n');
    journal.commit();
    expect(anchor().events).toBe(2);
    // The step's end is anchored with its commit, output before it included.
    journal.append('step_finished', { step: 'flood' });
    journal.commit();
    expect(anchor()).toEqual({ events: 4, head: journal.head().hash });
    journal.appendOutput('flood', 'stdout', 'late\n');
    journal.commit();
    expect(anchor().events).toBe(4);
    journal.close(); // whatever is due is anchored on the way out
    expect(verdict()).toMatchObject({ status: 'matches', point: { events: 5 } });
  });

  it('an anchor that cannot be written fails the commit as a write failure; the next commit writes it', () => {
    const journal = Journal.create(path);
    journal.append('run_started', { operator: 'alice' });
    journal.commit();
    // Something in the way of the anchor's temp file: the SQLite commit succeeds, the anchor cannot follow.
    mkdirSync(`${path}.anchor.tmp`);
    journal.append('step_started', { step: 'count' });
    let thrown: unknown;
    try {
      journal.commit();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JournalError);
    expect((thrown as JournalError).kind).toBe('write-failed');
    expect((thrown as JournalError).message).toContain(`could not write the journal's anchor ${path}.anchor`);
    // The journal is ahead of its anchor, never behind it.
    expect(verdict()).toMatchObject({ status: 'ahead', extra: 1, point: { events: 1 } });

    rmSync(`${path}.anchor.tmp`, { recursive: true });
    journal.commit(); // nothing pending: the anchor alone is retried
    expect(verdict()).toMatchObject({ status: 'matches', point: { events: 2, head: journal.head().hash } });
    journal.close();
  });

  it('marks a journal from before anchoring as anchored once it is written again', () => {
    const journal = Journal.create(path);
    journal.append('run_started', { operator: 'alice' });
    journal.close();
    rmSync(`${path}.anchor`);
    const db = new Database(path);
    db.prepare("DELETE FROM meta WHERE key = 'anchor'").run();
    db.close();
    expect(verdict()).toEqual({ status: 'none' });

    const again = Journal.open(path);
    again.append('session_started', { resumed: true });
    again.close();
    expect(verdict()).toMatchObject({ status: 'matches', point: { events: 2 } });
    rmSync(`${path}.anchor`);
    expect(verdict()).toMatchObject({ status: 'missing' });
  });
});
