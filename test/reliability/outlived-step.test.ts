// `kill -9` of the runner (only the runner: not the step's process group) leaves the step
// running. `resume --plain` sees that very group still alive, says so, and starts nothing:
// the operator waits for it, stops it (TERM, then KILL) or marks it done. Each case counts
// the step's processes in /proc all along: never a second copy.

import { afterEach, describe, expect, it } from 'vitest';
import { readEvents, type StoredEvent } from '../faults/support/journal-file';
import { ScriptedRun } from '../faults/support/scripted-run';
import { crashDuring, killLeftovers, processesWith, sampleProcesses, type Crashed } from '../helpers/outlived';

afterEach(killLeftovers);

/** Resumes with `--plain`, sampling the step's processes until it ends. */
function resume(c: Crashed, marker: string): { run: ScriptedRun; most: () => number; groups: () => number[] } {
  const run = new ScriptedRun(['resume', c.journal, '--plain'], { env: c.env, cwd: c.dir });
  const sample = sampleProcesses(marker);
  void run.exited.then(sample.stop);
  return { run, most: sample.most, groups: sample.groups };
}

const of = (events: StoredEvent[], type: string) => events.filter((e) => e.type === type && e.payload.step === 'nap').map((e) => e.payload);

/** What resume says first, and the choice it offers: the same every time. */
async function expectStillRunning(run: ScriptedRun, pid: number): Promise<void> {
  const shown = await run.prompt();
  // resume's own lines are wrapped to the terminal's width (80 columns from a pipe).
  expect(shown.replace(/\s+/g, ' ')).toMatch(new RegExp(`! nap is still running since \\d\\d:\\d\\d:\\d\\d, pid ${pid} \\(process group\\): the runner that started it went away, the step did not\\.`));
  expect(shown.replace(/\s+/g, ' ')).toMatch(new RegExp(`This step is STILL RUNNING since \\d\\d:\\d\\d:\\d\\d, pid ${pid} \\(process group\\)`));
  // Its own lines too (before, "… the runner / that started it went away …" broke mid-word at 80).
  for (const line of shown.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  expect(shown.trimEnd().split('\n').at(-1)).toBe('Still running: [w] wait · t stop (TERM, then KILL) · d mark done · q leave >');
}

describe('a step that outlived its runner (kill -9 of the runner only)', () => {
  it('w waits until its process group is gone, then the step is interrupted, never re-run unasked', async () => {
    const marker = '4.1717';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker);
    const { shell } = c;
    const { run, most, groups } = resume(c, marker);
    await expectStillRunning(run, shell);
    run.answer('w');
    await run.sees('Waiting for pid');
    const ended = await run.sees(/Interrupted: \[y\] re-run · s skip · n mark failed · q stop > $/, 20_000);
    expect(ended.replace(/\s+/g, ' ')).toContain('It ended: the step is interrupted, not done; its output after the runner went away is not recorded: it went to the runner that was gone.');
    expect(processesWith(marker)).toEqual([]);
    run.answer('n');
    await run.sees('Run: [y] run');
    run.answer('y');
    expect(await run.exited).toBe(1);

    const events = readEvents(c.journal);
    expect(of(events, 'step.started')).toHaveLength(1);
    // Interrupted (never done), and found still running: both journaled.
    expect(of(events, 'step.interrupted')).toEqual([{ step: 'nap' }]);
    expect(of(events, 'step.outlived')).toEqual([{ step: 'nap', pid: shell, group: true }]);
    expect(of(events, 'process.ended')).toEqual([{ step: 'nap', pid: shell, how: 'waited' }]);
    expect(of(events, 'note.added')[0]?.text).toMatch(/waited for until it ended; its output after the runner went away is not recorded/);
    expect(most()).toBe(2);
    expect(groups()).toEqual([shell]);
  });

  it('t stops it (TERM to its process group), journaled; the operator then chooses as for any interrupted step', async () => {
    const marker = '30.2727';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker);
    const { shell } = c;
    const { run, most, groups } = resume(c, marker);
    await expectStillRunning(run, shell);
    run.answer('t');
    const stopped = await run.sees(/Interrupted: \[y\] re-run/);
    expect(stopped.replace(/\s+/g, ' ')).toContain(`Stopping pid ${shell}'s process group: TERM, then KILL after 3 s… Stopped (TERM): the step is interrupted, not done`);
    expect(processesWith(marker)).toEqual([]);
    run.answer('s');
    await run.sees('Reason for skipping >');
    run.answer('stopped after the crash');
    await run.sees('Run: [y] run');
    run.answer('y');
    expect(await run.exited).toBe(0);

    const events = readEvents(c.journal);
    expect(of(events, 'step.started')).toHaveLength(1);
    expect(of(events, 'process.ended')).toEqual([{ step: 'nap', pid: shell, how: 'terminated' }]);
    expect(of(events, 'step.skipped')).toEqual([{ step: 'nap', reason: 'stopped after the crash' }]);
    expect(most()).toBe(2);
    expect(groups()).toEqual([shell]);
  });

  it('t sends KILL when the group outlasts TERM', async () => {
    const marker = '30.3737';
    const c = await crashDuring(`trap '' TERM; sleep ${marker}; echo done`, marker);
    const { shell } = c;
    const { run, most, groups } = resume(c, marker);
    await expectStillRunning(run, shell);
    run.answer('t');
    const killed = await run.sees(/Interrupted: \[y\] re-run/, 20_000);
    expect(killed.replace(/\s+/g, ' ')).toContain('Killed (it outlasted TERM): the step is interrupted, not done');
    expect(processesWith(marker)).toEqual([]);
    run.answer('q');
    expect(await run.exited).toBe(0);
    expect(of(readEvents(c.journal), 'process.ended')).toEqual([{ step: 'nap', pid: shell, how: 'killed' }]);
    expect(most()).toBe(2);
    expect(groups()).toEqual([shell]);
  });

  it('q leaves it running and the run paused; the next resume asks again, and d marks it done as the operator decided', async () => {
    const marker = '30.4747';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker);
    const { shell } = c;
    const first = resume(c, marker);
    await expectStillRunning(first.run, shell);
    first.run.answer('q');
    expect(await first.run.exited).toBe(0);
    expect(processesWith(marker)).toEqual(c.pids);

    const { run, most, groups } = resume(c, marker);
    await expectStillRunning(run, shell);
    run.answer('d');
    await run.sees('Done how? (a note for the record; enter for none) >');
    run.answer('it finishes on its own');
    const marked = await run.sees('Run: [y] run');
    expect(marked.replace(/\s+/g, ' ')).toContain(`Marked done (journaled as your decision); pid ${shell} was left running.`);
    run.answer('y');
    expect(await run.exited).toBe(0);

    const events = readEvents(c.journal);
    expect(of(events, 'step.started')).toHaveLength(1);
    // Found running at both resumes; recorded once.
    expect(of(events, 'step.outlived')).toHaveLength(1);
    const done = of(events, 'step.marked');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ status: 'done' });
    expect(done[0]?.note).toMatch(new RegExp(`^it finishes on its own · marked done by the operator: the runner that started it went away; still running since \\d\\d:\\d\\d:\\d\\d, pid ${shell} \\(process group\\) when marked done$`));
    expect(processesWith(marker)).toEqual(c.pids);
    expect(most()).toBe(2);
    expect(groups()).toEqual([shell]);
  });
});
