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

/** The visible slice of the value: [before cursor, at cursor, after cursor]. */
export function inputWindow(state: TextInputState, secret: boolean, room: number): [string, string, string] {
  const cells = [...state.chars.map((c) => (secret ? '•' : c === '\n' ? '⏎' : c)), ' '];
  const width = Math.max(1, room);
  const start = Math.max(0, state.cursor - width + 1);
  const end = Math.min(start + width, state.chars.length);
  return [cells.slice(start, state.cursor).join(''), cells[state.cursor] ?? ' ', cells.slice(state.cursor + 1, end).join('')];
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
