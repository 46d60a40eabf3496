// A journal written from a copy of its chain (what `resume RUN --store` and `watch --store`
// do with the store's rows): the same tables byte for byte, and a copy that does not verify
// — an edited payload, a missing chunk, a gap — is refused whole.

import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { JournalImport } from '../../source/journal/import';
import type { ChainEvent, StepChunk } from '../../source/journal/format';
import { damage } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function rows(path: string): { events: ChainEvent[]; chunks: StepChunk[] } {
  const db = new Database(path, { readonly: true });
  try {
    const events = (db.prepare('SELECT seq, at, type, payload, prev_hash AS prevHash, hash FROM events ORDER BY seq').all() as ChainEvent[]);
    const chunks = db.prepare('SELECT id, step, stream, text FROM output ORDER BY id').all() as StepChunk[];
    return { events, chunks };
  } finally {
    db.close();
  }
}

function driverJournal(): string {
  const path = join(dir, 'driver.runbook.sqlite');
  const journal = Journal.create(path);
  journal.append('run.started', { title: 'Copy me', note: 'ünïcödé \u0007 and "quotes"' });
  journal.appendOutput('count', 'stdout', 'policies 12\nusers 4\n');
  journal.appendOutput('count', 'stderr', 'warning: slow\n');
  journal.commit();
  journal.append('step.finished', { step: 'count', status: 'passed' });
  journal.appendOutput('count', 'stdout', `${'x'.repeat(5000)}\n\n`);
  journal.close();
  return path;
}

/** The chunks an event range covers, as the store hands them out with their events. */
function chunksOf(events: ChainEvent[], chunks: StepChunk[]): StepChunk[] {
  const ids = new Set<number>();
  for (const e of events) {
    if (e.type !== 'output') continue;
    const p = JSON.parse(e.payload) as { first: number; last: number };
    for (let id = p.first; id <= p.last; id++) ids.add(id);
  }
  return chunks.filter((c) => ids.has(c.id));
}

describe('a journal from a copy of its chain', () => {
  it('holds the same events and chunks, byte for byte, written in batches; it verifies, anchor and all', () => {
    const source = rows(driverJournal());
    const copy = join(dir, 'copy', 'run.runbook.sqlite');
    const imported = JournalImport.create(copy, '2026-12-06T07:00:00.000Z');
    const cut = 3;
    imported.append(source.events.slice(0, cut), chunksOf(source.events.slice(0, cut), source.chunks));
    imported.append(source.events.slice(cut), chunksOf(source.events.slice(cut), source.chunks));
    expect(imported.tip.seq).toBe(source.events.length);
    imported.close();
    expect(rows(copy)).toEqual(source);
    const journal = Journal.open(copy, { readonly: true });
    expect(damage(journal)).toBeUndefined();
    journal.close();
    // And it drives on: a writer appends to it as to its own.
    const writer = Journal.open(copy);
    writer.append('session.started', { resumed: true });
    writer.close();
    const again = Journal.open(copy, { readonly: true });
    expect(damage(again)).toBeUndefined();
    again.close();
  });

  it('refuses an edited payload, a broken link, a gap, a chunk edited or missing, a stray chunk — and writes nothing of the batch', () => {
    const source = rows(driverJournal());
    const all = () => structuredClone(source);
    const cases: [string, (s: ReturnType<typeof all>) => void, RegExp][] = [
      ['edited payload', (s) => (s.events[0]!.payload = s.events[0]!.payload.replace('Copy me', 'Copy you')), /event 1 does not hash/],
      ['broken link', (s) => (s.events[2]!.prevHash = '1'.repeat(64)), /event 3 does not link/],
      ['gap', (s) => s.events.splice(1, 1), /event 3 follows event 1/],
      ['edited chunk', (s) => (s.chunks[0]!.text = 'policies 13'), /does not match its SHA-256/],
      ['missing chunk', (s) => s.chunks.splice(1, 1), /covers output chunk 2/],
      ['stray chunk', (s) => s.chunks.push({ id: 99, step: 'count', stream: 'stdout', text: 'extra' }), /chunk 99 is covered by no output event/],
    ];
    for (const [name, spoil, message] of cases) {
      const copy = join(dir, `${name.replace(/ /g, '-')}.runbook.sqlite`);
      const imported = JournalImport.create(copy, '2026-12-06T07:00:00.000Z');
      const spoilt = all();
      spoil(spoilt);
      expect(() => imported.append(spoilt.events, spoilt.chunks), name).toThrow(message);
      expect(imported.tip.seq, name).toBe(0);
      imported.close();
      expect(rows(copy).events, name).toEqual([]);
    }
  });
});
