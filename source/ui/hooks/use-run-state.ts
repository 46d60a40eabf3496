// The run's state as React sees it: re-rendered when the session commits (at most once
// per display frame while a step streams output, since commits are batched per frame).

import { useEffect, useState } from 'react';
import type { RunState } from '../../run/state';

export interface StateSource {
  readonly state: RunState;
  subscribe(listener: (state: RunState) => void): () => void;
}

export function useRunState(source: StateSource): RunState {
  const [state, setState] = useState(source.state);
  useEffect(() => {
    setState(source.state);
    return source.subscribe(setState);
  }, [source]);
  return state;
}
