// The screen's side of a step that outlived its runner: after `kill -9` of a `--plain`
// runner (only the runner), `runbook resume` on the screen in a real tmux pane says the
// step is still running and offers the same three choices as --plain — w wait for it,
// t stop it (TERM, then KILL), p mark it done — and enter starts nothing. The step's
// processes are counted in /proc all along: never a second copy.

import { afterEach, describe, expect, it } from 'vitest';
import { readEvents } from '../faults/support/journal-file';
import { crashDuring, killLeftovers, processesWith, sampleProcesses, type Crashed } from '../helpers/outlived';
import { Tmux } from './tmux-pane';
import { FOOTER, has, all } from './tui-screen';

const SIZE = { columns: 100, rows: 30 };
const open: Tmux[] = [];

afterEach(() => {
  for (const t of open.splice(0)) t.close();
  killLeftovers();
});

const TERMINAL = { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color' };

/** `runbook resume` on the screen, past the resume banner, on the step still running. */
async function resumeOnScreen(c: Crashed): Promise<{ tmux: Tmux; pane: string }> {
  const tmux = new Tmux(c.dir, c.env, SIZE);
  open.push(tmux);
  const pane = tmux.paneId('main:0');
  tmux.command(pane, `runbook resume ${c.journal}`);
  const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resume banner');
  expect(banner.join('\n')).toContain('! 1 step is STILL RUNNING, though the runner that started it is gone');
  expect(banner.join('\n')).toMatch(new RegExp(`\\(nap\\)\\n {6}still running since \\d\\d:\\d\\d:\\d\\d, pid ${c.shell} \\(process group\\)`));
  expect(banner.join('\n')).toContain('Nothing starts it again: w wait · t stop (TERM, then KILL) · p mark done');
  tmux.key(pane, 'Enter');
  const step = await tmux.waitFor(pane, all(has('! STILL RUNNING since'), (l) => FOOTER.test(l.at(-2) ?? l.at(-1) ?? '')), 'the step still running');
  expect(step.join('\n')).toMatch(new RegExp(`! STILL RUNNING since \\d\\d:\\d\\d:\\d\\d, pid ${c.shell} \\(process group\\)`));
  expect(step.join('\n')).toMatch(/│ +its runner went away; nothing starts it again\s*\n.*│ +w wait · t stop \(TERM, then KILL\) · p mark done/);
  expect(step.join('\n')).toContain('w wait for it · t stop it · p done');
  // Enter is not one of its choices: it starts nothing, and says which keys are.
  tmux.key(pane, 'Enter');
  await tmux.waitFor(pane, has('still running from before: w waits for it, t stops it, p marks it done'), 'what enter says');
  tmux.key(pane, '?');
  await tmux.waitFor(pane, has('still running from a gone runner: wait / stop it (TERM, then KILL)'), 'the help');
  // Any key closes the help: a plain one (an escape followed fast by the next key reads as alt-key).
  tmux.key(pane, 'x');
  await tmux.waitFor(pane, (l) => has('! STILL RUNNING since')(l) && !l.some((x) => x.startsWith('KEYS')), 'the step again');
  return { tmux, pane };
}

const startedNap = (c: Crashed) => readEvents(c.journal).filter((e) => e.type === 'step.started' && e.payload.step === 'nap');

describe('the screen on a step that outlived its runner', () => {
  it('t stops its process group (TERM), journaled; it is then interrupted, and q leaves', async () => {
    const marker = '30.5858';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker, TERMINAL);
    const sample = sampleProcesses(marker);
    const { tmux, pane } = await resumeOnScreen(c);
    tmux.key(pane, 't');
    await tmux.waitFor(pane, has('stopped (TERM): interrupted, not done'), 'the step stopped', 15_000);
    expect(processesWith(marker)).toEqual([]);
    tmux.key(pane, 'q');
    await tmux.waitFor(pane, has('Run paused'), 'the run paused');
    sample.stop();
    expect(readEvents(c.journal).filter((e) => e.type === 'process.ended').map((e) => e.payload)).toEqual([{ step: 'nap', pid: c.shell, how: 'terminated' }]);
    expect(startedNap(c)).toHaveLength(1);
    expect(sample.most()).toBe(2);
    expect(sample.groups()).toEqual([c.shell]);
  });

  it('w waits until it ends on its own; the step is interrupted, never re-run unasked', async () => {
    const marker = '5.6868';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker, TERMINAL);
    const sample = sampleProcesses(marker);
    const { tmux, pane } = await resumeOnScreen(c);
    tmux.key(pane, 'w');
    await tmux.waitFor(pane, has(`waiting for pid ${c.shell} to end`), 'the wait');
    await tmux.waitFor(pane, has('it ended: interrupted, not done · its output after the runner went away is not recorded'), 'the end of the wait', 20_000);
    expect(processesWith(marker)).toEqual([]);
    tmux.key(pane, 'f');
    await tmux.waitFor(pane, has('marked failed'), 'the step marked failed');
    tmux.key(pane, 'q');
    await tmux.waitFor(pane, has('Run paused'), 'the run paused');
    sample.stop();
    const events = readEvents(c.journal);
    expect(events.filter((e) => e.type === 'process.ended').map((e) => e.payload)).toEqual([{ step: 'nap', pid: c.shell, how: 'waited' }]);
    expect(events.filter((e) => e.type === 'step.marked').map((e) => e.payload)).toEqual([{ step: 'nap', status: 'failed', note: 'interrupted; marked failed by the operator' }]);
    expect(startedNap(c)).toHaveLength(1);
    expect(sample.most()).toBe(2);
    expect(sample.groups()).toEqual([c.shell]);
  });

  it('p marks it done with a note, as the operator decided; its process is left running', async () => {
    const marker = '30.7878';
    const c = await crashDuring(`sleep ${marker}; echo done`, marker, TERMINAL);
    const sample = sampleProcesses(marker);
    const { tmux, pane } = await resumeOnScreen(c);
    tmux.key(pane, 'p');
    await tmux.waitFor(pane, has('Done how? (a note for the record):'), 'the note prompt');
    tmux.type(pane, 'left to finish');
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('✔ marked done (its process was left running)'), 'the step marked done');
    tmux.key(pane, 'q');
    await tmux.waitFor(pane, has('Run paused'), 'the run paused');
    sample.stop();
    const marked = readEvents(c.journal).filter((e) => e.type === 'step.marked').map((e) => e.payload);
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ step: 'nap', status: 'done' });
    expect(marked[0]?.note).toMatch(new RegExp(`^left to finish · marked done by the operator: the runner that started it went away; still running since \\d\\d:\\d\\d:\\d\\d, pid ${c.shell} \\(process group\\) when marked done$`));
    expect(processesWith(marker)).toEqual(c.pids);
    expect(startedNap(c)).toHaveLength(1);
    expect(sample.most()).toBe(2);
    expect(sample.groups()).toEqual([c.shell]);
  });
});
