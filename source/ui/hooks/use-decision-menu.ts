// The decision tree menu's state: the question asked, the answer under the cursor, and
// the leaf once reached. A reducer over run/decision-tree (the same walk --plain uses).

import { useCallback } from 'react';
import { type Key } from 'ink';
import { useWidgetInput } from './use-widget-input';
import type { Runbook } from '../../runbook/model';
import { back, choose, findTree, startTree, type DecisionPath, type TreeCursor } from '../../run/decision-tree';
import { selectKey, selectReducer } from './use-select';
import { useLatestReducer } from './use-latest-reducer';

export interface DecisionMenuState {
  cursor: TreeCursor;
  /** The answer under the cursor. */
  index: number;
  /** Set once an answer leads out of the tree: shown before it is taken. */
  leaf: DecisionPath | null;
}

export type DecisionMenuAction = { type: 'up' } | { type: 'down' } | { type: 'answer'; index: number } | { type: 'back' };

export function decisionMenuState(root: string): DecisionMenuState {
  return { cursor: startTree(root), index: 0, leaf: null };
}

function answerCount(runbook: Runbook, cursor: TreeCursor): number {
  return findTree(runbook, cursor.at)?.answers.length ?? 0;
}

export function decisionMenuReducer(runbook: Runbook, state: DecisionMenuState, action: DecisionMenuAction): DecisionMenuState {
  switch (action.type) {
    case 'up':
    case 'down': {
      if (state.leaf) return state;
      const moved = selectReducer({ index: state.index, count: answerCount(runbook, state.cursor) }, { type: action.type });
      return { ...state, index: moved.index };
    }
    case 'answer': {
      if (state.leaf) return state;
      const result = choose(runbook, state.cursor, action.index);
      if (!result) return state;
      if ('cursor' in result) return { cursor: result.cursor, index: 0, leaf: null };
      return { ...state, index: action.index, leaf: result.path };
    }
    case 'back': {
      if (state.leaf) return { ...state, leaf: null };
      const last = state.cursor.answers.at(-1);
      if (!last) return state;
      const previous = back(state.cursor);
      const index = findTree(runbook, previous.at)?.answers.findIndex((a) => a.label === last.answer) ?? 0;
      return { cursor: previous, index: Math.max(0, index), leaf: null };
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** At the first question with no leaf shown, "back" leaves the menu. */
export function atRoot(state: DecisionMenuState): boolean {
  return state.leaf === null && state.cursor.answers.length === 0;
}

export function useDecisionMenu(runbook: Runbook, root: string): [DecisionMenuState, (action: DecisionMenuAction) => void, () => DecisionMenuState] {
  const reducer = useCallback((state: DecisionMenuState, action: DecisionMenuAction) => decisionMenuReducer(runbook, state, action), [runbook]);
  return useLatestReducer(reducer, () => decisionMenuState(root));
}

export function useDecisionMenuKeys(
  runbook: Runbook,
  current: () => DecisionMenuState,
  dispatch: (action: DecisionMenuAction) => void,
  options: { isActive: boolean; onTake: (path: DecisionPath) => void; onClose: () => void },
): void {
  const { isActive, onTake, onClose } = options;
  const handle = useCallback(
    (input: string, key: Key) => {
      const state = current();
      const meant = selectKey({ index: state.index, count: answerCount(runbook, state.cursor) }, input, key);
      if (!meant) return;
      if (meant.kind === 'back') {
        if (atRoot(state)) onClose();
        else dispatch({ type: 'back' });
      } else if (state.leaf) {
        if (meant.kind === 'submit' && key.return) onTake(state.leaf);
      } else if (meant.kind === 'move') {
        dispatch(meant.action.type === 'up' ? { type: 'up' } : { type: 'down' });
      } else {
        dispatch({ type: 'answer', index: meant.index });
      }
    },
    [runbook, current, dispatch, onTake, onClose],
  );
  useWidgetInput(handle, { isActive });
}
