// Where the run stands, kept current: after every change of the run and every clock tick
// (a scheduled check comes due). `settle` may record bookkeeping (a plan left, a check
// scheduled), so it runs in an effect, never during render. Where no bookkeeping is due,
// the frame that shows a change already shows where it leads: no frame of a finished step
// with nothing to press (the effect's position would arrive one throttled frame later).

import { useEffect, useState } from 'react';
import { position, shownPosition, type Position } from '../../run/navigation';
import type { RunState } from '../../run/state';

function same(a: Position, b: Position): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function usePosition(settle: (() => Position) | null, state: RunState, now: Date, hold: boolean): Position {
  const [at, setAt] = useState(() => position(state, now));
  useEffect(() => {
    if (hold) return;
    const next = settle ? settle() : position(state, now);
    setAt((prev) => (same(prev, next) ? prev : next));
  }, [settle, state, now, hold]);
  return (hold ? null : shownPosition(state, now)) ?? at;
}
