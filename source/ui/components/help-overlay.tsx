// `?`: every key of the run screen, generated from the key-bindings table.

import { Box, Text } from 'ink';
import { helpLines } from '../key-hints';
import { useTheme } from '../theme';

export function HelpOverlay({ height, readOnly }: { height: number; readOnly: boolean }) {
  const theme = useTheme();
  const lines = helpLines();
  const keysWidth = Math.max(...lines.map((l) => l.keys.length)) + 2;
  const head = readOnly ? 'KEYS · read-only: only moving, x, baselines, output and help apply' : 'KEYS';
  // Every key first; the line about menus only where there is room for it too. A pane too
  // short for every key (a tmux split) says how many it leaves out, and that q leaves.
  const menus = lines.length + 2 <= height;
  const room = Math.max(0, height - 1);
  const shown = lines.length > room ? lines.slice(0, Math.max(0, room - 1)) : lines;
  const left = lines.length - shown.length;
  return (
    <Box flexDirection="column" width="100%" height={height} overflow="hidden">
      <Text wrap="truncate-end" bold color={theme.tone('accent')}>
        {head}
      </Text>
      {shown.map((l) => (
        <Text key={l.keys} wrap="truncate-end">
          <Text bold>{l.keys.padEnd(keysWidth)}</Text>
          {l.help}
        </Text>
      ))}
      {left > 0 ? (
        <Text wrap="truncate-end" color={theme.tone('muted')}>
          … {left} more keys: a taller pane shows them all (q leaves)
        </Text>
      ) : null}
      {menus ? (
        <Text wrap="truncate-end" color={theme.tone('muted')}>
          in menus: ↑↓ move · enter choose · ←/esc back · any key closes this help
        </Text>
      ) : null}
    </Box>
  );
}
