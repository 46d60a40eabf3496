// A step whose process outlived the runner that started it (a `kill -9` of the runner
// leaves the step's process group running). Its group and start time are journaled when it
// starts; `resume` checks whether that very group still runs, and if so nothing starts the
// step again: the operator waits for it, stops it (TERM, then KILL) or marks it done —
// intents of the run handle (controller.ts), each journaled here.

import { isAlive, processRecord, stopGroup } from '../executors/process-group';
import type { RunEventMap, RunEventType } from '../run/events';
import type { RunState, StepState } from '../run/state';
import { describeOutlived, outlivedOf, STOP_GRACE_MS } from '../run/outlived';

/** What these need of the run: its state, and appending (and committing) an event. */
export interface OutlivedRun {
  readonly state: RunState;
  append<K extends RunEventType>(type: K, payload: RunEventMap[K]): void;
}

/**
 * Journals the process of a shell step just started (nothing where /proc cannot tell).
 * Called from inside the executor: a journal that refuses the write is not thrown there
 * (the step is running); the step's own end then stops the run, as any refused write does.
 */
export function recordProcess(run: OutlivedRun, step: string, pid: number, group: boolean): void {
  const record = processRecord(pid, group);
  if (!record) return;
  try {
    run.append('step.process', { step, ...record });
  } catch {
    // See above: told when the step's end cannot be recorded either.
  }
}

/** The recorded process of an outlived step still runs. */
function stillRuns(st: StepState): boolean {
  return st.process !== null && isAlive(st.process);
}

function ended(run: OutlivedRun, st: StepState, how: 'ended' | 'waited' | 'terminated' | 'killed'): void {
  const pid = st.process?.pid ?? 0;
  run.append('process.ended', { step: st.id, pid, how });
  const lost = 'its output after the runner went away is not recorded (it went to the runner that was gone)';
  const note = {
    ended: `ran on after the runner that started it went away (pid ${pid}) and ended on its own; ${lost}`,
    waited: `ran on after the runner that started it went away (pid ${pid}); waited for until it ended; ${lost}`,
    terminated: `ran on after the runner that started it went away (pid ${pid}); stopped by the operator (SIGTERM to its process group); ${lost}`,
    killed: `ran on after the runner that started it went away (pid ${pid}); stopped by the operator (SIGTERM, then SIGKILL to its process group); ${lost}`,
  }[how];
  run.append('note.added', { step: st.id, text: note });
}

/**
 * On resume, each step that was running when its runner went away is interrupted (never
 * done) — and outlived too, when the process group it started still runs. An outlived
 * step found gone at a later resume is settled as ended.
 */
export function settleUnfinished(run: OutlivedRun): void {
  for (const st of Object.values(run.state.steps)) {
    if (st.status === 'running') {
      run.append('step.interrupted', { step: st.id });
      if (stillRuns(st) && st.process) run.append('step.outlived', { step: st.id, pid: st.process.pid, group: st.process.group });
    } else if (st.outlived && !stillRuns(st)) {
      ended(run, st, 'ended');
    }
  }
}

/**
 * While the operator waits: true once the step no longer waits on its process (it ended,
 * which is journaled, or another answer settled it).
 */
export function outlivedEnded(run: OutlivedRun, step: string): boolean {
  const st = run.state.steps[step];
  if (!st?.outlived) return true;
  if (stillRuns(st)) return false;
  ended(run, st, 'waited');
  return true;
}

/** TERM to the process group, then KILL after STOP_GRACE_MS; journaled. */
export async function stopOutlived(run: OutlivedRun, step: string, graceMs = STOP_GRACE_MS): Promise<'terminated' | 'killed' | 'ended'> {
  const st = run.state.steps[step];
  if (!st?.outlived || !st.process) return 'ended';
  const how = await stopGroup(st.process, graceMs);
  const now = run.state.steps[step];
  // Settled meanwhile (it ended while being stopped, or another answer came first).
  if (!now?.outlived) return 'ended';
  ended(run, now, how === 'gone' ? 'ended' : how);
  return how === 'gone' ? 'ended' : how;
}

/** The operator's decision: the step is done, though its process may still run. */
export function markOutlivedDone(run: OutlivedRun, step: string, note?: string): void {
  const o = outlivedOf(run.state, step);
  const state = o ? `${describeOutlived(o)} when marked done` : 'marked done';
  const text = `${note ? `${note} · ` : ''}marked done by the operator: the runner that started it went away; ${state}`;
  run.append('step.marked', { step, status: 'done', note: text });
}
