// The text input's view: one line, scrolled so the cursor stays visible; a secret shows
// as •, a line break in an edited command as ⏎.

import { Box, Text } from 'ink';
import type { TextInputState } from '../hooks/use-text-input';
import { useTheme } from '../theme';
import { fit, length, screenText } from '../text';

export interface TextInputViewProps {
  label: string;
  state: TextInputState;
  secret: boolean;
  width: number;
  /** Second line: why the last answer was refused, else a hint. */
  error?: string | null;
  hint?: string;
}

/**
 * A character of the value as the line draws it: a secret as •, a line break in an edited
 * command as ⏎, a tab as a space, and controls and invisible characters spelled out (`\e`,
 * `<U+202E>`) as everywhere else on the screen. The value is other people's text too (a
 * command to edit, a suggested reason naming a step): drawn raw, an OSC in it retitled the
 * window, and `\e[2K\e[1G` hid what runs.
 */
function drawnChar(ch: string, secret: boolean): string {
  if (secret) return '•';
  if (ch === '\n') return '⏎';
  if (ch === '\t') return ' ';
  return screenText(ch);
}

/**
 * The visible slice of the value: [before cursor, at cursor, after cursor], at most `room`
 * columns, a … where more of it is out of sight. Counted in columns, not characters: a CJK character or a spelled-out `\e` takes
 * more than one, and counted as one the cursor ran off the end of the line.
 */
export function inputWindow(state: TextInputState, secret: boolean, room: number): [string, string, string] {
  const cells = [...state.chars.map((c) => drawnChar(c, secret)), ' '];
  const widths = cells.map((c) => length(c));
  const width = Math.max(1, room);
  const at = state.cursor;
  let used = widths[at] ?? 1;
  let start = at;
  while (start > 0 && used + (widths[start - 1] ?? 0) <= width) used += widths[--start] ?? 0;
  let end = at + 1;
  while (end < state.chars.length && used + (widths[end] ?? 0) <= width) used += widths[end++] ?? 0;
  // A side that hides part of the value says so with … in its outermost cell: cut silently,
  // a long suggested reason read as if it were whole.
  let after = cells.slice(at + 1, end);
  if (end < state.chars.length) {
    if (after.length > 0) after = [...after.slice(0, -1), '…'];
    else if (start < at) {
      // The cursor on the window's right edge: the … takes a column from the left.
      after = ['…'];
      start++;
    }
  }
  const before = start > 0 && start < at ? ['…', ...cells.slice(start + 1, at)] : cells.slice(start, at);
  return [before.join(''), cells[at] ?? ' ', after.join('')];
}

export function TextInputView({ label, state, secret, width, error, hint }: TextInputViewProps) {
  const theme = useTheme();
  const head = `${fit(label, Math.max(8, Math.floor(width / 2)))} `;
  const [before, at, after] = inputWindow(state, secret, width - length(head));
  // A suggestion reads as one (muted) and says what enter and typing do with it.
  const tone = state.suggested ? theme.tone('muted') : undefined;
  const below = state.suggested && hint !== undefined ? `suggested: enter keeps it, typing replaces it · ${hint}` : hint;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{head}</Text>
        <Text color={tone}>{before}</Text>
        <Text inverse>{at}</Text>
        <Text color={tone}>{after}</Text>
      </Text>
      {error ? (
        <Text wrap="truncate-end" color={theme.tone('bad')}>
          ✘ {screenText(error)}
        </Text>
      ) : below ? (
        <Text wrap="truncate-end" color={theme.tone('muted')}>
          {screenText(below)}
        </Text>
      ) : null}
    </Box>
  );
}
