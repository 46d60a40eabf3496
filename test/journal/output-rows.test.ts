import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { CHUNK_CAP, HELD_LINE_CAP } from '../../source/journal/output-buffer';
import { createRedactor } from '../../source/executors/redact';
import { verifyChain } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function rows(path: string): { text: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT text FROM output ORDER BY id').all() as { text: string }[];
  } finally {
    db.close();
  }
}

describe('output rows', () => {
  it('keeps every line, empty ones included, in rows of whole lines of at most CHUNK_CAP', () => {
    const path = join(dir, 'rows.sqlite');
    const journal = Journal.create(path);
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(i % 7 === 0 ? '' : `line ${i} ${'x'.repeat(i % 50)}`);
    const long = 'L'.repeat(CHUNK_CAP * 2);
    lines.splice(12_345, 0, long);
    const text = `${lines.join('\n')}\n`;
    // Odd-sized pieces, cut anywhere (mid-line, between \r and \n …), committed now and then.
    for (let at = 0, n = 0; at < text.length; n++) {
      const size = 1 + ((n * 7919) % 70_000);
      journal.appendOutput('s', 'stdout', text.slice(at, at + size));
      at += size;
      if (n % 5 === 0) journal.commit();
    }
    journal.flushOutput('s');
    journal.commit();

    expect(journal.outputLines('s').map((l) => l.text)).toEqual(lines);
    expect(journal.outputLineCount('s')).toBe(lines.length);
    for (const row of rows(path)) {
      // Only a row holding one line longer than a row may pass the cap.
      if (row.text.length > CHUNK_CAP) expect(row.text).toBe(long);
    }
    expect(verifyChain(journal).valid).toBe(true);
    journal.close();
  });

  it('redacts a flood of lines batch by batch exactly as line by line, key blocks included', () => {
    const secret = 'hunter2-very-secret';
    const lines = [
      'ok 1',
      `DB_PASSWORD=${secret}`,
      'curl -H "Authorization: Bearer abcdefghijklmnop12345"',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      '-----END OPENSSH PRIVATE KEY-----',
      `postgres://app:${secret}@db:5432/app`,
      'done',
    ];
    const byLine = createRedactor([secret]).stream();
    const expected = lines.map((l) => byLine(`${l}\n`).replace(/\n$/, ''));
    const path = join(dir, 'redact.sqlite');
    const journal = Journal.create(path, { redact: createRedactor([secret]) });
    journal.appendOutput('s', 'stdout', `${lines.join('\n')}\n`);
    journal.commit();
    const written = journal.outputLines('s').map((l) => l.text);
    expect(written).toEqual(expected);
    expect(written.join('\n')).not.toContain(secret);
    expect(written.join('\n')).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    journal.close();
  });

  it('cuts a line over HELD_LINE_CAP where no password is cut in two', () => {
    // One line of JSON records, as `terraform show -json` prints, arriving so that the held
    // part passes the cap in the middle of a password: before, that part was written whole,
    // and the password's two halves were redacted (not) each on its own.
    const record = (i: number): string => `{"name": "db${i}", "values": {"password": "TfStatePw${String(i).padStart(6, '0')}QQ", "pad": "xx"}}, `;
    let line = '';
    for (let i = 0; line.length < HELD_LINE_CAP * 1.5; i++) line += record(i);
    const inside = line.indexOf('TfStatePw', HELD_LINE_CAP) + 'TfStatePw0'.length;
    const journal = Journal.create(join(dir, 'long.sqlite'), { redact: createRedactor() });
    journal.appendOutput('s', 'stdout', line.slice(0, inside));
    journal.appendOutput('s', 'stdout', `${line.slice(inside)}\n`);
    journal.flushOutput('s');
    journal.commit();
    const written = journal.outputLines('s').map((l) => l.text);
    expect(written.length).toBeGreaterThan(1);
    expect(written.join('')).not.toMatch(/TfStatePw|\d{5}QQ/);
    expect(written.join('').length).toBeGreaterThan(line.length / 2);
    journal.close();
  });

  it('cuts a long line with no separator before its last few KB away from a password arriving at its end', () => {
    // A megabyte blob, then ` token=` and a value still arriving when the cap is passed: the
    // one space is too near the end to cut at; before, the held part was written whole, cut
    // at the end of the chunk, and the rest of the value came out as a line of its own.
    const journal = Journal.create(join(dir, 'blob.sqlite'), { redact: createRedactor() });
    journal.appendOutput('s', 'stdout', `${'a'.repeat(HELD_LINE_CAP - 10)} token=${'Z'.repeat(100)}`);
    journal.appendOutput('s', 'stdout', `${'Z'.repeat(2900)}Qq1 done\n`);
    journal.flushOutput('s');
    journal.commit();
    const written = journal.outputLines('s').map((l) => l.text).join('');
    expect(written).not.toMatch(/ZZ|Qq1/);
    expect(written.endsWith(' token=[REDACTED] done')).toBe(true);
    journal.close();
  });

  it('keeps the line count when a known secret spans a newline', () => {
    const secret = 'first-half\nsecond-half';
    const journal = Journal.create(join(dir, 'spans.sqlite'), { redact: createRedactor([secret]) });
    journal.appendOutput('s', 'stdout', `before\n${secret}\nafter\n`);
    journal.commit();
    // Lines stay lines (the rows, the counts and the tail all agree); the line-by-line
    // redaction that takes over is the same as before batching.
    const written = journal.outputLines('s').map((l) => l.text);
    expect(written).toHaveLength(4);
    expect(written[0]).toBe('before');
    expect(written[3]).toBe('after');
    expect(journal.outputLineCount('s')).toBe(4);
    journal.close();
  });
});
