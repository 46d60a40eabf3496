// `kill -9` of the runner (only the runner: not the step's process group) leaves the step
// running. `resume --plain` sees that very group still alive, says so, and starts nothing:
// the operator waits for it, stops it (TERM, then KILL) or marks it done. Each case counts
// the step's processes in /proc all along: never a second copy.

import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents, type StoredEvent } from '../faults/support/journal-file';
import { ScriptedRun } from '../faults/support/scripted-run';

/** Every live process whose command line holds `marker` (the step's bash and its sleep), with its process group. */
function markedProcesses(marker: string): { pid: number; pgid: number }[] {
  const found: { pid: number; pgid: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && argv.some((a) => a.includes(marker))) found.push({ pid: Number(name), pgid: Number(pgid) });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function processesWith(marker: string): number[] {
  return markedProcesses(marker).map((p) => p.pid);
}

const leftovers: string[] = [];

afterEach(() => {
  for (const marker of leftovers.splice(0)) {
    for (const pid of processesWith(marker)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
});

interface Crashed {
  dir: string;
  journal: string;
  env: Record<string, string>;
  /** The step's processes alive when the runner died (its bash and its sleep). */
  pids: number[];
  /** The step's shell, as journaled: its process group's id. */
  shell: number;
}

/** `run --plain` until the step `nap` runs `command`, then kill -9 of the runner alone. */
async function crashDuring(command: string, marker: string): Promise<Crashed> {
  leftovers.push(marker);
  const dir = tempDir('runbook-outlived-');
  mkdirSync(join(dir, 'home'));
  const file = join(dir, 'outlived.md');
  writeFileSync(file, `# Outlived\n\n## Phase 1: Steps\n\n\`\`\`bash {#nap}\n${command}\n\`\`\`\n\n\`\`\`bash {#after}\necho after\n\`\`\`\n`);
  const env = cliEnv(join(dir, 'home'));
  const journal = join(dir, 'run.runbook.sqlite');
  const runner = startCli(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
  runner.stdout?.resume();
  runner.stderr?.resume();
  runner.stdin?.write('y\n');
  const recorded = () => {
    try {
      return readEvents(journal).some((e) => e.type === 'step.process' && e.payload.step === 'nap');
    } catch {
      return false; // still being created
    }
  };
  await waitFor(() => recorded() && processesWith(marker).length === 2, 'the step to start and its process group to be journaled');
  const pids = processesWith(marker);
  const exited = new Promise((resolve) => runner.on('close', resolve));
  runner.kill('SIGKILL');
  await exited;
  expect(processesWith(marker)).toEqual(pids);
  const shell = readEvents(journal).find((e) => e.type === 'step.process')?.payload.pid as number;
  expect(pids).toContain(shell);
  return { dir, journal, env, pids, shell };
}

/**
 * Resumes with `--plain`, sampling the step's processes every few milliseconds until it
 * ends: the most seen at once, and every process group they were in (a second copy of the
 * step would be a group of its own).
 */
function resume(c: Crashed, marker: string): { run: ScriptedRun; most: () => number; groups: () => number[] } {
  const run = new ScriptedRun(['resume', c.journal, '--plain'], { env: c.env, cwd: c.dir });
  let most = 0;
  const groups = new Set<number>();
  const sample = setInterval(() => {
    const now = markedProcesses(marker);
    most = Math.max(most, now.length);
    for (const p of now) groups.add(p.pgid);
  }, 10);
  void run.exited.then(() => clearInterval(sample));
  return { run, most: () => most, groups: () => [...groups] };
}

const of = (events: StoredEvent[], type: string) => events.filter((e) => e.type === type && e.payload.step === 'nap').map((e) => e.payload);

/** What resume says first, and the choice it offers: the same every time. */
async function expectStillRunning(run: ScriptedRun, pid: number): Promise<void> {
  const shown = await run.prompt();
  // resume's own lines are wrapped to the terminal's width (80 columns from a pipe).
  expect(shown.replace(/\s+/g, ' ')).toMatch(new RegExp(`! nap is still running since \\d\\d:\\d\\d:\\d\\d, pid ${pid} \\(process group\\): the runner that started it went away, the step did not\\.`));
  expect(shown).toMatch(new RegExp(`This step is STILL RUNNING since \\d\\d:\\d\\d:\\d\\d, pid ${pid} \\(process group\\)`));
  expect(shown.trimEnd().split('\n').at(-1)).toBe('Still running: [w] wait for it · t stop it (TERM, then KILL) · d mark it done · q leave >');
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
    expect(ended).toContain('It ended: the step is interrupted, not done; its output after the runner went away is not recorded: it went to the runner that was gone.');
    expect(processesWith(marker)).toEqual([]);
    run.answer('n');
    await run.sees('Run: [y] run');
    run.answer('y');
    expect(await run.exited).toBe(1);

    const events = readEvents(c.journal);
    expect(of(events, 'step.started')).toHaveLength(1);
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
    expect(stopped).toContain(`Stopping pid ${shell}'s process group: TERM, then KILL after 3 s…\nStopped (TERM): the step is interrupted, not done`);
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
    expect(killed).toContain('Killed (it outlasted TERM): the step is interrupted, not done');
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
    expect(marked).toContain(`Marked done (journaled as your decision); pid ${shell} was left running.`);
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
