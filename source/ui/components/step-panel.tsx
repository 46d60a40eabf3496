// The right column: the steps just before the one on screen, one line each, then the
// step itself in full (command, status, expectation, output).

import { Box, Text } from 'ink';
import type { StepSummary } from '../../run/events';
import type { RunState } from '../../run/state';
import { outcomeMark, outcomeTone, useTheme } from '../theme';
import { duration, fit, spread } from '../text';
// Rows hold other people's text (titles, reasons, errors): drawn with its controls spelled out.
import type { Row } from '../screens/step-rows';

/** A finished (or waiting) step collapsed to one line. */
export function collapsedRow(state: RunState, summary: StepSummary, width: number): Row {
  const st = state.steps[summary.id];
  const outcome = { status: st?.status ?? 'pending', expectation: st?.expectation ?? null } as const;
  const { status } = outcome;
  const right = st?.durationMs != null ? duration(st.durationMs) : status === 'skipped' || status === 'rehearsed' ? status : '';
  return { text: spread(`${outcomeMark(outcome)} ${summary.title}`, right, width), tone: status === 'pending' ? 'muted' : outcomeTone(outcome) };
}

export function StepPanel({ before, rows, height, width }: { before: Row[]; rows: Row[]; height: number; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" flexGrow={1} flexShrink={1} minWidth={0} height={height} overflow="hidden">
      {/* Cut here, by columns: Ink cut a line mixing CJK and ASCII at the edge with no … at all. */}
      {[...before, ...rows].slice(0, height).map((row, i) => (
        <Text key={i} wrap="truncate-end" bold={row.bold ?? false} color={theme.tone(row.tone ?? 'plain')}>
          {fit(row.text, width) || ' '}
        </Text>
      ))}
    </Box>
  );
}
