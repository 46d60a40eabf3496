// `b`: the run's captures and comparisons; enter shows one as a table (a capture's result
// sets, or a comparison's before → after rows), scrolled with ↑/↓.

import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { RunState } from '../../run/state';
import { formatResultSet } from '../../run/table-format';
import { formatComparison, type ResultSetDiff } from '../../run/compare';
import { useBaselines, useBaselinesKeys } from '../hooks/use-baselines';
import { useTheme } from '../theme';
import { fit, plural, timeOfDay } from '../text';
import { SelectMenuView, type MenuItem } from './select-menu';

export interface BaselineItem {
  menu: MenuItem;
  /** The item as table lines at a width. */
  lines: (width: number) => string[];
}

export function baselineItems(state: Pick<RunState, 'captures' | 'comparisons'>): BaselineItem[] {
  const captures = Object.values(state.captures).map(
    (c): BaselineItem => ({
      menu: { label: `capture ${c.name}`, detail: `step ${c.step} · ${plural(c.resultSets.length, 'result set')} · ${timeOfDay(c.at)}` },
      lines: (width) => c.resultSets.flatMap((rs, i) => [...(i > 0 ? [''] : []), ...formatResultSet(rs, { width })]),
    }),
  );
  const comparisons = state.comparisons.map(
    (c): BaselineItem => ({
      menu: { label: `compare ${c.name} ${c.passed ? '✔' : '✘'}`, detail: c.summary, tone: c.passed ? 'ok' : 'bad' },
      lines: (width) => formatComparison({ passed: c.passed, resultSets: c.rows as ResultSetDiff[], summary: c.summary }, width),
    }),
  );
  return [...captures, ...comparisons];
}

export interface BaselinesViewProps {
  state: RunState;
  width: number;
  height: number;
  isActive: boolean;
  onClose: () => void;
}

export function BaselinesView({ state, width, height, isActive, onClose }: BaselinesViewProps) {
  const theme = useTheme();
  // Laid out once a table and a width, not at every frame: a capture of 100,000 rows takes a
  // fifth of a second to lay out, and each ↓ and each tick of the clock drew it again.
  const { captures, comparisons } = state;
  const items = useMemo(() => baselineItems({ captures, comparisons }), [captures, comparisons]);
  const [view, dispatch, current] = useBaselines(items.length);
  const open = view.offset === null ? null : items[view.index];
  const lines = useMemo(() => (open ? open.lines(width) : []), [open, width]);
  const room = Math.max(1, height - 2);
  useBaselinesKeys(current, dispatch, { isActive, onClose, maxOffset: Math.max(0, lines.length - room) });
  const title = open ? open.menu.label : `BASELINES · ${plural(items.length, 'item')}`;
  const hint = open ? '↑↓ scroll · ←/esc back to the list' : items.length > 0 ? '↑↓ choose · enter show as a table · esc close' : 'nothing captured yet · esc close';
  return (
    <Box flexDirection="column" width="100%" height={height} overflow="hidden">
      <Text wrap="truncate-end" bold color={theme.tone('accent')}>
        {title}
      </Text>
      {open ? (
        <Box flexDirection="column" height={room} overflow="hidden">
          {/* Cells are the database's bytes: spelled out and cut to the width as the step panel draws them. */}
          {lines.slice(view.offset ?? 0, (view.offset ?? 0) + room).map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {fit(line, width) || ' '}
            </Text>
          ))}
        </Box>
      ) : (
        <Box height={room} overflow="hidden">
          <SelectMenuView items={items.map((i) => i.menu)} index={view.index} width={width} height={room} />
        </Box>
      )}
      <Text wrap="truncate-end" color={theme.tone('muted')}>
        {hint}
      </Text>
    </Box>
  );
}
