// The rollback decision tree as a menu: the question, its answers, and at a leaf the plan
// it leads to with its steps (destructive ones marked) before the operator takes it.

import { Box, Text } from 'ink';
import type { Runbook } from '../../runbook/model';
import { findTree, type DecisionPath } from '../../run/decision-tree';
import { CRITERIA_QUESTION } from '../../runbook/criteria-question';
import { useDecisionMenu, useDecisionMenuKeys, type DecisionMenuState } from '../hooks/use-decision-menu';
import { useTheme } from '../theme';
import { fit, plural, screenText } from '../text';
import { planPreview, wrapPreview, type PreviewLine } from './plan-preview';
import { SelectMenuView } from './select-menu';

export interface DecisionMenuProps {
  runbook: Runbook;
  root: string;
  /** Why the tree is open ("step 2.3 failed: exit 1"), shown above the question. */
  reason: string | null;
  /** What was answered before through this tree ("earlier (12:04:07): No → Plan A"): it is asked again. */
  earlier?: string[];
  /** How many open walk steps before a phase a leaf leading there would skip. */
  openBefore: (phase: string) => number;
  width: number;
  height: number;
  isActive: boolean;
  onTake: (path: DecisionPath) => void;
  onClose: () => void;
}

export function DecisionMenu(props: DecisionMenuProps) {
  const [state, dispatch, current] = useDecisionMenu(props.runbook, props.root);
  useDecisionMenuKeys(props.runbook, current, dispatch, { isActive: props.isActive, onTake: props.onTake, onClose: props.onClose });
  return <DecisionMenuView {...props} state={state} />;
}

function leafLines(runbook: Runbook, leaf: DecisionPath, openBefore: (phase: string) => number): PreviewLine[] {
  const to = leaf.leadsTo;
  switch (to.kind) {
    case 'plan':
      return planPreview(runbook, to.id ?? '', (steps) => `Leads to the plan: ${to.title} (${steps})`);
    case 'phase': {
      // Said only when true: a leaf after the steps before it are done skips nothing.
      const open = to.id ? openBefore(to.id) : 0;
      const skipped = open > 0 ? `: ${plural(open, 'open step')} before it ${open === 1 ? 'is' : 'are'} skipped` : '';
      return [{ text: `Leads to ${to.title}${skipped}`, destructive: false, head: true }];
    }
    case 'question':
    case 'text':
      return [{ text: `Leads to: ${to.title}`, destructive: false, head: true }];
    default: {
      const never: never = to.kind;
      return [{ text: String(never), destructive: false }];
    }
  }
}

export function DecisionMenuView(props: DecisionMenuProps & { state: DecisionMenuState }) {
  const theme = useTheme();
  const { runbook, state, width, height } = props;
  const tree = findTree(runbook, state.cursor.at);
  const trail = state.cursor.answers.map((a) => a.answer).join(' › ');
  const head: string[] = ['DECISION TREE'];
  if (props.reason) head.push(props.reason);
  head.push(...(props.earlier ?? []));
  if (trail) head.push(`so far: ${trail}`);
  // "Rollback if any of these holds?": the criteria it asks about, above it.
  const criteria = tree?.question === CRITERIA_QUESTION ? (runbook.steps.find((st) => st.decision === tree.id)?.description?.split('\n') ?? []) : [];
  const room = Math.max(1, height - head.length - criteria.length - 2);
  return (
    <Box flexDirection="column" width="100%" height={height} overflow="hidden">
      {head.map((line, i) => (
        <Text key={i} wrap="truncate-end" bold={i === 0} color={theme.tone(i === 0 ? 'accent' : 'muted')}>
          {screenText(line)}
        </Text>
      ))}
      {criteria.map((line, i) => (
        <Text key={`c${i}`} wrap="truncate-end">
          {screenText(line)}
        </Text>
      ))}
      <Text wrap="truncate-end" bold>
        ? {tree ? screenText(tree.question) : '(this question is missing from the runbook)'}
      </Text>
      {state.leaf ? (
        <Box flexDirection="column">
          {wrapPreview(leafLines(runbook, state.leaf, props.openBefore), width)
            .slice(0, room)
            .map((line, i) => (
              <Text key={i} wrap="truncate-end" color={theme.tone(line.destructive ? 'bad' : line.head ? 'accent' : 'plain')}>
                {line.text}
              </Text>
            ))}
        </Box>
      ) : (
        <SelectMenuView
          width={width}
          height={room}
          index={state.index}
          items={(tree?.answers ?? []).map((a) => ({ label: a.label, ...(a.leadsTo.kind === 'question' ? {} : { detail: a.leadsTo.title }) }))}
        />
      )}
      <Text wrap="truncate-end" color={theme.tone('muted')}>
        {fit(state.leaf ? 'enter take this path (asks a reason) · ←/esc back' : '↑↓ choose · enter answer · ←/esc back', width)}
      </Text>
    </Box>
  );
}
