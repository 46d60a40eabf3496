// Where the run stands, and the run as the screen shows it, kept current: after every
// change of the run and every clock tick (a scheduled check comes due). The frame that
// shows an answer already shows where it leads, with its key: the walk's bookkeeping (a
// plan left, checks scheduled) is settled on a provisional state for that frame
// (run/navigation settle) and committed by `commit` just after, in an effect, never during
// render. Showing the last committed position until that commit lands left a frame of the
// finished step with nothing to press (seconds on a loaded host: a render, an fsync'd
// commit and a second render later).

import { useEffect, useMemo, useRef } from 'react';
import { position, settle, type OffsetOf, type Position } from '../../run/navigation';
import type { RunState } from '../../run/state';

export interface Settled {
  /** The run to show: the committed state, with the bookkeeping the commit is about to add. */
  state: RunState;
  position: Position;
}

export function usePosition(
  /** The run driven here; null on a watcher's screen, which shows what the driver committed. */
  run: { now: () => Date; offsetOf: OffsetOf; commit: () => void } | null,
  state: RunState,
  /** The clock's tick: a scheduled check comes due. */
  tick: Date,
  /** A step runs or the screen is leaving: the position stays where it last settled. */
  hold: boolean,
): Settled {
  // The time now, not the last tick's: a plan is left after the step that finished it.
  const settled = useMemo(
    () => (run ? settle(state, new Date(Math.max(tick.getTime(), run.now().getTime())), run.offsetOf) : { state, at: position(state, tick), bookkeeping: [] }),
    [state, tick, run],
  );
  const last = useRef<Position>(settled.at);
  const pending = !hold && settled.bookkeeping.length > 0;
  useEffect(() => {
    if (pending) run?.commit();
  }, [pending, settled, run]);
  if (hold) return { state, position: last.current };
  last.current = settled.at;
  return { state: settled.state, position: settled.at };
}
