// The Ink front end of `runbook run` / `runbook resume`. Loaded lazily by commands/drive.ts,
// so `check` and `--help` never load React or Ink.
//
// The screen is unmounted whenever something else needs the terminal (a tty step, the
// pager): Ink then restores the terminal (raw mode off, cursor shown) and the command
// gets a clean tty; the screen is mounted again afterwards, where it left off.

import { render } from 'ink';
import type { ReactElement } from 'react';
import { cannotRecord, type RunHandle } from '../controller';
import { HANGUP, storeTie } from '../run/ending';
import { makeTheme, ThemeContext, type Theme } from './theme';
import { keyboard, letGoOfKeyboard } from './key-input';
import { TranscriptLog } from './components/transcript';
import { RunDriver, type Hangup } from './screens/run-driver';
import { finishedFrom } from './screens/run-intents';
import type { AsideExit, AsideTask, DriverExit, QuitExit } from './screens/intent-deps';
import { unrecordedExit } from './screens/unrecorded';
import { initialScreen, askJudgment, screenReducer, type ScreenState } from './screens/screen-state';
import { awaitsJudgment } from '../run/step-status';
import type { Pager } from './pager-port';
import { shownOutput } from './screens/shown-output';
import type { Editor } from './editor-port';
import type { ScreenProbe } from './screen-probe';
import { screenText } from './text';
import { wrapText } from '../wrap';

export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface RunAppOptions {
  env: Record<string, string | undefined>;
  hangup: Hangup;
  /** `o`: the step's output in a pager or a tmux split (the command provides it). */
  pager: Pager;
  /** `e` on a command of several lines: the operator's editor (the command provides it). */
  editor: Editor;
  /** The bench's probe, when it measures (bench/README.md). */
  probe?: ScreenProbe;
  terminal?: Terminal;
  /** What resume said before the screen (the runbook file is gone): shown again on it, where the operator looks. */
  notices?: string[];
}

export const NOT_IN_TMUX = '! Not inside tmux or screen: if this connection drops, a step can stop midway.';

/** Renders one screen until it asks to leave; the frame it leaves behind is empty. */
export async function mount<T>(element: (leave: (value: T) => void) => ReactElement, theme: Theme, terminal: Terminal, probe?: ScreenProbe): Promise<T> {
  let resolveLeave: (value: T) => void = () => undefined;
  const left = new Promise<T>((resolve) => (resolveLeave = resolve));
  // Raw before the first frame: Ink turns raw mode on only after the frame is drawn, and a
  // key pressed in between was echoed over the frame (tearing it) and its enter lost.
  const raw = terminal.stdin.isTTY === true && typeof terminal.stdin.setRawMode === 'function';
  if (raw) terminal.stdin.setRawMode(true);
  const instance = render(<ThemeContext.Provider value={theme}>{element((value) => resolveLeave(value))}</ThemeContext.Provider>, {
    ...terminal,
    stdin: keyboard(terminal.stdin),
    exitOnCtrlC: false,
    // At most 10 frames a second reach the terminal, however fast a step prints.
    maxFps: 10,
    // Ink's incremental mode misplaces a frame one line short of the terminal's height
    // (tried in tmux 3.3): the standard redraw, wrapped in synchronized output, is steady.
    incrementalRendering: false,
    ...(probe ? { onRender: () => probe.frame() } : {}), // bench/README.md: each frame as it is written
  });
  const value = await left;
  instance.unmount();
  await instance.waitUntilExit();
  if (raw) terminal.stdin.setRawMode(false);
  return value;
}

function defaultTerminal(): Terminal {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Runs the screen until the operator leaves: the exit code, and what to print after the screen. */
export async function runApp(ctl: RunHandle, options: RunAppOptions): Promise<QuitExit> {
  const terminal = options.terminal ?? defaultTerminal();
  const theme = makeTheme(options.env);
  const transcript = new TranscriptLog();
  // A resumed run shows its interrupted steps and the runbook's changes before anything runs.
  const changes = ctl.state.changedSteps.length > 0 || Object.values(ctl.state.steps).some((s) => s.status === 'interrupted');
  let screen = initialScreen({ warning: options.env.TMUX || options.env.STY ? null : NOT_IN_TMUX, changes, notices: options.notices ?? [] });
  const at = ctl.position();
  if (at.kind === 'step' && awaitsJudgment(ctl.state.steps[at.step])) screen = askJudgment(screen, at.step, ctl.step(at.step)?.expectation?.text ?? '');
  const splitPager = (step: string, lines?: string[]): boolean => options.pager.split(step, () => lines ?? shownOutput(ctl, step).lines);
  for (;;) {
    const start = screen;
    const exit = await mount<DriverExit>(
      (leave) => <RunDriver ctl={ctl} initial={start} transcript={transcript} hangup={options.hangup} splitPager={splitPager} probe={options.probe} onExit={leave} />,
      theme,
      terminal,
      options.probe,
    );
    const next = exit.kind === 'quit' ? { leave: exit } : await aside(ctl, exit, terminal, options);
    if ('back' in next) {
      screen = next.back;
      continue;
    }
    return next.leave;
  }
}

/** Steps aside for a tty step or the pager: the screen to come back to, or how to leave. */
async function aside(ctl: RunHandle, exit: AsideExit, terminal: Terminal, options: RunAppOptions): Promise<{ back: ScreenState } | { leave: QuitExit }> {
  // The other program reads the keys from here on, not us; the next screen again after.
  const takeBack = letGoOfKeyboard(terminal.stdin);
  try {
    const back = await stepAside(ctl, exit.task, exit.screen, terminal, options);
    if (!options.hangup.happened()) return { back };
    const { exitCode, lines } = ctl.leave(HANGUP);
    return { leave: { kind: 'quit', code: exitCode, lines } };
  } catch (error) {
    // The journal refused a write: stop as the screen does (unrecorded.ts), not crash.
    if (!cannotRecord(error)) throw error;
    return { leave: unrecordedExit(ctl.journalPath, error, storeTie(ctl.store?.status())) };
  } finally {
    takeBack();
  }
}

/**
 * The editor's text becomes the step's edit, byte for byte: the panel then shows it, enter
 * runs it, and the journal keeps it with the original. Nothing runs from here.
 */
async function edited(ctl: RunHandle, task: Extract<AsideTask, { kind: 'edit' }>, screen: ScreenState, editor: Editor): Promise<ScreenState> {
  const step = ctl.step(task.step);
  if (!step) return screen;
  const result = await editor.edit(step.id, task.text, step.kind === 'sql' ? 'sql' : 'shell');
  if ('problem' in result) return screenReducer(screen, { type: 'message', message: { text: result.problem, tone: 'bad' } });
  const original = step.command ?? step.sql ?? '';
  if (result.text !== original) return screenReducer(screen, { type: 'edited', step: step.id, command: result.text });
  if (!task.run) return screenReducer(screen, { type: 'unedited', step: step.id });
  // Asked for by enter (a placeholder) and left as it is, on purpose: enter now runs it as shown.
  const kept = screenReducer(screen, { type: 'edited', step: step.id, command: original });
  return screenReducer(kept, { type: 'message', message: { text: 'unchanged · enter runs it as shown', tone: 'info' } });
}

/** Gives the terminal to a tty step or the pager, and says what the screen shows after. */
async function stepAside(ctl: RunHandle, task: AsideTask, screen: ScreenState, terminal: Terminal, { pager, editor }: RunAppOptions): Promise<ScreenState> {
  switch (task.kind) {
    case 'tty': {
      const step = ctl.step(task.step);
      if (!step) return screen;
      // Outside the screen: the title spelled out (never obeyed), the line wrapped at spaces.
      const note = `── ${screenText(step.title)}: it has the terminal; the runbook screen comes back when it exits ──`;
      terminal.stdout.write(wrapText([note], terminal.stdout.columns || 80));
      let result;
      try {
        result = await ctl.run(step.id, { command: task.command });
      } catch (error) {
        if (cannotRecord(error)) throw error;
        result = { status: 'failed' as const, expectation: null, exitCode: null, message: error instanceof Error ? error.message : String(error) };
      }
      return screenReducer(screen, { type: 'finished', result: finishedFrom(step, result, ctl.state.rehearse) });
    }
    case 'pager': {
      const problem = await pager.page(task.step, task.lines ?? shownOutput(ctl, task.step).lines);
      return problem ? screenReducer(screen, { type: 'message', message: { text: problem, tone: 'bad' } }) : screen;
    }
    case 'edit':
      return edited(ctl, task, screen, editor);
    default: {
      const never: never = task;
      return never;
    }
  }
}
