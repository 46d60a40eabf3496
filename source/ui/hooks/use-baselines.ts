// The baselines browser's state: a list of captures and comparisons, one of them open
// as a table and scrolled. A reducer, and its keys (useInput with isActive).

import { useCallback } from 'react';
import { type Key } from 'ink';
import { useWidgetInput } from './use-widget-input';
import { selectReducer } from './use-select';
import { useLatestReducer } from './use-latest-reducer';

export interface BaselinesState {
  index: number;
  count: number;
  /** The open item's first visible line, or null while the list shows. */
  offset: number | null;
}

export type BaselinesAction = { type: 'up' } | { type: 'down'; max: number } | { type: 'open' } | { type: 'back' };

export function baselinesReducer(state: BaselinesState, action: BaselinesAction): BaselinesState {
  switch (action.type) {
    case 'up':
      if (state.offset !== null) return { ...state, offset: Math.max(0, state.offset - 1) };
      return { ...state, index: selectReducer(state, { type: 'up' }).index };
    case 'down':
      if (state.offset !== null) return { ...state, offset: Math.max(0, Math.min(action.max, state.offset + 1)) };
      return { ...state, index: selectReducer(state, { type: 'down' }).index };
    case 'open':
      return state.count > 0 ? { ...state, offset: 0 } : state;
    case 'back':
      return { ...state, offset: null };
    default: {
      const never: never = action;
      return never;
    }
  }
}

export function useBaselines(count: number): [BaselinesState, (action: BaselinesAction) => void, () => BaselinesState] {
  return useLatestReducer(baselinesReducer, () => ({ index: 0, count, offset: null }));
}

export function useBaselinesKeys(
  current: () => BaselinesState,
  dispatch: (action: BaselinesAction) => void,
  options: { isActive: boolean; onClose: () => void; /** Last offset that still fills the view. */ maxOffset: number },
): void {
  const { isActive, onClose, maxOffset } = options;
  const handle = useCallback(
    (input: string, key: Key) => {
      const state = current();
      if (key.upArrow || input === 'k') dispatch({ type: 'up' });
      else if (key.downArrow || input === 'j') dispatch({ type: 'down', max: maxOffset });
      else if (key.return && state.offset === null) dispatch({ type: 'open' });
      else if (key.escape || key.leftArrow || input === 'b' || input === 'q') {
        if (state.offset === null) onClose();
        else dispatch({ type: 'back' });
      }
    },
    [current, dispatch, onClose, maxOffset],
  );
  useWidgetInput(handle, { isActive });
}
