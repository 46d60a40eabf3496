// The run screen connected to a run's handle: `runbook run` and `runbook resume`.
// Keys become intents (run-intents.ts); the view is RunScreen.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useInput, type Key } from 'ink';
import type { RunHandle } from '../../controller';
import type { DecisionPath } from '../../run/decision-tree';
import type { Position } from '../../run/navigation';
import { HANGUP } from '../../run/ending';
import { actionFor } from '../key-bindings';
import { useClock } from '../hooks/use-clock';
import { useLiveOutput, type OutputSubscribe } from '../hooks/use-live-output';
import { usePosition } from '../hooks/use-position';
import { useRunState } from '../hooks/use-run-state';
import { useStoreNote } from '../hooks/use-store-note';
import { useTerminalSize } from '../hooks/use-terminal-size';
import { useLatestReducer } from '../hooks/use-latest-reducer';
import type { TranscriptLog } from '../components/transcript';
import { keyContext } from './key-context';
import { shownOutput } from './shown-output';
import { RunScreen, stepOnScreen } from './run-screen';
import { perform, quit } from './run-intents';
import type { DriverExit, IntentDeps } from './intent-deps';
import { guarded } from './unrecorded';
import { cancel, openPlan, submit, take } from './answer-intents';
import { screenReducer, type Panel, type ScreenState } from './screen-state';
import type { ScreenProbe } from '../screen-probe';
import { KeyRelay, KeyRelayContext } from '../hooks/use-widget-input';
import { openWidget } from './open-widget';

export interface Hangup {
  happened(): boolean;
  subscribe(listener: () => void): () => void;
}

export interface RunDriverProps {
  ctl: RunHandle;
  initial: ScreenState;
  transcript: TranscriptLog | null;
  hangup: Hangup;
  /** Opens a step's output in a tmux split; false when that is not possible here. */
  splitPager: (step: string, lines?: string[]) => boolean;
  /** The bench's probe: key latency (bench/README.md). */
  probe?: ScreenProbe | undefined;
  onExit: (exit: DriverExit) => void;
}

export function RunDriver({ ctl, initial, transcript, hangup, splitPager, probe, onExit }: RunDriverProps) {
  const committed = useRunState(ctl);
  // The screen state is read at once by keys that arrive before the next frame.
  const [screen, dispatch, currentScreen] = useLatestReducer(screenReducer, () => initial);
  const [leaving, setLeaving] = useState<DriverExit | null>(null);
  const [relay] = useState(() => new KeyRelay());
  const now = useClock(useCallback(() => ctl.now(), [ctl]));
  const storeNote = useStoreNote(ctl.store);
  const size = useTerminalSize();
  // Keys and intents read the latest screen and position, not the ones of the render
  // they were made in (keys can arrive before the next frame).
  const latest = useRef<Position | null>(null);
  const deps = useMemo<IntentDeps>(
    () => ({
      ctl,
      screen: currentScreen,
      position: () => latest.current ?? ctl.position(),
      dispatch,
      leave: (exit) => setLeaving((current) => current ?? exit),
      splitPager,
      hungUp: () => hangup.happened(),
    }),
    [ctl, hangup, splitPager, currentScreen, dispatch],
  );
  // The walk's bookkeeping for the position on screen, committed just after its frame.
  const run = useMemo(() => ({ now: () => ctl.now(), offsetOf: ctl.offsetOf, commit: () => guarded(deps, () => void ctl.position()) }), [ctl, deps]);
  const { state, position } = usePosition(run, committed, now, screen.running !== null || leaving !== null);
  latest.current = position;
  const subscribe = useCallback<OutputSubscribe>((listener) => ctl.onOutput(listener), [ctl]);
  const frame = useLiveOutput(subscribe, screen.running?.step ?? null);
  transcript?.update(committed);

  const id = stepOnScreen(screen, position);
  const keys = keyContext({ state, runbook: ctl.runbook, screen, step: id, readOnly: false });
  useEffect(() => {
    if (leaving) onExit(leaving);
  }, [leaving, onExit]);

  // w on a step still running from before: poll until its process group is gone (journaled
  // then), while the screen stays live; leaving the screen stops the polling.
  useEffect(() => {
    const step = screen.waiting;
    if (step === null) return;
    const poll = setInterval(() => {
      guarded(deps, () => {
        if (!ctl.outlivedEnded(step)) return;
        clearInterval(poll);
        const ended = ctl.state.steps[step]?.status === 'interrupted';
        const text = '■ it ended: interrupted, not done · its output after the runner went away is not recorded';
        dispatch({ type: 'waiting', step: null, ...(ended ? { message: { text, tone: 'info' as const, keys: 'enter re-runs it' } } : {}) });
      });
    }, 250);
    return () => clearInterval(poll);
  }, [screen.waiting, ctl, deps, dispatch]);

  // A hangup while idle leaves at once; a running step finishes first (execute checks).
  useEffect(
    () =>
      hangup.subscribe(() => {
        if (!currentScreen().running) quit(deps, HANGUP);
      }),
    [hangup, deps, currentScreen],
  );

  // Each key, as typed or replayed once the widget it was typed for listens (use-widget-input.ts).
  const route = useCallback(
    (input: string, key: Key, replayed: boolean) => {
      if (!replayed) probe?.key(); // bench/README.md: key latency
      if (relay.holding()) return relay.hold(input, key);
      dispatch({ type: 'key' });
      const s = currentScreen();
      const ctrlC = key.ctrl && input === 'c';
      if (s.overlay?.kind === 'help') return dispatch({ type: 'close-overlay' });
      if (s.overlay?.kind === 'changes') {
        if (key.return || key.escape || ctrlC || input === ' ') dispatch({ type: 'close-overlay' });
        return;
      }
      // The open widget takes the keys, from here only: a widget whose prompt has just closed
      // may still be subscribed (React detaches it after the frame). Ctrl-C still cancels it.
      // A widget not listening yet (its frame not committed) gets the keys, Ctrl-C included,
      // in order once it does.
      const widget = openWidget(s);
      if (widget !== null) {
        const typed = s.prompt?.kind === 'text' || s.prompt?.kind === 'confirm';
        if (!relay.listening(widget)) relay.hold(input, key);
        else if (ctrlC) guarded(deps, () => (typed ? cancel(deps) : dispatch({ type: 'close-overlay' })));
        else relay.deliver(input, key);
        return;
      }
      // Several keys in one chunk (a paste, or keys faster than a frame) are not commands:
      // acting on them one by one against a screen that has not caught up could run a step.
      if (input.length > 1 && !key.return && !key.escape) return;
      // A key before the commit of the frame's bookkeeping lands: commit it first, so the
      // key acts on the journal's run as the frame showed it.
      if (!s.running) guarded(deps, () => void ctl.position());
      const now = keyContext({ state: ctl.state, runbook: ctl.runbook, screen: s, step: stepOnScreen(s, deps.position()), readOnly: false });
      const action = actionFor(input, key, now);
      if (action) guarded(deps, () => perform(deps, action));
    },
    [deps, ctl, currentScreen, dispatch, probe, relay],
  );
  const onKey = useCallback((input: string, key: Key) => route(input, key, false), [route]);
  useInput(onKey, { isActive: leaving === null });
  // After the widgets' effects (children first): the frame's widget listens from now on.
  const replay = useCallback((input: string, key: Key) => route(input, key, true), [route]);
  useEffect(() => relay.committed(openWidget(screen), replay), [relay, screen, replay]);

  const output = useCallback(
    (step: string, n: number) => shownOutput(ctl, step, n),
    // Read again on each output frame and state change: the lines live outside React state.
    [frame, state, ctl],
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
  const onOpenPlan = useCallback((plan: string) => guarded(deps, () => openPlan(deps, plan)), [deps]);
  const onCloseOverlay = useCallback(() => dispatch({ type: 'close-overlay' }), [dispatch]);
  const onPanel = useCallback((panel: Panel) => dispatch({ type: 'panel', panel }), [dispatch]);

  if (leaving) return null;
  return (
    <KeyRelayContext.Provider value={relay}>
      <RunScreen
      state={state}
      runbook={ctl.runbook}
      now={now}
      size={size}
      screen={screen}
      position={position}
      keys={keys}
      output={output}
      placeholders={(step) => ctl.placeholders(step)}
      readOnly={null}
      watching={ctl.watchers?.() ?? 0}
      store={storeNote}
      transcript={transcript}
      widgetsActive
      onText={onText}
      onCancel={onCancel}
      onTake={onTake}
      onOpenPlan={onOpenPlan}
      onCloseOverlay={onCloseOverlay}
      onPanel={onPanel}
      />
    </KeyRelayContext.Provider>
  );
}
