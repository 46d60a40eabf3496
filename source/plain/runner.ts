// `--plain`: the line-oriented runner. No Ink; step output printed as it comes; one prompt
// per decision, answered line by line on stdin as PRODUCT.md §2's table says.

import type { Step } from '../runbook/model';
import { textAround } from '../runbook/text-around';
import { authorLines } from './author';
import { cannotRecord, takenOver, type RunHandle, type StepResult } from '../controller';
import { choose, startTree, treeFor, findTree, type DecisionPath, type TreeCursor } from '../run/decision-tree';
import { walkIndex } from '../run/navigation';
import { answeredBefore, answerLine, planFinishedLine, plansLeft } from '../run/plans';
import { goingOn, HANGUP, storeTie } from '../run/ending';
import { ask, type LineReader } from './lines';
import { describeStep, HIDDEN_NOTE, mark, summaryLines } from './format';
import { hasHidden } from '../run/terminal-text';
import { wrapText, type Paragraph } from '../wrap';
import { outlivedStep } from './outlived';
import { inputStep, skipWithReason } from './answers';
import { confirmationAsk } from '../run/confirmation';
import { heldSecret } from '../run/held-secret';
import { storeStatusText } from '../run/store-status';
import { runsInTerminal } from '../runbook/interactive';
import { awaitsJudgment, stillToDo } from '../run/step-status';
import { outcomeWord, UNJUDGED } from '../run/status-mark';

export interface PlainIO {
  out: (text: string) => void;
  lines: LineReader;
  /** Set by SIGHUP: finish the running step, record it, leave the run resumable. */
  hungUp: () => boolean;
  /** Answers from a pipe are not echoed by a terminal: print them so the transcript reads. */
  echo: boolean;
  /** A secret's value, typed unseen on a terminal. */
  readSecret?: () => Promise<string | null>;
  /** The terminal's width now: the run's end lines are wrapped to it. */
  columns: () => number;
  /** Runs a step (the driver may write its output without waiting for the terminal, unless the step has the terminal itself). */
  whileRunning?: <T>(inTerminal: boolean, step: () => Promise<T>) => Promise<T>;
}

type Flow = 'next' | 'stop';

/** The terminal as one walk writes it. */
interface Walk extends PlainIO {
  /** The step's output ended without a newline: the next line of ours starts on a fresh one. */
  openLine: boolean;
  /** The team store's words last printed (the screen's header shows them). */
  storeNote: string | null;
}

function freshLine(io: Walk): void {
  if (io.openLine) io.out('\n');
  io.openLine = false;
}

export async function runPlain(ctl: RunHandle, terminal: PlainIO): Promise<number> {
  const io: Walk = { ...terminal, openLine: false, storeNote: null };
  const off = ctl.onOutput((_step, _stream, chunk) => {
    if (chunk) io.out(chunk);
    io.openLine = chunk ? !chunk.endsWith('\n') : io.openLine;
  });
  try {
    let before = ctl.state;
    let shownText: string | null = null;
    for (;;) {
      if (io.hungUp()) return leave(ctl, io, HANGUP);
      const at = ctl.position();
      // A plan just finished and left: the same line the screen shows.
      for (const plan of plansLeft(before, ctl.state)) say(io, ['', planFinishedLine(ctl.state, ctl.runbook, plan, at)]);
      before = ctl.state;
      if (at.kind === 'done') return leave(ctl, io, 'done');
      if (at.kind === 'waiting') {
        io.out(`\nEvery step is done; scheduled checks are ahead:\n`);
        for (const d of at.due) io.out(`  ${d.dueAt}  ${ctl.step(d.step)?.title ?? d.step}\n`);
        return leave(ctl, io, 'monitoring');
      }
      const step = ctl.step(at.step);
      if (!step) {
        // The operator accepted a file without it: said where the step stood, never skipped unseen.
        ctl.skip(at.step, 'the runbook no longer has this step');
        say(io, ['', `${mark('skipped')} ${at.step}: skipped, the runbook file no longer has this step`]);
        continue;
      }
      // The author's words that lead to the step ("2. As root, run the upgrade:"), once; and
      // after the last step of a phase, what follows it, once the step is done.
      const around = textAround(ctl.runbook, step.id);
      if (shownText !== step.id && around.before.length > 0) io.out(`\n${authorLines(around.before, io.columns())}`);
      shownText = step.id;
      const flow = await walkStep(ctl, io, step);
      if (flow === 'stop') return leave(ctl, io, io.hungUp() ? HANGUP : 'stopped by operator');
      if (around.after.length > 0 && !stillToDo(ctl.state.steps[step.id])) io.out(`\n${authorLines(around.after, io.columns())}`);
    }
  } catch (error) {
    if (cannotRecord(error) && !takenOver(error)) {
      freshLine(io);
      say(io, [
        '',
        goingOn(
          '✘ The journal cannot be written, so the run stops here: runbook runs nothing it cannot record. What is recorded is intact',
          '. Make room (or make its directory writable), then:',
          ctl.journalPath,
          storeTie(ctl.store?.status()),
        ),
      ]);
    }
    throw error;
  } finally {
    off();
  }
}

/**
 * Leaves the run as the controller's policy says (run/ending.ts), the same as the screen:
 * the summary first when the run is completed, then the lines every front end prints.
 */
function leave(ctl: RunHandle, io: Walk, reason: string): number {
  const { exitCode, lines } = ctl.leave(reason);
  if (ctl.state.lifecycle === 'completed') say(io, [...summaryLines(ctl.state), ...lines]);
  else say(io, reason === 'monitoring' ? lines : ['', ...lines]);
  return exitCode;
}

/** Lines of ours, as opposed to a step's output: wrapped to the terminal. */
function say(io: PlainIO, paragraphs: Paragraph[]): void {
  io.out(wrapText(paragraphs, io.columns()));
}

/** The team store's words, before a step, when they changed: what the screen's header says. */
function storeLine(ctl: RunHandle, io: Walk): void {
  const note = storeStatusText(ctl.store?.status());
  if (note === io.storeNote) return;
  if (note !== null) io.out(`\n! ${note}\n`);
  else io.out('\nstore: publishing again\n');
  io.storeNote = note;
}

async function walkStep(ctl: RunHandle, io: Walk, step: Step): Promise<Flow> {
  const { index, total } = walkIndex(ctl.state, step.id);
  storeLine(ctl, io);
  const st = ctl.state.steps[step.id];
  io.out(`\n${describeStep(step, index, total, st ? outcomeWord(st) : 'pending', io.columns())}`);
  switch (step.kind) {
    case 'shell':
    case 'sql':
      if (ctl.state.steps[step.id]?.outlived) return outlivedStep(ctl, io, step, () => interruptedStep(ctl, io, step));
      if (awaitsJudgment(ctl.state.steps[step.id])) return unjudgedStep(ctl, io, step);
      return ctl.state.steps[step.id]?.status === 'interrupted' ? interruptedStep(ctl, io, step) : runnableStep(ctl, io, step);
    case 'manual':
      return manualStep(ctl, io, step);
    case 'input': {
      const answered = await inputStep(ctl, io, step);
      if (typeof answered === 'string') return answered;
      io.out(`${mark('failed')} failed · ${answered.failed}\n`);
      return afterFailure(ctl, io, step, answered.failed);
    }
    case 'signoff':
      return signOffStep(ctl, io, step);
    case 'decision':
      return decisionStep(ctl, io, step, null);
    default: {
      const never: never = step.kind;
      throw new Error(`unknown step kind ${String(never)}`);
    }
  }
}

/** It ran, and the operator left at the question of its expectation: asked again, with what it printed last. */
async function unjudgedStep(ctl: RunHandle, io: Walk, step: Step): Promise<Flow> {
  io.out('This step ran; whether its output meets the expectation is still yours to say.\n');
  for (const line of ctl.outputLines(step.id, 10).lines) io.out(`  | ${line}\n`);
  io.out(`Expected: ${step.expectation?.text ?? ''}\n`);
  const flow = await judge(ctl, io, step, 'Does the output meet the expectation? [y] pass · n fail · s skip · text = note · q stop >');
  if (flow === 'stop' || ctl.state.steps[step.id]?.status !== 'failed') return flow;
  return afterFailure(ctl, io, step, null);
}

async function interruptedStep(ctl: RunHandle, io: Walk, step: Step): Promise<Flow> {
  io.out(`This step was running when the run stopped: it is INTERRUPTED, not done.\n`);
  for (const line of ctl.outputLines(step.id, 10).lines) io.out(`  | ${line}\n`);
  for (;;) {
    const answer = await ask(io, 'Interrupted: [y] re-run · s skip · n mark failed · q stop >');
    if (answer === null || answer === 'q') return 'stop';
    if (answer === '' || answer === 'y') return runnableStep(ctl, io, step, true);
    if (answer === 's') return skipWithReason(ctl, io, step);
    if (answer === 'n') {
      ctl.mark(step.id, 'failed', 'interrupted; marked failed by the operator');
      return 'next';
    }
  }
}

async function runnableStep(ctl: RunHandle, io: Walk, step: Step, rerun = false): Promise<Flow> {
  let command = step.command ?? step.sql ?? '';
  const placeholders = ctl.placeholders(step);
  if (placeholders.length > 0) io.out(`! The command still holds ${placeholders.join(', ')}: press e to edit it before it runs.\n`);
  for (;;) {
    const answer = rerun ? 'y' : await ask(io, ctl.state.rehearse ? 'Rehearse (nothing runs): [y] rehearse · s skip · e edit · q stop >' : 'Run: [y] run · s skip · e edit · q stop >');
    rerun = false;
    if (answer === null || answer === 'q') return 'stop';
    if (answer === 's') return skipWithReason(ctl, io, step);
    if (answer === 'e') {
      const edited = await ask(io, 'New command (one line) >');
      if (edited === null) return 'stop';
      if (edited.trim()) command = edited;
      io.out(`Will run: ${command}\n${hasHidden(command) ? `${HIDDEN_NOTE}\n` : ''}`);
      continue;
    }
    if (answer !== '' && answer !== 'y') continue;
    const held = ctl.state.rehearse ? null : heldSecret(step, command);
    if (held !== null) {
      io.out(`! Not run: ${held}.\n`);
      continue;
    }
    // Asked in a rehearsal too (practice: nothing runs), so the real run's word is no surprise.
    const confirm = ctl.confirmation(step, command);
    if (confirm) {
      const typed = await ask(io, `DESTRUCTIVE (${confirm.reasons.join(', ') || 'marked'}). ${confirmationAsk(confirm)} >`);
      if (typed === null || typed === 'q') return 'stop';
      if (typed !== confirm.word) {
        ctl.skip(step.id, typed === 's' ? 'skipped at the typed confirmation' : 'typed confirmation declined');
        io.out('Not confirmed: the step is skipped.\n');
        return 'next';
      }
    }
    const result = await running(io, step, () => ctl.run(step.id, { command, ...(confirm ? { confirmed: confirm.word } : {}) }));
    freshLine(io);
    io.out(`${resultLine(result)}\n`);
    return afterRun(ctl, io, step, result);
  }
}

function running(io: Walk, step: Step, run: () => Promise<StepResult>): Promise<StepResult> {
  return io.whileRunning ? io.whileRunning(runsInTerminal(step), run) : run();
}

function resultLine(result: StepResult): string {
  const exit = result.exitCode === null ? '' : ` (exit ${result.exitCode})`;
  const message = result.message ? ` · ${result.message}` : '';
  // Not a pass yet: the operator's judgment comes next (afterRun asks it).
  if (result.expectation === 'manual' && result.status !== 'failed') return `? ran${exit} · ${UNJUDGED}: the expectation is yours to judge${message}`;
  const expectation = result.expectation ? ` · expectation ${result.expectation}` : '';
  return `${mark(result.status)} ${result.status}${exit}${expectation}${message}`;
}

async function afterRun(ctl: RunHandle, io: Walk, step: Step, result: StepResult): Promise<Flow> {
  if (io.hungUp()) return 'stop';
  if (result.expectation === 'manual' && result.status !== 'failed') {
    io.out(`Expected: ${result.judge ?? step.expectation?.text ?? ''}\n`);
    const flow = await judge(ctl, io, step, 'Does the output meet the expectation? [y] pass · n fail · s skip · text = note · q stop >');
    if (flow === 'stop' || ctl.state.steps[step.id]?.status !== 'failed') return flow;
  } else if (result.status !== 'failed') {
    return 'next';
  }
  return afterFailure(ctl, io, step, result.message);
}

/** After a failed step (or an input whose value met its STOP condition): go on, or the decision tree. */
async function afterFailure(ctl: RunHandle, io: Walk, step: Step, message: string | null): Promise<Flow> {
  for (;;) {
    const answer = await ask(io, 'Step failed: [y] continue · n decision tree · q stop >');
    if (answer === null || answer === 'q') return 'stop';
    if (answer === '' || answer === 'y') return 'next';
    if (answer === 'n') return decisionStep(ctl, io, null, `step ${step.id} failed${message ? `: ${message}` : ''}`);
  }
}

/**
 * Pass / fail / skip / note, for manual checks and prose expectations. `extra` takes an
 * answer first (a manual check's `r`) and says whether it handled it.
 */
async function judge(ctl: RunHandle, io: Walk, step: Step, prompt: string, extra?: (answer: string) => Promise<boolean>): Promise<Flow> {
  for (;;) {
    const answer = await ask(io, prompt);
    if (answer === null || answer === 'q') return 'stop';
    if (extra && (await extra(answer))) continue;
    if (answer === '' || answer === 'y') ctl.mark(step.id, 'passed');
    else if (answer === 'n') ctl.mark(step.id, 'failed');
    else if (answer === 's') return skipWithReason(ctl, io, step);
    else {
      ctl.note(step.id, answer);
      io.out('Noted.\n');
      continue;
    }
    return 'next';
  }
}

async function manualStep(ctl: RunHandle, io: Walk, step: Step): Promise<Flow> {
  const offered = step.offeredCommand;
  if (offered) io.out(`Offers: ${offered}  (r runs it)\n${hasHidden(offered) ? `${HIDDEN_NOTE}\n` : ''}`);
  const runOffered = async (answer: string): Promise<boolean> => {
    if (answer !== 'r' || !offered || ctl.state.rehearse) return false;
    const result = await running(io, step, () => ctl.run(step.id, { command: offered }));
    freshLine(io);
    io.out(`${resultLine(result)}\n`);
    return true;
  };
  return judge(ctl, io, step, `Check: [y] pass · n fail · s skip${offered ? ' · r run' : ''} · text = note · q stop >`, runOffered);
}

async function signOffStep(ctl: RunHandle, io: Walk, step: Step): Promise<Flow> {
  const operator = ctl.state.operator;
  const answer = await ask(io, `Sign off as ${step.role ?? step.title}: [y] sign as ${operator} · name = sign under that name · n refuse · s skip · q stop >`);
  if (answer === null || answer === 'q') return 'stop';
  if (answer === 's') return skipWithReason(ctl, io, step);
  if (answer === 'n') ctl.refuseSignOff(step.id, operator);
  else {
    const note = await ctl.signOff(step.id, answer === '' || answer === 'y' ? operator : answer);
    io.out(note ? `Signed (${note}).\n` : 'Signed with SSH key.\n');
  }
  return 'next';
}

/** Walks a decision tree; `reason` is set when opened after a failed step. */
async function decisionStep(ctl: RunHandle, io: Walk, step: Step | null, reason: string | null): Promise<Flow> {
  const root = step?.decision ? findTree(ctl.runbook, step.decision) : treeFor(ctl.runbook, null);
  if (!root) {
    io.out('This runbook has no decision tree.\n');
    if (step) ctl.mark(step.id, 'done', 'no decision tree');
    return 'next';
  }
  let cursor: TreeCursor = startTree(root.id);
  // Asked again (after a plan the tree led to): the earlier answers first.
  for (const d of answeredBefore(ctl.state, root.id)) io.out(`\n${answerLine(d)}\n`);
  for (;;) {
    const tree = findTree(ctl.runbook, cursor.at);
    if (!tree) return 'next';
    io.out(`\n? ${tree.question}\n`);
    tree.answers.forEach((a, i) => io.out(`  ${i + 1}. ${a.label}${a.leadsTo.kind === 'question' ? '' : `  → ${a.leadsTo.title}`}\n`));
    const answer = await ask(io, 'Answer: [y] first · number or label · q stop >');
    if (answer === null || answer === 'q') return 'stop';
    const index = answer === '' || answer === 'y' ? 0 : /^\d+$/.test(answer) ? Number(answer) - 1 : tree.answers.findIndex((a) => a.label.toLowerCase() === answer.toLowerCase());
    const chosen = choose(ctl.runbook, cursor, index);
    if (!chosen) continue;
    if ('cursor' in chosen) {
      cursor = chosen.cursor;
      continue;
    }
    return takePath(ctl, io, chosen.path, reason ?? `answered at step ${step?.id ?? '?'}`, step?.id ?? null);
  }
}

function takePath(ctl: RunHandle, io: Walk, path: DecisionPath, reason: string, fromStep: string | null): Flow {
  ctl.decide(path, reason, fromStep);
  const leaf = path.leadsTo;
  io.out(leaf.kind === 'plan' ? `→ Entering ${leaf.title}\n` : `→ ${leaf.title}\n`);
  return 'next';
}
