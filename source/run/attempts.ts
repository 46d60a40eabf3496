// Every attempt at running a step, from the journal's events: the one a kill -9 cut short
// as much as the re-run that passed after resume. The state keeps only the latest attempt;
// the evidence lists them all.

import type { RunEvent } from './events';

export type AttemptState = 'running' | 'passed' | 'failed' | 'done' | 'interrupted';

export interface Attempt {
  /** 1-based, as journaled. */
  number: number;
  state: AttemptState;
  startedAt: string;
  /** When it finished, or when the run found it interrupted (at resume); null while running. */
  endedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  /** "timed out", "stopped by the operator", "its process outlived the runner", a note. */
  notes: string[];
  /** The text it ran, as journaled (absent from journals before it was always recorded). */
  command: string | null;
  /** Output lines it wrote, and the journal's output chunks that hold them. */
  outputLines: number;
  chunks: { first: number; last: number } | null;
}

/** What became of an attempt's process that outlived its runner. */
const PROCESS_ENDED: Record<Extract<RunEvent, { type: 'process.ended' }>['payload']['how'], string> = {
  ended: 'its process ended on its own',
  waited: 'the operator waited for its process to end',
  terminated: 'the operator stopped its process',
  killed: 'the operator killed its process',
};

function open(e: Extract<RunEvent, { type: 'step.started' }>): Attempt {
  return {
    number: e.payload.attempt,
    state: 'running',
    startedAt: e.at,
    endedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
    error: null,
    notes: [],
    command: e.payload.command ?? null,
    outputLines: 0,
    chunks: null,
  };
}

function finish(a: Attempt, e: Extract<RunEvent, { type: 'step.finished' }>): void {
  const p = e.payload;
  a.state = p.status;
  a.endedAt = e.at;
  a.durationMs = p.durationMs;
  a.exitCode = p.exitCode;
  a.signal = p.signal;
  a.error = p.error ?? null;
  if (p.timedOut) a.notes.push('timed out');
  if (p.stopped) a.notes.push('stopped by the operator');
  if (p.note) a.notes.push(p.note);
}

/**
 * Each step's attempts, oldest first. `live`: a driver holds the run now, so an attempt
 * still open is running; otherwise its process went away and it is interrupted.
 */
export function stepAttempts(events: RunEvent[], live = false): Map<string, Attempt[]> {
  const all = new Map<string, Attempt[]>();
  const latest = (step: string) => all.get(step)?.at(-1);
  for (const e of events) {
    switch (e.type) {
      case 'step.started':
        all.set(e.payload.step, [...(all.get(e.payload.step) ?? []), open(e)]);
        break;
      case 'step.finished': {
        const a = latest(e.payload.step);
        if (a?.state === 'running') finish(a, e);
        break;
      }
      case 'step.interrupted': {
        const a = latest(e.payload.step);
        if (a?.state === 'running') Object.assign(a, { state: 'interrupted', endedAt: e.at });
        break;
      }
      case 'step.outlived': {
        const a = latest(e.payload.step);
        if (a) a.notes.push(`its process (pid ${e.payload.pid}) outlived the runner`);
        break;
      }
      case 'process.ended': {
        const a = all.get(e.payload.step)?.findLast((x) => x.state === 'interrupted');
        if (a) a.notes.push(PROCESS_ENDED[e.payload.how]);
        break;
      }
            case 'output': {
        const a = latest(e.payload.step);
        if (!a) break;
        a.outputLines += e.payload.lines;
        a.chunks = { first: a.chunks?.first ?? e.payload.first, last: e.payload.last };
        break;
      }
      default:
        break;
    }
  }
  if (!live) {
    for (const attempts of all.values()) {
      const a = attempts.at(-1);
      if (a?.state === 'running') a.state = 'interrupted';
    }
  }
  return all;
}
