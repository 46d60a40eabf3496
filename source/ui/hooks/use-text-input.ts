// The text input widget's state (a reducer) and its keys (useInput with isActive).
// Used for inputs, notes, skip reasons, sign-off names, reasons and edited commands.

import { useCallback } from 'react';
import { type Key } from 'ink';
import { useWidgetInput } from './use-widget-input';
import { useLatestReducer } from './use-latest-reducer';

export interface TextInputState {
  /** Code points, so the cursor never splits a character. */
  chars: string[];
  cursor: number;
  /**
   * The value is a suggestion (why the tree was opened, the operator's name): enter takes
   * it as it is, the first key typed replaces it (never appends to it), a moving key makes
   * it text to edit.
   */
  suggested?: boolean;
}

export type TextInputAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'delete-word' }
  | { type: 'kill-end' };

export function textInputState(value: string, suggested = false): TextInputState {
  const chars = [...value];
  // A suggestion is shown with the cursor on its first character: typing replaces it.
  return suggested && chars.length > 0 ? { chars, cursor: 0, suggested: true } : { chars, cursor: chars.length };
}

const EMPTY: TextInputState = { chars: [], cursor: 0 };

/** A suggestion meets a key: typing replaces it, erasing clears it, moving makes it text to edit. */
function offSuggestion(state: TextInputState, action: TextInputAction): TextInputState {
  switch (action.type) {
    case 'insert':
      return textInputReducer(EMPTY, action);
    case 'backspace':
    case 'clear':
    case 'delete-word':
    case 'kill-end':
      return EMPTY;
    case 'left':
    case 'right':
    case 'home':
    case 'end':
      return textInputReducer({ chars: state.chars, cursor: state.cursor }, action);
    default: {
      const never: never = action;
      return never;
    }
  }
}

export function textValue(state: TextInputState): string {
  return state.chars.join('');
}

export function textInputReducer(state: TextInputState, action: TextInputAction): TextInputState {
  if (state.suggested) return offSuggestion(state, action);
  const { chars, cursor } = state;
  switch (action.type) {
    case 'insert': {
      const text = [...action.text];
      return { chars: [...chars.slice(0, cursor), ...text, ...chars.slice(cursor)], cursor: cursor + text.length };
    }
    case 'backspace':
      return cursor === 0 ? state : { chars: [...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor: cursor - 1 };
    case 'left':
      return { chars, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { chars, cursor: Math.min(chars.length, cursor + 1) };
    case 'home':
      return { chars, cursor: 0 };
    case 'end':
      return { chars, cursor: chars.length };
    case 'clear':
      return { chars: [], cursor: 0 };
    case 'delete-word': {
      let start = cursor;
      while (start > 0 && chars[start - 1] === ' ') start--;
      while (start > 0 && chars[start - 1] !== ' ') start--;
      return { chars: [...chars.slice(0, start), ...chars.slice(cursor)], cursor: start };
    }
    case 'kill-end':
      return { chars: chars.slice(0, cursor), cursor };
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** The action a key means in a text input; null for keys it does not take (enter, esc, ctrl-c). */
export function textInputAction(input: string, key: Key, options: { multiline: boolean }): TextInputAction | null {
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow) return null;
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.home) return { type: 'home' };
  if (key.end) return { type: 'end' };
  if (key.ctrl) {
    switch (input) {
      case 'a':
        return { type: 'home' };
      case 'e':
        return { type: 'end' };
      case 'u':
        return { type: 'clear' };
      case 'w':
        return { type: 'delete-word' };
      case 'k':
        return { type: 'kill-end' };
      default:
        return null;
    }
  }
  // A paste arrives as one chunk; only an edited command may keep its line breaks.
  const text = options.multiline ? input.replace(/\r\n?/g, '\n') : input.replace(/[\r\n]+/g, ' ');
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '');
  return printable ? { type: 'insert', text: printable } : null;
}

/** Control characters a burst may hold, as the edits they are when typed alone. */
const BURST_EDITS: Record<string, TextInputAction> = {
  '\u0001': { type: 'home' },
  '\u0005': { type: 'end' },
  '\u0015': { type: 'clear' },
  '\u0017': { type: 'delete-word' },
  '\u000B': { type: 'kill-end' },
  '\u007F': { type: 'backspace' },
  '\b': { type: 'backspace' },
};

/**
 * Keys typed faster than the screen reads them arrive as one chunk ("abc^Udef⏎"): the
 * edits in the order typed, and whether a return in it means enter: the first on a
 * single-line input, only a final one in an edited command (a pasted line break stays). Null for a chunk
 * that is one key or holds an escape sequence (Ink has parsed those already).
 */
export function burstEdits(input: string, multiline: boolean): { edits: TextInputAction[]; submit: boolean } | null {
  const chars = [...input];
  if (chars.length < 2 || input.includes('\u001B')) return null;
  const edits: TextInputAction[] = [];
  let text = '';
  const flush = () => {
    if (text) edits.push({ type: 'insert', text });
    text = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const edit = BURST_EDITS[ch];
    if (ch === '\r' && (!multiline || i === chars.length - 1)) {
      flush();
      return { edits, submit: true };
    }
    if (ch === '\r' || ch === '\n') {
      // A pasted line break: kept in an edited command (\r\n once), a space elsewhere.
      if (ch === '\r' && chars[i + 1] === '\n') continue;
      text += multiline ? '\n' : ' ';
    } else if (edit) {
      flush();
      edits.push(edit);
      // eslint-disable-next-line no-control-regex
    } else if (!/[\u0000-\u001F\u007F]/.test(ch)) text += ch;
  }
  flush();
  return { edits, submit: false };
}

export function useTextInput(initial: string, suggested = false): [TextInputState, (action: TextInputAction) => void, () => TextInputState] {
  return useLatestReducer(textInputReducer, () => textInputState(initial, suggested));
}

export function useTextInputKeys(
  current: () => TextInputState,
  dispatch: (action: TextInputAction) => void,
  options: { isActive: boolean; multiline?: boolean; onSubmit: (value: string) => void; onCancel: () => void },
): void {
  const { isActive, multiline = false, onSubmit, onCancel } = options;
  const handle = useCallback(
    (input: string, key: Key) => {
      const burst = key.ctrl || key.meta ? null : burstEdits(input, multiline);
      if (key.return) onSubmit(textValue(current()));
      else if (key.escape) onCancel();
      else if (burst) {
        // Keys typed faster than the screen reads them arrive as one chunk: each in order.
        for (const edit of burst.edits) dispatch(edit);
        if (burst.submit) onSubmit(textValue(current()));
      } else {
        const action = textInputAction(input, key, { multiline });
        if (action) dispatch(action);
      }
    },
    [current, dispatch, multiline, onSubmit, onCancel],
  );
  useWidgetInput(handle, { isActive });
}
