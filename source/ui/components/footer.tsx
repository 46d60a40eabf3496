// The bottom line: the keys that apply now, from the key-bindings table.

import { Text } from 'ink';
import type { KeyContext } from '../key-bindings';
import { footerItems, footerText } from '../key-hints';
import { useTheme } from '../theme';

export function Footer({ context, width, override }: { context: KeyContext; width: number; override?: string }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" color={theme.tone('muted')}>
      {override ?? footerText(footerItems(context), width)}
    </Text>
  );
}
