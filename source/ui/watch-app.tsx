// The Ink front end of `runbook watch`: the run screen, read-only, following the journal.

import type { Runbook } from '../runbook/model';
import type { RunState } from '../run/state';
import { makeTheme } from './theme';
import { TranscriptLog } from './components/transcript';
import { RunWatcher, type WatchExit } from './screens/run-watcher';
import { initialScreen, screenReducer, type ScreenState } from './screens/screen-state';
import { mount, type Terminal } from './run-app';
import { openInTmuxSplit, runPager, writeOutputFile } from './pager';
import { watchedRun, type WatchFeed } from './watched-run';
import { whole, type Paragraph } from '../wrap';

export interface WatchAppOptions {
  feed: WatchFeed;
  runbook: Runbook;
  /** The run as replayed when watching began. */
  state: RunState;
  env: Record<string, string | undefined>;
  terminal?: Terminal;
}

/** Follows the run until the watcher leaves: the exit code, and what to print after the screen. */
export async function watchApp(options: WatchAppOptions): Promise<{ code: number; lines: Paragraph[] }> {
  const terminal = options.terminal ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const { feed, env } = options;
  const theme = makeTheme(env);
  const transcript = new TranscriptLog();
  const source = watchedRun(feed, options.state);
  const pagerFile = (step: string) => writeOutputFile(step, feed.outputLines(step));
  const splitPager = (step: string): boolean => {
    if (!env.TMUX) return false;
    const file = pagerFile(step);
    if (openInTmuxSplit(file, env)) return true;
    file.remove();
    return false;
  };
  // No tmux warning: a dropped connection stops nothing here.
  let screen: ScreenState = initialScreen({ warning: null, changes: false });
  try {
    for (;;) {
      const start = screen;
      const exit = await mount<WatchExit>(
        (leave) => <RunWatcher feed={feed} runbook={options.runbook} source={source} initial={start} transcript={transcript} splitPager={splitPager} onExit={leave} />,
        theme,
        terminal,
      );
      if (exit.kind === 'quit') return { code: 0, lines: [['Stopped watching. The run goes on; see it with:', whole(`runbook show ${feed.path}`)]] };
      const problem = await runPager(pagerFile(exit.step), env);
      screen = problem ? screenReducer(exit.screen, { type: 'message', message: { text: problem, tone: 'bad' } }) : exit.screen;
    }
  } finally {
    source.stop();
  }
}
