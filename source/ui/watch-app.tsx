// The Ink front end of `runbook watch`: the run screen, read-only, following the journal.

import type { WatchedRun } from '../controller';
import { makeTheme } from './theme';
import { TranscriptLog } from './components/transcript';
import { RunWatcher, type WatchExit } from './screens/run-watcher';
import { initialScreen, screenReducer, type ScreenState } from './screens/screen-state';
import { mount, type Terminal } from './run-app';
import type { Pager } from './pager-port';
import { shownOutput } from './screens/shown-output';
import type { ScreenProbe } from './screen-probe';
import type { Paragraph } from '../wrap';

export interface WatchAppOptions {
  run: WatchedRun;
  env: Record<string, string | undefined>;
  /** `o`: the step's output in a pager or a tmux split (the command provides it). */
  pager: Pager;
  /** The bench's probe, when it measures (bench/README.md). */
  probe?: ScreenProbe;
  /** Said above the screen until the first key (the store could not be read: this host's journal is followed). */
  warning?: string | null;
  terminal?: Terminal;
}

/** Follows the run until the watcher leaves: the exit code, and what to print after the screen. */
export async function watchApp(options: WatchAppOptions): Promise<{ code: number; lines: Paragraph[] }> {
  const terminal = options.terminal ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const { run, pager, probe } = options;
  const theme = makeTheme(options.env);
  const transcript = new TranscriptLog();
  const splitPager = (step: string, lines?: string[]): boolean => pager.split(step, () => lines ?? shownOutput(run, step).lines);
  // No tmux warning: a dropped connection stops nothing here. A store that could not be read is said.
  let screen: ScreenState = initialScreen({ warning: options.warning ?? null, changes: false });
  for (;;) {
    const start = screen;
    const exit = await mount<WatchExit>(
      (leave) => <RunWatcher run={run} initial={start} transcript={transcript} splitPager={splitPager} probe={probe} onExit={leave} />,
      theme,
      terminal,
      probe,
    );
    if (exit.kind === 'quit') {
      const { exitCode, lines } = run.leave();
      return { code: exitCode, lines };
    }
    const problem = await pager.page(exit.step, exit.lines ?? shownOutput(run, exit.step).lines);
    screen = problem ? screenReducer(exit.screen, { type: 'message', message: { text: problem, tone: 'bad' } }) : exit.screen;
  }
}
