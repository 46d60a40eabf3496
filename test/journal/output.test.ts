import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
import { makeTempDir, waitFor } from './helpers';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  path = join(dir, 'run.runbook.sqlite');
});
afterEach(() => cleanup());

const texts = (lines: { text: string }[]): string[] => lines.map((l) => l.text);

describe('step output', () => {
  it('holds a partial line until more arrives or the step flushes it', () => {
    const journal = Journal.create(path);
    journal.appendOutput('deploy', 'stdout', 'Running upg');
    journal.commit();
    expect(journal.outputLines('deploy')).toEqual([]);
    journal.appendOutput('deploy', 'stdout', 'rade 006 -> 007\nDone in 3');
    journal.commit();
    expect(texts(journal.outputLines('deploy'))).toEqual(['Running upgrade 006 -> 007']);
    journal.appendOutput('other', 'stdout', 'still running');
    journal.flushOutput('deploy');
    journal.commit();
    expect(texts(journal.outputLines('deploy'))).toEqual(['Running upgrade 006 -> 007', 'Done in 3']);
    expect(journal.outputLines('other')).toEqual([]);
    expect(journal.outputLineCount('deploy')).toBe(2);
    journal.close();
  });

  it('keeps stdout and stderr lines apart, in order, with empty lines intact', () => {
    const journal = Journal.create(path);
    journal.appendOutput('migrate', 'stdout', 'one\n\n');
    journal.appendOutput('migrate', 'stderr', 'warning: slow\n');
    journal.appendOutput('migrate', 'stdout', 'two\n');
    journal.appendOutput('other', 'stdout', 'elsewhere\n');
    journal.close();

    const reopened = Journal.open(path, { readonly: true });
    expect(reopened.outputLines('migrate')).toEqual([
      { stream: 'stdout', text: 'one' },
      { stream: 'stdout', text: '' },
      { stream: 'stderr', text: 'warning: slow' },
      { stream: 'stdout', text: 'two' },
    ]);
    expect(texts(reopened.outputLines('other'))).toEqual(['elsewhere']);
    expect(reopened.outputLineCount('migrate')).toBe(4);
    expect(reopened.outputLineCount('never-ran')).toBe(0);
    // One covering output event per step per flush, naming its chunks.
    const outputs = reopened.events().filter((e) => e.type === 'output');
    expect(outputs.map((e) => e.payload)).toEqual([
      expect.objectContaining({ step: 'migrate', first: 1, last: 3, lines: 4 }),
      expect.objectContaining({ step: 'other', first: 4, last: 4, lines: 1 }),
    ]);
    expect(verifyChain(reopened).valid).toBe(true);
    reopened.close();
  });

  it('chains output that arrived before an event ahead of that event', () => {
    const journal = Journal.create(path);
    journal.append('step_started', { step: 's' });
    journal.appendOutput('s', 'stdout', 'hello\n');
    journal.append('step_finished', { step: 's', exitCode: 0 });
    journal.commit();
    expect(journal.events().map((e) => e.type)).toEqual(['step_started', 'output', 'step_finished']);
    journal.close();
  });

  it('commits what is pending on close, the held partial line included', () => {
    const journal = Journal.create(path);
    journal.append('step_started', { step: 's' });
    journal.appendOutput('s', 'stderr', 'no newline at the end');
    journal.close();
    const reopened = Journal.open(path, { readonly: true });
    expect(reopened.outputLines('s')).toEqual([{ stream: 'stderr', text: 'no newline at the end' }]);
    reopened.close();
  });

  it('groups lines into chunk rows of at most ~64 KiB and tails only the last lines', () => {
    const journal = Journal.create(path);
    const line = (i: number): string => `${String(i).padStart(6, '0')} ${'x'.repeat(90)}`;
    let text = '';
    for (let i = 0; i < 20_000; i++) text += `${line(i)}\n`;
    journal.appendOutput('load', 'stdout', text);
    journal.commit();

    const raw = new Database(path, { readonly: true });
    const chunks = raw.prepare('SELECT count(*) AS n, max(length(text)) AS longest FROM output').get() as {
      n: number;
      longest: number;
    };
    raw.close();
    expect(chunks.n).toBeGreaterThan(25);
    expect(chunks.longest).toBeLessThanOrEqual(64 * 1024);

    expect(journal.outputLineCount('load')).toBe(20_000);
    expect(texts(journal.outputLines('load', { tail: 3 }))).toEqual([line(19_997), line(19_998), line(19_999)]);
    expect(journal.outputLines('load', { tail: 0 })).toEqual([]);
    expect(journal.outputLines('load', { tail: 50_000 })).toHaveLength(20_000);
    const all = texts(journal.outputLines('load'));
    expect(all).toHaveLength(20_000);
    expect(all.every((t, i) => t === line(i))).toBe(true);
    journal.close();
  });

  it('commits on its own timer when asked to, for a caller without display frames', async () => {
    const journal = Journal.create(path, { autoCommitMs: 20 });
    const reader = Journal.open(path, { readonly: true });
    journal.appendOutput('tail', 'stdout', 'first line\n');
    const seen = await waitFor(() => (reader.outputLineCount('tail') === 1 ? reader.outputLines('tail') : undefined), 2_000);
    expect(texts(seen)).toEqual(['first line']);
    reader.close();
    journal.close();
  });
});
