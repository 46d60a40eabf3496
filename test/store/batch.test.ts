// A batch sent to the store as one message of SQL literals (sync.ts): against the real
// PostgreSQL as the writer role, whatever a program printed or an operator typed reaches the
// store byte for byte (quotes, backslashes, NUL, SQL of its own, control characters), a
// flood's batches stay under the byte cap, and a batch is all or nothing.

import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { chunkRows } from '../../source/journal/replica';
import { Publisher } from '../../source/store/publisher';
import { DEFAULT_LIMITS, insertBatch, pushJournal, readBatch } from '../../source/store/sync';
import { tempDir } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, storeDatabases, storedChunks, storedEvents } from '../helpers/store';

const dbs = storeDatabases('batch');
let writer: string;
let owner: string;
beforeAll(async () => {
  owner = await dbs.store();
  const roles = await dbs.roles(owner);
  writer = roles.as(roles.writer);
});
afterAll(() => dbs.dropAll());

const HOSTILE = [
  "it's O'Brien's \\ backslash \\\\ and E'\\x41' and $$dollar$$ $tag$ quoted $tag$",
  "'); DELETE FROM runbook.events; --",
  'NUL>\0<NUL and \x1b[31mred\x1b[0m and \r\n and \t tab',
  'ünïcödé ✓ 🚀 \u2028 \ufeff',
].join('\n');

function journalWith(build: (j: Journal) => void): Journal {
  const journal = Journal.create(join(tempDir('runbook-batch-'), 'run.runbook.sqlite'));
  journal.append('run.started', { runbook: { file: "/r/it's.md", sha256: 'x', title: "O'Brien \\ deploy" }, operator: "d'arcy", identity: { host: 'bastion-1' } });
  journal.append('step.started', { step: 's1', attempt: 1, command: "echo 'a\\b'" });
  build(journal);
  journal.flushOutput('s1');
  journal.append('step.finished', { step: 's1', status: 'passed', exitCode: 0 });
  journal.commit();
  return journal;
}

async function withWriter<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: writer });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function localChunks(journal: Journal) {
  return chunkRows(journal, 1, Number.MAX_SAFE_INTEGER);
}

describe('a batch of the journal sent to the store', () => {
  it('carries hostile output and notes byte for byte, and the database checks every hash', async () => {
    const journal = journalWith((j) => {
      j.appendOutput('s1', 'stdout', `${HOSTILE}\n`);
      j.appendOutput('s1', 'stderr', `${HOSTILE}\n`);
      j.append('note.added', { step: 's1', text: HOSTILE });
      j.commit();
    });
    const pushed = await withWriter((c) => pushJournal(c, journal));
    const local = rows(journal.path);
    expect(pushed.sent).toBe(local.length);
    expect(await storedEvents(owner, pushed.runId)).toEqual(local);
    const chunks = await storedChunks(owner, pushed.runId);
    expect(chunks).toEqual(localChunks(journal));
    expect(chunks.map((c) => c.text).join('')).toContain('NUL>\0<NUL');
    journal.close();
  });

  it('keeps a flood in batches under the byte cap, and a 2 MB line still moves on alone', async () => {
    const line = `${'x'.repeat(80)}\n`;
    const journal = journalWith((j) => {
      for (let frame = 0; frame < 40; frame++) {
        j.appendOutput('s1', 'stdout', line.repeat(1000));
        j.commit();
      }
      j.appendOutput('s1', 'stdout', `${'y'.repeat(2 * 1024 * 1024)}\n`);
      j.commit();
    });
    const sizes: number[] = [];
    for (let at = 0; ; ) {
      const batch = readBatch(journal, at, DEFAULT_LIMITS);
      const last = batch.events.at(-1);
      if (last === undefined) break;
      sizes.push(batch.chunks.reduce((n, c) => n + c.text.length, 0) + batch.events.reduce((n, e) => n + e.payload.length, 0));
      at = last.seq;
    }
    // 40 frames of 81 kB: several batches, each under 1 MB but the one holding the huge line.
    expect(sizes.length).toBeGreaterThan(4);
    expect(sizes.filter((s) => s > DEFAULT_LIMITS.bytes)).toHaveLength(1);
    const pushed = await withWriter((c) => pushJournal(c, journal));
    expect(await storedEvents(owner, pushed.runId)).toEqual(rows(journal.path));
    expect(await storedChunks(owner, pushed.runId)).toEqual(localChunks(journal));
    journal.close();
  });

  it('says what the store holds when another push of the run got there first', async () => {
    const journal = journalWith((j) => {
      j.appendOutput('s1', 'stdout', 'raced\n');
      j.commit();
    });
    const total = rows(journal.path).length;
    // Another push of the same journal lands between this one's look at the store and its first batch.
    const pushed = await withWriter((other) =>
      withWriter(async (client) => {
        let raced = false;
        const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
        (client as unknown as { query: typeof query }).query = async (text, values) => {
          if (!raced && text.startsWith('INSERT')) {
            raced = true;
            expect((await pushJournal(other, journal)).sent).toBe(total);
          }
          return query(text, values);
        };
        return pushJournal(client, journal);
      }),
    );
    // Not "up to date (0 events)": the store holds them all, sent by the other push.
    expect(pushed).toMatchObject({ already: total, sent: 0 });
    expect(await storedEvents(owner, pushed.runId)).toEqual(rows(journal.path));
    journal.close();
  });

  it('is all or nothing: a batch the database refuses leaves none of its output behind', async () => {
    const journal = journalWith((j) => {
      j.appendOutput('s1', 'stdout', 'first\n');
      j.commit();
    });
    const runId = rows(journal.path)[0]!.hash;
    const batch = readBatch(journal, 0, DEFAULT_LIMITS);
    expect(batch.chunks.length).toBeGreaterThan(0);
    // The last event altered after hashing: its chunks go first in the same message, then it is refused.
    const last = batch.events.at(-1)!;
    const forged = { ...batch, events: [...batch.events.slice(0, -1), { ...last, payload: last.payload.replace('passed', 'failed') }] };
    await withWriter(async (c) => {
      await expect(insertBatch(c, runId, forged)).rejects.toMatchObject({ code: '23514' });
      // The connection is usable at once: no transaction was left open.
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
    expect(await storedEvents(owner, runId)).toEqual([]);
    expect(await storedChunks(owner, runId)).toEqual([]);
    journal.close();
  });
});

describe('a burst of output in one commit', () => {
  it('is published by the publisher even when the batch takes longer than a small statement may', async () => {
    // 16 MB in one commit: one output event covering 256 chunks, a batch that cannot be split.
    const burst = `${'z'.repeat(127)}\n`.repeat(128 * 1024);
    const journal = journalWith((j) => {
      j.appendOutput('s1', 'stdout', burst);
      j.commit();
    });
    const connect = async () => {
      const client = new pg.Client({ connectionString: writer });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    // A store that answers small statements within 100 ms is reachable; the burst takes longer than that.
    const publisher = new Publisher({ journalPath: journal.path, connect, queryTimeoutMs: 100, firstRetryMs: 50, maxRetryMs: 200 });
    const problems = new Set<string>();
    publisher.subscribe(() => {
      const problem = publisher.status().problem;
      if (problem !== null) problems.add(problem);
    });
    try {
      publisher.catchUp();
      const runId = rows(journal.path)[0]!.hash;
      await eventually(async () => (await storedEvents(owner, runId)).length === rows(journal.path).length, 'the burst in the store', 60_000);
      expect(await storedChunks(owner, runId)).toEqual(localChunks(journal));
      expect(publisher.status()).toMatchObject({ behind: 0, refused: false });
      // Sent once: never cut off as a frozen store and sent again.
      expect([...problems]).toEqual([]);
    } finally {
      await publisher.close();
      journal.close();
    }
  }, 90_000);
});
