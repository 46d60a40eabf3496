// The select menu's view: numbered items, the chosen one marked ▸, scrolled to fit.

import { Box, Text } from 'ink';
import { screenText } from '../text';
import { useTheme, type Tone } from '../theme';

export interface MenuItem {
  label: string;
  /** Shown after the label, muted: where an answer leads. */
  detail?: string;
  tone?: Tone;
}

/** The first item to show so that `index` is visible in `height` lines. */
export function windowStart(index: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(index - Math.floor(height / 2), count - height));
}

export function SelectMenuView({ items, index, width, height }: { items: MenuItem[]; index: number; width: number; height: number }) {
  const theme = useTheme();
  const start = windowStart(index, items.length, Math.max(1, height));
  const shown = items.slice(start, start + Math.max(1, height));
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((item, i) => {
        const at = start + i;
        const chosen = at === index;
        return (
          <Text key={at} wrap="truncate-end" bold={chosen} color={theme.tone(item.tone ?? 'plain')}>
            {chosen ? '▸ ' : '  '}
            {at + 1}. {screenText(item.label)}
            {item.detail ? <Text color={theme.tone('muted')}>{`  → ${screenText(item.detail)}`}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
