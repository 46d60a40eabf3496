// `runbook watch`: the same screen, read-only, following the journal live. Only moving
// around, the whole step (x), baselines, output and help apply; nothing pressed here
// reaches the run.

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useInput, type Key } from 'ink';
import type { DriverStatus, WatchedRun } from '../../controller';
import type { RunState } from '../../run/state';
import { actionFor, type Action } from '../key-bindings';
import { useClock } from '../hooks/use-clock';
import { usePosition } from '../hooks/use-position';
import { useTerminalSize } from '../hooks/use-terminal-size';
import { useRunState } from '../hooks/use-run-state';
import type { TranscriptLog } from '../components/transcript';
import { timeOfDay } from '../text';
import { keyContext } from './key-context';
import { shownOutput } from './shown-output';
import { RunScreen, stepOnScreen, type ReadOnly } from './run-screen';
import { openBaselines, panelAction, panelKey, screenReducer, type Panel, type ScreenAction, type ScreenState } from './screen-state';
import { movePhase, moveStep } from './places';
import { textToPage } from './full-text';
import type { Runbook } from '../../runbook/model';
import type { ScreenProbe } from '../screen-probe';

export type WatchExit = { kind: 'quit' } | { kind: 'pager'; step: string; screen: ScreenState; lines?: string[] };

export interface RunWatcherProps {
  run: Pick<WatchedRun, 'state' | 'subscribe' | 'runbook' | 'outputLines' | 'now' | 'driver'>;
  initial: ScreenState;
  transcript: TranscriptLog | null;
  splitPager: (step: string, lines?: string[]) => boolean;
  /** The bench's probe: which event each frame shows (bench/README.md). */
  probe?: ScreenProbe | undefined;
  onExit: (exit: WatchExit) => void;
}

function act(action: Action, args: { state: RunState; runbook: Runbook; screen: ScreenState; step: string | null; dispatch: (a: ScreenAction) => void; leave: (e: WatchExit) => void; splitPager: (step: string, lines?: string[]) => boolean }): void {
  const { state, screen, step, dispatch } = args;
  switch (action) {
    case 'prev-step':
    case 'next-step':
    case 'prev-phase':
    case 'next-phase': {
      const change = (action.endsWith('step') ? moveStep : movePhase)(state, args.runbook, screen.page, step, action.startsWith('prev') ? -1 : 1);
      if (change) dispatch(change);
      return;
    }
    case 'baselines':
      dispatch(openBaselines(state));
      return;
    case 'help':
      dispatch({ type: 'overlay', overlay: { kind: 'help' } });
      return;
    case 'expand':
    case 'collapse':
    case 'scroll-up':
    case 'scroll-down':
    case 'page-up':
    case 'page-down': {
      const change = panelAction(action, panelKey(screen, step));
      if (change) dispatch(change);
      return;
    }
    case 'pager': {
      const key = panelKey(screen, step);
      const lines = textToPage(args.runbook, state, screen, step);
      if (key && !args.splitPager(key, lines)) args.leave({ kind: 'pager', step: key, screen, ...(lines ? { lines } : {}) });
      return;
    }
    case 'quit':
    case 'interrupt':
      args.leave({ kind: 'quit' });
      return;
    default:
      // Everything else changes the run: never from here.
      return;
  }
}

/** "ana (ana@bastion-1, pid 4242) since 14:03:12": the lock's timestamp in local time, short. */
export function driverText(holder: string): string {
  return holder.replace(/ since (\d{4}-\d\d-\d\dT[\d:.]+Z?)$/, (_, iso: string) => ` since ${timeOfDay(iso)}`);
}

/** What the read-only lines above the screen say about the driver. */
export function readOnlyFor(driver: DriverStatus, lastOperator: string): ReadOnly {
  switch (driver.kind) {
    case 'driving':
      return { driver: driverText(driver.holder) };
    case 'gone':
      return { driver: driverText(driver.holder), gone: { at: timeOfDay(driver.at), resume: driver.resume } };
    case 'none':
      return { driver: `nobody right now (last: ${lastOperator})` };
    case 'unknown':
      return { driver: `unknown (${driver.problem})` };
    default: {
      const never: never = driver;
      return never;
    }
  }
}

export function RunWatcher({ run, initial, transcript, splitPager, probe, onExit }: RunWatcherProps) {
  const { runbook } = run;
  const state = useRunState(run);
  probe?.shows(state.lastSeq); // bench/README.md: which event the next frame shows (before commit: Ink draws in the commit)
  const [screen, dispatch] = useReducer(screenReducer, initial);
  const [leaving, setLeaving] = useState<WatchExit | null>(null);
  const now = useClock(useCallback(() => run.now(), [run]));
  const size = useTerminalSize();
  const { position } = usePosition(null, state, now, false);
  const [driver, setDriver] = useState(() => run.driver());
  transcript?.update(state);

  // Who drives can change (a resume elsewhere, a takeover, kill -9): the handle checks each second.
  useEffect(() => setDriver(run.driver()), [run, now, state]);
  useEffect(() => {
    if (leaving) onExit(leaving);
  }, [leaving, onExit]);

  const id = stepOnScreen(screen, position);
  const keys = keyContext({ state, runbook, screen, step: id, readOnly: true });
  const latest = useRef({ state, screen, id, keys });
  latest.current = { state, screen, id, keys };

  const onKey = useCallback(
    (input: string, key: Key) => {
      const now = latest.current;
      if (now.screen.overlay?.kind === 'help') return dispatch({ type: 'close-overlay' });
      if (now.screen.overlay) {
        if (key.ctrl && input === 'c') dispatch({ type: 'close-overlay' });
        return;
      }
      if (input.length > 1) return;
      const action = actionFor(input, key, now.keys);
      if (action) act(action, { state: now.state, runbook, screen: now.screen, step: now.id, dispatch, leave: (e) => setLeaving((c) => c ?? e), splitPager });
    },
    [splitPager],
  );
  useInput(onKey, { isActive: leaving === null });

  const output = useCallback(
    (step: string, n: number) => shownOutput(run, step, n),
    // Read again on each state change: the lines live in the journal.
    [run, state],
  );
  const noop = useCallback(() => undefined, []);
  const onCloseOverlay = useCallback(() => dispatch({ type: 'close-overlay' }), []);
  const onPanel = useCallback((panel: Panel) => dispatch({ type: 'panel', panel }), []);

  if (leaving) return null;
  return (
    <RunScreen
      state={state}
      runbook={runbook}
      now={now}
      size={size}
      screen={screen}
      position={position}
      keys={keys}
      output={output}
      readOnly={readOnlyFor(driver, state.operator)}
      transcript={transcript}
      widgetsActive
      onText={noop}
      onCancel={noop}
      onTake={noop}
      onOpenPlan={noop}
      onCloseOverlay={onCloseOverlay}
      onPanel={onPanel}
    />
  );
}
