// Running a shell step: stream its output to the journal (batched per frame) and the
// screen's tail, judge its expectation, and carry cwd/exports to the next step.

import type { Step } from '../runbook/model';
import { judgeOutput } from '../run/judge';
import type { RunningShell } from '../executors/types';
import { parseDuration } from '../runbook/annotations';
import type { StepContext, StepResult } from './step-context';
import { baseEnv, contextDelta, exportedSecrets, journaledContext, shellContext } from './environment';
import { OutputBuffer } from './output-buffer';
import { storeShellCapture } from './baselines';
import { frameCommit } from './recording';
import { commitPace } from './commit-pace';
import { recordProcess } from './outlived';
import { runsInTerminal } from '../runbook/interactive';

/** One journal commit per display frame while output streams. */
export const FRAME_MS = 100;

/** What an expectation is judged against: the whole output up to 1 MiB, else its first MiB and last lines. */
const JUDGED = { headChars: 1 << 20, tailLines: 200 };

export function okExitCodes(step: Step): number[] {
  const list = step.annotations['ok-exit'];
  if (!list) return [0];
  return list.split(',').map((s) => Number.parseInt(s.trim(), 10)).filter((n) => Number.isInteger(n));
}

export async function runShellStep(ctl: StepContext, step: Step, command: string, track: (h: RunningShell) => void): Promise<StepResult> {
  const inputs = ctl.inputValues();
  const base = baseEnv(ctl.base, inputs);
  const context = shellContext(ctl.base, ctl.state, inputs, ctl.liveContext);
  const buffer = new OutputBuffer(JUDGED);
  const journal = ctl.journal;
  const timeout = step.annotations.timeout ? parseDuration(step.annotations.timeout) : null;
  const pace = commitPace(frameCommit(ctl, step), () => journal.pendingOutputBytes);
  const frame = setInterval(pace.frame, FRAME_MS);
  let outcome;
  try {
    const handle = ctl.shell.run(
      {
        command,
        shell: ctl.shellName,
        context,
        okExit: okExitCodes(step),
        ...(timeout ? { timeoutMs: timeout } : {}),
        follow: step.annotations.follow === true,
        tty: runsInTerminal(step),
        // Its group and start time, committed before its output: a runner killed from here
        // on leaves a record resume tells the still-running group by.
        onStart: (pid) => recordProcess(ctl, step.id, pid, !runsInTerminal(step)),
      },
      (stream, chunk) => {
        journal.appendOutput(step.id, stream, chunk);
        pace.output();
        buffer.push(chunk);
        ctl.emitOutput(step.id, stream, chunk);
      },
    );
    track(handle);
    outcome = await handle.done;
  } finally {
    clearInterval(frame);
    journal.flushOutput(step.id);
  }
  const verdict = step.expectation && outcome.ok ? judgeOutput(step.expectation, buffer.text()) : null;
  const expectation = step.expectation ? { text: step.expectation.text, result: verdict ?? ('failed' as const) } : null;
  const status = outcome.ok && verdict !== 'failed' ? 'passed' : 'failed';
  const message = outcome.error ?? (outcome.timedOut ? 'timed out' : outcome.stopped && !outcome.ok ? 'stopped' : null);
  const carried = contextDelta(base, outcome.context);
  // A password a step exports goes on to the next step, never into the journal.
  for (const secret of exportedSecrets(carried)) ctl.addSecret(secret);
  ctl.liveContext = carried;
  ctl.append('step.finished', {
    step: step.id,
    status,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    durationMs: outcome.durationMs,
    ...(outcome.timedOut ? { timedOut: true } : {}),
    ...(outcome.stopped ? { stopped: true } : {}),
    ...(message ? { error: message } : {}),
    expectation,
    context: journaledContext(carried),
  });
  if (step.annotations.capture && outcome.ok) storeShellCapture(ctl, step, buffer.text());
  return { status, expectation: expectation?.result ?? null, exitCode: outcome.exitCode, message };
}
