// useReducer whose latest state can be read at once. Keys typed faster than a frame
// arrive before React re-renders; a handler that reads the state of its own render would
// submit a value without its last characters.

import { useCallback, useRef, useState } from 'react';

export function useLatestReducer<S, A>(reducer: (state: S, action: A) => S, init: () => S): [S, (action: A) => void, () => S] {
  const latest = useRef<S | null>(null);
  if (latest.current === null) latest.current = init();
  const [state, setState] = useState<S>(latest.current);
  const dispatch = useCallback(
    (action: A) => {
      latest.current = reducer(latest.current as S, action);
      setState(latest.current);
    },
    [reducer],
  );
  const read = useCallback(() => latest.current as S, []);
  return [state, dispatch, read];
}
