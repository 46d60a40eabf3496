// P: every plan of the runbook (rollback procedures included, those no answer of the tree
// leads to too), with how far each got, and under the cursor the plan's steps with the
// destructive ones marked, as the decision tree's leaf shows them. Enter opens one.

import { useCallback } from 'react';
import { Box, Text } from 'ink';
import type { Runbook } from '../../runbook/model';
import type { RunState } from '../../run/state';
import { planCounts, plansOverview, type PlanProgress } from '../../run/plans';
import { useSelect, useSelectKeys } from '../hooks/use-select';
import { useTheme } from '../theme';
import { fit } from '../text';
import { planPreview, wrapPreview } from './plan-preview';
import { SelectMenuView, type MenuItem } from './select-menu';

export interface PlansMenuProps {
  state: RunState;
  runbook: Runbook;
  width: number;
  height: number;
  isActive: boolean;
  onOpen: (plan: string) => void;
  onClose: () => void;
}

/** How far a plan got, after its title in the menu. */
export function planStatus(p: PlanProgress): string {
  if (p.active) return `in it now · ${p.total - p.open}/${p.total}`;
  if (p.finished) return `finished ${planCounts(p)}`;
  if (p.entered) return `entered · ${p.total - p.open}/${p.total}`;
  return `${p.total} step${p.total === 1 ? '' : 's'}`;
}

export function planItem(p: PlanProgress): MenuItem {
  return { label: `${p.title} · ${planStatus(p)}`, tone: p.active ? 'warn' : p.finished ? (p.failed > 0 ? 'bad' : 'ok') : 'plain' };
}

export function PlansMenu(props: PlansMenuProps) {
  const plans = plansOverview(props.state, props.runbook);
  const [select, dispatch, current] = useSelect(plans.length);
  const { onOpen } = props;
  const onSubmit = useCallback((index: number) => {
    const plan = plans[index];
    if (plan) onOpen(plan.plan);
  }, [plans, onOpen]);
  useSelectKeys(current, dispatch, { isActive: props.isActive, onSubmit, onBack: props.onClose });
  return <PlansMenuView {...props} plans={plans} index={select.index} />;
}

export function PlansMenuView(props: PlansMenuProps & { plans: PlanProgress[]; index: number }) {
  const theme = useTheme();
  const { runbook, plans, index, width, height } = props;
  // The list gets up to half the lines; the steps of the plan under the cursor the rest.
  const listRoom = Math.max(1, Math.min(plans.length, Math.floor((height - 3) / 2)));
  const chosen = plans[index];
  const preview = chosen ? wrapPreview(planPreview(runbook, chosen.plan, (steps) => `${chosen.title} (${steps}):`), width) : [];
  const previewRoom = Math.max(0, height - 3 - listRoom);
  const shown = preview.length > previewRoom ? [...preview.slice(0, Math.max(0, previewRoom - 1)), { text: `  … ${preview.length - previewRoom + 1} more`, destructive: false }] : preview;
  return (
    <Box flexDirection="column" width="100%" height={height} overflow="hidden">
      <Text wrap="truncate-end" bold color={theme.tone('accent')}>
        {fit('PLANS · entered on purpose, whatever the tree answered', width)}
      </Text>
      <SelectMenuView width={width} height={listRoom} index={index} items={plans.map(planItem)} />
      {/* The author's titles: spelled out, as the decision tree's leaf shows the same lines. */}
      {shown.slice(0, previewRoom).map((line, i) => (
        <Text key={i} wrap="truncate-end" color={theme.tone(line.destructive ? 'bad' : line.head ? 'accent' : 'plain')}>
          {fit(line.text, width)}
        </Text>
      ))}
      <Text wrap="truncate-end" color={theme.tone('muted')}>
        {fit('↑↓ choose · enter open this plan (asks why) · ←/esc back', width)}
      </Text>
    </Box>
  );
}
