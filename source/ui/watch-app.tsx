// The Ink front end of `runbook watch`: the run screen, read-only, following the journal.

import type { WatchedRun } from '../controller';
import { makeTheme } from './theme';
import { TranscriptLog } from './components/transcript';
import { RunWatcher, type WatchExit } from './screens/run-watcher';
import { initialScreen, screenReducer, type ScreenState } from './screens/screen-state';
import { mount, type Terminal } from './run-app';
import { openInTmuxSplit, runPager, writeOutputFile } from './pager';
import type { Paragraph } from '../wrap';

export interface WatchAppOptions {
  run: WatchedRun;
  env: Record<string, string | undefined>;
  terminal?: Terminal;
}

/** Follows the run until the watcher leaves: the exit code, and what to print after the screen. */
export async function watchApp(options: WatchAppOptions): Promise<{ code: number; lines: Paragraph[] }> {
  const terminal = options.terminal ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const { run, env } = options;
  const theme = makeTheme(env);
  const transcript = new TranscriptLog();
  const pagerFile = (step: string) => writeOutputFile(step, run.outputLines(step).lines);
  const splitPager = (step: string): boolean => {
    if (!env.TMUX) return false;
    const file = pagerFile(step);
    if (openInTmuxSplit(file, env)) return true;
    file.remove();
    return false;
  };
  // No tmux warning: a dropped connection stops nothing here.
  let screen: ScreenState = initialScreen({ warning: null, changes: false });
  for (;;) {
    const start = screen;
    const exit = await mount<WatchExit>(
      (leave) => <RunWatcher run={run} initial={start} transcript={transcript} splitPager={splitPager} onExit={leave} />,
      theme,
      terminal,
    );
    if (exit.kind === 'quit') {
      const { exitCode, lines } = run.leave();
      return { code: exitCode, lines };
    }
    const problem = await runPager(pagerFile(exit.step), env);
    screen = problem ? screenReducer(exit.screen, { type: 'message', message: { text: problem, tone: 'bad' } }) : exit.screen;
  }
}
