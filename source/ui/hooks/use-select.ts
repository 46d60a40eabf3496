// The select menu widget's state (a reducer) and its keys (useInput with isActive):
// ↑/↓ or k/j move, enter chooses, a digit chooses directly, ←/esc go back.

import { useCallback } from 'react';
import { type Key } from 'ink';
import { useWidgetInput } from './use-widget-input';
import { useLatestReducer } from './use-latest-reducer';

export interface SelectState {
  index: number;
  count: number;
}

export type SelectAction = { type: 'up' } | { type: 'down' } | { type: 'set'; index: number } | { type: 'reset'; count: number };

export function selectReducer(state: SelectState, action: SelectAction): SelectState {
  const last = Math.max(0, state.count - 1);
  switch (action.type) {
    case 'up':
      return { ...state, index: Math.max(0, state.index - 1) };
    case 'down':
      return { ...state, index: Math.min(last, state.index + 1) };
    case 'set':
      return { ...state, index: Math.max(0, Math.min(last, action.index)) };
    case 'reset':
      return { index: 0, count: action.count };
    default: {
      const never: never = action;
      return never;
    }
  }
}

export type SelectKey = { kind: 'move'; action: SelectAction } | { kind: 'submit'; index: number } | { kind: 'back' } | null;

/** What a key means in a menu of `count` items. */
export function selectKey(state: SelectState, input: string, key: Key): SelectKey {
  if (key.upArrow || input === 'k') return { kind: 'move', action: { type: 'up' } };
  if (key.downArrow || input === 'j') return { kind: 'move', action: { type: 'down' } };
  if (key.return) return state.count > 0 ? { kind: 'submit', index: state.index } : null;
  if (key.leftArrow || key.escape || key.backspace || key.delete) return { kind: 'back' };
  if (/^[1-9]$/.test(input) && Number(input) <= state.count) return { kind: 'submit', index: Number(input) - 1 };
  return null;
}

export function useSelect(count: number): [SelectState, (action: SelectAction) => void, () => SelectState] {
  return useLatestReducer(selectReducer, () => ({ index: 0, count }));
}

export function useSelectKeys(
  current: () => SelectState,
  dispatch: (action: SelectAction) => void,
  options: { isActive: boolean; onSubmit: (index: number) => void; onBack: () => void },
): void {
  const { isActive, onSubmit, onBack } = options;
  const handle = useCallback(
    (input: string, key: Key) => {
      const meant = selectKey(current(), input, key);
      if (!meant) return;
      if (meant.kind === 'move') dispatch(meant.action);
      else if (meant.kind === 'submit') onSubmit(meant.index);
      else onBack();
    },
    [current, dispatch, onSubmit, onBack],
  );
  useWidgetInput(handle, { isActive });
}
