// `--plain` at a step whose process outlived the runner that started it: nothing starts it
// again; the operator waits for it, stops it (TERM, then KILL) or marks it done.

import type { Step } from '../runbook/model';
import type { RunHandle } from '../controller';
import { describeOutlived, outlivedOf, STOP_GRACE_MS } from '../run/outlived';
import { ask, type LineReader } from './lines';
import { wrapText } from '../wrap';

/** What this needs of the runner's IO (runner.ts's PlainIO has it all). */
interface PlainIO {
  out: (text: string) => void;
  lines: LineReader;
  hungUp: () => boolean;
  echo: boolean;
  columns: () => number;
}

type Flow = 'next' | 'stop';

export const OUTLIVED_PROMPT = 'Still running: [w] wait · t stop (TERM, then KILL) · d mark done · q leave >';

/** Waits until the process is gone; a line `q` (or the end of input, Ctrl-C, a hangup) stops waiting. */
async function waitFor(ctl: RunHandle, io: PlainIO, step: Step): Promise<boolean> {
  let answer: Promise<string | null> = io.lines.next();
  for (;;) {
    if (ctl.outlivedEnded(step.id)) return true;
    if (io.hungUp()) return false;
    const line = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 250))]);
    if (line === undefined) continue;
    if (line === null || line.trim() === 'q') return false;
    // Any other line while waiting is not an answer to anything: keep waiting.
    answer = io.lines.next();
  }
}

/** Our own lines, wrapped at spaces to the terminal. */
const say = (io: PlainIO, text: string): void => io.out(wrapText([text], io.columns()));

const LOST = 'its output after the runner went away is not recorded: it went to the runner that was gone';

/** `then`: the interrupted step's own choices (re-run, skip, mark failed), once its process is gone. */
export async function outlivedStep(ctl: RunHandle, io: PlainIO, step: Step, then: () => Promise<Flow>): Promise<Flow> {
  const o = outlivedOf(ctl.state, step.id);
  if (!o) return then();
  say(io, `This step is ${describeOutlived(o).replace(/^still running/, 'STILL RUNNING')}: the runner that started it went away, the step did not. Nothing starts it again while it runs.`);
  for (;;) {
    const answer = await ask(io, OUTLIVED_PROMPT);
    if (answer === null || answer === 'q') return 'stop';
    if (answer === '' || answer === 'y' || answer === 'w') {
      say(io, `Waiting for pid ${o.pid} to end (q then enter stops waiting; the run stays resumable)…`);
      if (!(await waitFor(ctl, io, step))) return 'stop';
      say(io, `It ended: the step is interrupted, not done; ${LOST}.`);
      return then();
    }
    if (answer === 't') {
      say(io, `Stopping pid ${o.pid}${o.group ? "'s process group" : ''}: TERM, then KILL after ${STOP_GRACE_MS / 1000} s…`);
      const how = await ctl.stopOutlived(step.id);
      say(io, `${how === 'killed' ? 'Killed (it outlasted TERM)' : how === 'terminated' ? 'Stopped (TERM)' : 'It had ended'}: the step is interrupted, not done; ${LOST}.`);
      return then();
    }
    if (answer === 'd') {
      const note = await ask(io, 'Done how? (a note for the record; enter for none) >');
      if (note === null) return 'stop';
      ctl.markOutlivedDone(step.id, note.trim() || undefined);
      say(io, `Marked done (journaled as your decision); pid ${o.pid} was left running.`);
      return 'next';
    }
  }
}
