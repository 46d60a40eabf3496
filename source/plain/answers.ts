// `--plain`: a skip and its reason, and an input's value (with the condition written
// beside its blank) — the same answers as the screen's, line by line.

import type { Step } from '../runbook/model';
import type { RunHandle } from '../controller';
import { ask, type LineReader } from './lines';
import { visible } from '../run/terminal-text';
import { conditionalSkip, skipReason } from '../run/step-status';

/** What this needs of the runner's IO (runner.ts's PlainIO has it all). */
interface PlainIO {
  out: (text: string) => void;
  lines: LineReader;
  echo: boolean;
  readSecret?: () => Promise<string | null>;
}

type Flow = 'next' | 'stop';

/** `s`: the next line is the reason, journaled with the skip; an empty one is refused (asked again). */
export async function skipWithReason(ctl: RunHandle, io: PlainIO, step: Step): Promise<Flow> {
  const conditional = conditionalSkip(step);
  if (conditional) {
    ctl.skip(step.id, conditional);
    return 'next';
  }
  for (;;) {
    const answer = await ask(io, 'Reason for skipping >');
    if (answer === null || answer === 'q') return 'stop';
    const reason = skipReason(step, answer);
    if (reason !== null) {
      ctl.skip(step.id, reason);
      return 'next';
    }
    io.out('A reason is needed for the record (q stops).\n');
  }
}

/**
 * An input: the value, the default on an empty line, `s` skips. Returns `failed` when the
 * value met the condition written beside the blank (`STOP if > 0`): the step failed, and
 * the runner offers the decision tree as after any failed step.
 */
export async function inputStep(ctl: RunHandle, io: PlainIO, step: Step): Promise<Flow | { failed: string }> {
  const spec = step.input;
  if (spec?.stop) io.out(`Checked: ${visible(spec.stop.text)}\n`);
  for (;;) {
    const hint = spec?.default ? ` [${spec.default}]` : '';
    const prompt = `${spec?.prompt ?? step.title}${hint}${spec?.secret ? ' (secret, not shown)' : ''} >`;
    const answer = spec?.secret && io.readSecret ? (io.out(`${prompt} `), await io.readSecret()) : await ask(io, prompt);
    if (answer === null || answer === 'q') return 'stop';
    if (answer === 's') return skipWithReason(ctl, io, step);
    const value = answer === '' ? spec?.default : answer;
    if (value === undefined) continue;
    const problem = ctl.giveInput(step.id, value);
    if (problem) {
      io.out(`${problem}\n`);
      continue;
    }
    const st = ctl.state.steps[step.id];
    if (st?.status === 'failed') return { failed: st.error ?? 'the value meets its STOP condition' };
    return 'next';
  }
}
