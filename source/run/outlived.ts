// A step whose process outlived the runner that started it, as the run's state tells it:
// which process, since when, in the operator's words. Pure (controller/outlived.ts acts on it).

import type { RunState } from './state';

/** Between TERM and KILL when the operator stops an outlived step's process group. */
export const STOP_GRACE_MS = 3000;

export interface Outlived {
  pid: number;
  group: boolean;
  /** When the step started (the journal's time of its start). */
  since: string;
}

/** The step's outlived process, or null when the step is not waiting on one. */
export function outlivedOf(state: RunState, step: string): Outlived | null {
  const st = state.steps[step];
  if (!st?.outlived || !st.process) return null;
  return { pid: st.process.pid, group: st.process.group, since: st.startedAt ?? '' };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "still running since 12:04:07, pid 4242 (process group)": the time as the operator's clock reads. */
export function describeOutlived(o: Outlived): string {
  const at = new Date(o.since);
  const time = Number.isNaN(at.getTime()) ? 'since before the runner went away' : `since ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `still running ${time}, pid ${o.pid}${o.group ? ' (process group)' : ''}`;
}
