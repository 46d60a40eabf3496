import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../source/journal/journal';
import { verifyChain } from '../../source/journal/verify';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const TOTAL = 2_000_000;
const PIPE_READ = 64 * 1024;
const LINES_PER_COMMIT = 20_000; // ~10 commits/s at 200k lines/s

const line = (i: number): string => `2026-11-23T18:10:12Z INFO worker[${i % 8}] processed item ${i} ok`;
// Shaped like the executors' redactor: a regex over each line.
const redact = (text: string): string => text.replace(/\b(password|token|secret)=\S+/gi, '$1=[REDACTED]');

describe('bulk output', () => {
  it('ingests 2,000,000 lines, cut at arbitrary pipe-read boundaries, without losing one', () => {
    const path = join(dir, 'bulk.runbook.sqlite');
    const journal = Journal.create(path, { redact });
    journal.append('step_started', { step: 'load' });
    journal.commit();

    let spent = 0; // time inside the journal only, not in making the test data
    let commits = 0;
    let pending = '';
    let sinceCommit = 0;
    for (let i = 0; i < TOTAL; i++) {
      pending += `${line(i)}\n`;
      sinceCommit += 1;
      if (pending.length < PIPE_READ && i < TOTAL - 1) continue;
      const cut = Math.min(pending.length, PIPE_READ - (i % 97)); // not on a line boundary
      const started = performance.now();
      journal.appendOutput('load', 'stdout', pending.slice(0, cut));
      if (sinceCommit >= LINES_PER_COMMIT) {
        journal.commit();
        commits += 1;
        sinceCommit = 0;
      }
      spent += performance.now() - started;
      pending = pending.slice(cut);
    }
    const started = performance.now();
    journal.appendOutput('load', 'stdout', pending);
    journal.flushOutput('load');
    journal.append('step_finished', { step: 'load', exitCode: 0 });
    journal.commit();
    spent += performance.now() - started;
    console.log(
      `journal ingest: ${TOTAL} lines in ${(spent / 1000).toFixed(2)} s of journal time = ` +
        `${Math.round(TOTAL / (spent / 1000)).toLocaleString('en')} lines/s over ${commits + 1} commits`,
    );

    expect(journal.outputLineCount('load')).toBe(TOTAL);
    const tailStarted = performance.now();
    const tail = journal.outputLines('load', { tail: 5 });
    console.log(`journal tail of 5 lines from ${TOTAL}: ${(performance.now() - tailStarted).toFixed(1)} ms`);
    expect(tail.map((l) => l.text)).toEqual([0, 1, 2, 3, 4].map((k) => line(TOTAL - 5 + k)));

    const all = journal.outputLines('load');
    expect(all).toHaveLength(TOTAL);
    let mismatch = -1;
    for (let i = 0; i < TOTAL && mismatch < 0; i++) if (all[i]?.text !== line(i)) mismatch = i;
    expect(mismatch).toBe(-1);
    expect(verifyChain(journal)).toMatchObject({ valid: true });
    journal.close();
  }, 180_000);
});
