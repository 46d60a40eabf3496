import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followJournal } from '../../source/journal/follow';
import { Journal } from '../../source/journal/journal';
import type { JournalEvent } from '../../source/journal/journal';
import { makeTempDir, waitFor } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

describe('followJournal', () => {
  it('delivers the run so far, then each commit within 500 ms, in order', async () => {
    const path = join(dir, 'run.runbook.sqlite');
    const writer = Journal.create(path);
    writer.append('run_started', { operator: 'alice' });
    writer.commit();

    const seen: JournalEvent[] = [];
    const follower = followJournal(path, (events) => seen.push(...events));
    try {
      await waitFor(() => (seen.length === 1 ? true : undefined), 2_000, 'the backlog');
      expect(seen[0]?.type).toBe('run_started');

      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        writer.append('step_started', { step: `s${i}` });
        writer.appendOutput(`s${i}`, 'stdout', `output of s${i}\n`);
        writer.append('step_finished', { step: `s${i}` });
        writer.commit();
        const committedAt = performance.now();
        await waitFor(() => (seen.length === 1 + 3 * (i + 1) ? true : undefined), 2_000, `commit ${i}`);
        latencies.push(performance.now() - committedAt);
      }
      expect(Math.max(...latencies)).toBeLessThan(500);
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
      expect(follower.journal.outputLines('s4', { tail: 10 }).map((l) => l.text)).toEqual(['output of s4']);
    } finally {
      follower.stop();
      writer.close();
    }
  });
});
