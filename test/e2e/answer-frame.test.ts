// The frame that shows an answer shows where the run goes, with its key: the decision
// tree's YES leads into a monitoring phase whose scheduled checks the walk gives due times
// on the way. The real CLI in a real 80×24 tmux pane; every byte it writes is recorded
// (tmux pipe-pane), so a frame replaced before any capture could see it still counts: an
// operator on a slow host or link looks at it for as long as the replacement takes.

import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { all, exited, has, lastLine, press, see, setUp, show, status, tearDown, type Setup, type ShownRun } from './tui-screen';

const FIXTURE = new URL('../fixtures/tui/monitoring.md', import.meta.url).pathname;

afterEach(tearDown);

/**
 * The frames in what the screen wrote, as text: Ink draws each whole (no incremental
 * rendering), after erasing the one before (erase line, cursor up, …, cursor to column 1).
 */
function framesIn(bytes: string): string[][] {
  /* eslint-disable no-control-regex -- the terminal's escape sequences, read as they were written */
  const erase = /(?:\x1b\[2K(?:\x1b\[1?A)?)+\x1b\[G/;
  const escapes = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]/g;
  /* eslint-enable no-control-regex */
  return bytes
    .split(erase)
    .map((f) =>
      f
        .replace(escapes, '')
        .split(/\r?\n/)
        .map((l) => l.replace(/\r/g, '').trimEnd()),
    )
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}

/** Waits until the same screen shows twice in a row: the last keystroke's frame is drawn. */
async function steady(s: Setup, test: (lines: string[]) => boolean, what: string): Promise<string[]> {
  let previous = '';
  return s.tmux.waitFor(
    s.drive,
    (lines) => {
      const now = lines.join('\n');
      const same = now === previous && test(lines);
      previous = now;
      return same;
    },
    what,
    20_000,
  );
}

describe('the frame after the decision that leads into monitoring', () => {
  it('shows the next step of the walk and its key at once, the checks on the way scheduled', async () => {
    const s = setUp();
    copyFileSync(FIXTURE, join(s.dir, 'monitoring.md'));
    const stream = join(s.dir, 'screen.bytes');
    s.tmux.record(s.drive, stream);
    s.tmux.command(s.drive, 'runbook run monitoring.md --journal run.journal --operator tester');
    await see(s, all(has('$ echo deployed'), (l) => lastLine(l).startsWith('enter run')), 'the first step', s.drive, 20_000);
    await press(s, 'Enter', (l) => lastLine(l).startsWith('enter next'), 'the step done');
    await press(s, 'Enter', (l) => lastLine(l).startsWith('enter choose'), 'the decision step');
    await press(s, 'Enter', has('1. YES'), 'the decision tree');
    await press(s, '1', has('enter take this path'), 'the YES leaf');
    await press(s, 'Enter', has('Why this path?'), 'the reason asked');
    s.tmux.type(s.drive, 'the system is functional');
    // Drawn and steady: the answer's frame is drawn at once, not folded into this one.
    await steady(s, has('Why this path? the system is functional'), 'the reason typed');
    const from = statSync(stream).size;

    s.tmux.key(s.drive, 'Enter');
    const next = await see(s, all(has('3.2 Log Queries'), (l) => lastLine(l).startsWith('enter run')), 'the next step of the walk', s.drive, 20_000);
    expect(next.join('\n')).toContain('→ PHASE 3: Monitoring');
    // Every frame drawn since the answer, from the one that closed the prompt on.
    // What tmux piped on reaches the file a moment after the pane shows it.
    const written = () => readFileSync(stream).subarray(from).toString('utf8');
    await waitFor(() => written().includes('3.2 Log Queries'), 'the frames drawn since the answer recorded');
    const drawn = framesIn(written());
    const after = drawn.slice(drawn.findIndex((f) => !f.join('\n').includes('Why this path?')));
    expect(after.length).toBeGreaterThan(0);
    // None without a key to go on (the decision step done, "n note · d decision tree · …").
    const keyless = after.filter((f) => !lastLine(f).startsWith('enter '));
    expect(keyless.map((f) => f.join('\n'))).toEqual([]);
    expect(after[0]?.join('\n')).toContain('3.2 Log Queries');

    // The key works on what the frame showed: the step runs; the checks on the way are due in the journal.
    await press(s, 'Enter', all(has('$ echo no errors'), has('✔ passed')), 'the log query run');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    const run = (await show(s)) as ShownRun & { due: { step: string; dueAt: string }[] };
    expect(status(run, '3-2-log-queries/echo-no-errors')).toBe('passed');
    expect(status(run, '1-2-decision-tree/is-the-system-functional')).toBe('done');
    expect(run.due.map((d) => d.step.replace(/^.*\//, ''))).toEqual(
      ['api-error-rate', 'api-latency', 'task-failures'].flatMap((m) => ['1h', '4h', '24h'].map((h) => `${m}-dashboard-${m === 'task-failures' ? 'tasks' : 'api'}-${h}`)),
    );
  }, 90_000);
});
