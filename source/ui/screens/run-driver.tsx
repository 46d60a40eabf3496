// The run screen connected to a RunController: `runbook run` and `runbook resume`.
// Keys become intents (run-intents.ts); the view is RunScreen.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useInput, type Key } from 'ink';
import type { RunController } from '../../controller/controller';
import type { DecisionPath } from '../../run/decision-tree';
import { actionFor } from '../key-bindings';
import { useClock } from '../hooks/use-clock';
import { useLiveTail, type OutputSubscribe } from '../hooks/use-live-tail';
import { usePosition } from '../hooks/use-position';
import { useRunState } from '../hooks/use-run-state';
import { useTerminalSize } from '../hooks/use-terminal-size';
import { useLatestReducer } from '../hooks/use-latest-reducer';
import type { TranscriptLog } from '../components/transcript';
import { cleanLine } from '../../run/terminal-text';
import { keyContext } from './key-context';
import { RunScreen, stepOnScreen } from './run-screen';
import { perform, quit, type DriverExit, type IntentDeps } from './run-intents';
import { guarded } from './unrecorded';
import { cancel, submit, take } from './answer-intents';
import { screenReducer, type Panel, type ScreenState } from './screen-state';
import { benchMark } from '../../bench-hooks';

export interface Hangup {
  happened(): boolean;
  subscribe(listener: () => void): () => void;
}

export interface RunDriverProps {
  ctl: RunController;
  initial: ScreenState;
  transcript: TranscriptLog | null;
  hangup: Hangup;
  /** Opens a step's output in a tmux split; false when that is not possible here. */
  splitPager: (step: string) => boolean;
  onExit: (exit: DriverExit) => void;
}

export function RunDriver({ ctl, initial, transcript, hangup, splitPager, onExit }: RunDriverProps) {
  const state = useRunState(ctl.session);
  // The screen state is read at once by keys that arrive before the next frame.
  const [screen, dispatch, currentScreen] = useLatestReducer(screenReducer, () => initial);
  const [leaving, setLeaving] = useState<DriverExit | null>(null);
  const now = useClock(ctl.deps.now);
  const size = useTerminalSize();
  const settle = useCallback(() => ctl.position(), [ctl]);
  const position = usePosition(settle, state, now, screen.running !== null || leaving !== null);
  const subscribe = useCallback<OutputSubscribe>((listener) => ctl.onOutput(listener), [ctl]);
  const tail = useLiveTail(subscribe, screen.running?.step ?? null);
  transcript?.update(state);

  const id = stepOnScreen(screen, position);
  const keys = keyContext({ state, runbook: ctl.runbook, screen, step: id, readOnly: false });
  // Keys and intents read the latest screen and position, not the ones of the render
  // they were made in (keys can arrive before the next frame).
  const latest = useRef(position);
  latest.current = position;
  const deps = useMemo<IntentDeps>(
    () => ({
      ctl,
      screen: currentScreen,
      position: () => latest.current,
      dispatch,
      leave: (exit) => setLeaving((current) => current ?? exit),
      splitPager,
      hungUp: () => hangup.happened(),
    }),
    [ctl, hangup, splitPager, currentScreen, dispatch],
  );

  useEffect(() => {
    if (leaving) onExit(leaving);
  }, [leaving, onExit]);

  // A hangup while idle leaves at once; a running step finishes first (execute checks).
  useEffect(
    () =>
      hangup.subscribe(() => {
        if (!currentScreen().running) quit(deps, 'hangup');
      }),
    [hangup, deps, currentScreen],
  );

  const onKey = useCallback(
    (input: string, key: Key) => {
      benchMark('key', JSON.stringify(input)); // bench/README.md: key latency, when RUNBOOK_BENCH_LOG is set
      dispatch({ type: 'key' });
      const s = currentScreen();
      const ctrlC = key.ctrl && input === 'c';
      if (s.overlay?.kind === 'help') return dispatch({ type: 'close-overlay' });
      if (s.overlay?.kind === 'changes') {
        if (key.return || key.escape || ctrlC || input === ' ') dispatch({ type: 'close-overlay' });
        return;
      }
      // Widgets take their own keys; Ctrl-C still cancels them.
      if (s.prompt?.kind === 'text' || s.prompt?.kind === 'confirm') {
        if (ctrlC) guarded(deps, () => cancel(deps));
        return;
      }
      if (s.overlay) {
        if (ctrlC) dispatch({ type: 'close-overlay' });
        return;
      }
      // Several keys in one chunk (a paste, or keys faster than a frame) are not commands:
      // acting on them one by one against a screen that has not caught up could run a step.
      if (input.length > 1 && !key.return && !key.escape) return;
      const now = keyContext({ state: ctl.state, runbook: ctl.runbook, screen: s, step: stepOnScreen(s, latest.current), readOnly: false });
      const action = actionFor(input, key, now);
      if (action) guarded(deps, () => perform(deps, action));
    },
    [deps, ctl, currentScreen, dispatch],
  );
  useInput(onKey, { isActive: leaving === null });

  const output = useCallback(
    (step: string, n: number) => {
      if (screen.running?.step === step) return tail.view(n);
      const total = state.steps[step]?.outputLines ?? 0;
      // Only the latest attempt: the journal keeps every attempt's output.
      const lines = n > 0 && total > 0 ? ctl.session.journal.outputLines(step, { tail: Math.min(n, total) }).map((l) => cleanLine(l.text)) : [];
      return { lines, hidden: Math.max(0, total - lines.length) };
    },
    // tail is read as it is now on every render: it lives outside React state on purpose.
    [screen.running, tail, state, ctl],
  );

  const onText = useCallback(
    (value: string) => {
      const prompt = currentScreen().prompt;
      if (prompt) guarded(deps, () => submit(deps, prompt, value));
    },
    [deps, currentScreen],
  );
  const onCancel = useCallback(() => guarded(deps, () => cancel(deps)), [deps]);
  const onTake = useCallback((path: DecisionPath) => guarded(deps, () => take(deps, path)), [deps]);
  const onCloseOverlay = useCallback(() => dispatch({ type: 'close-overlay' }), [dispatch]);
  const onPanel = useCallback((panel: Panel) => dispatch({ type: 'panel', panel }), [dispatch]);

  if (leaving) return null;
  return (
    <RunScreen
      state={state}
      runbook={ctl.runbook}
      now={now}
      size={size}
      screen={screen}
      position={position}
      keys={keys}
      output={output}
      readOnly={null}
      transcript={transcript}
      widgetsActive
      onText={onText}
      onCancel={onCancel}
      onTake={onTake}
      onCloseOverlay={onCloseOverlay}
      onPanel={onPanel}
    />
  );
}
