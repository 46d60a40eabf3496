// The top line: runbook title · target(s) · operator, then on the right (kept whole) a
// rehearsal's mark · the team store when it lags · the next scheduled check · elapsed.

import { Text } from 'ink';
import type { RunState } from '../../run/state';
import { dueNow } from '../../run/navigation';
import { isOpen } from '../../run/step-status';
import { useTheme } from '../theme';
import { clock, describeTarget, spread } from '../text';

/** "⏱ 2 due" or "⏱ 00:42:10" until the next open scheduled check; '' when there is none. */
export function dueText(state: RunState, now: Date): string {
  const due = dueNow(state, now);
  if (due.length > 0) return `⏱ ${due.length} due`;
  const ahead = state.due.filter((d) => isOpen(state.steps[d.step]?.status ?? 'pending')).map((d) => Date.parse(d.dueAt) - now.getTime());
  if (ahead.length === 0) return '';
  return `⏱ ${clock(Math.min(...ahead))}`;
}

/**
 * `store`: the team store's words when it lags (run/store-status.ts), kept at the right with the clock; `watching`: how many follow the run read-only ("operator (+2 watching)");
 * `stopped`: where the elapsed clock stopped (run/ending.ts clockStoppedAt), else it reads to `now`.
 */
export function headerText(state: RunState, now: Date, width: number, store: string | null = null, watching = 0, stopped: string | null = null): string {
  const targets = state.targets.map(describeTarget).join(', ');
  const operator = watching > 0 ? `${state.operator} (+${watching} watching)` : state.operator;
  const left = [state.runbook.title, targets, operator].filter((p) => p !== '').join(' · ');
  const elapsed = clock((stopped === null ? now.getTime() : Date.parse(stopped)) - Date.parse(state.startedAt));
  const due = dueText(state, now);
  // A rehearsal says so on the right, kept whole: a long title is what gets cut.
  const rehearsal = state.rehearse ? 'REHEARSAL: nothing runs' : '';
  return spread(left, [rehearsal, store ?? '', due, elapsed].filter((p) => p !== '').join(' · '), width);
}

export function Header({ state, now, width, store = null, watching = 0, stopped = null }: { state: RunState; now: Date; width: number; store?: string | null; watching?: number; stopped?: string | null }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" bold inverse={theme.color}>
      {headerText(state, now, width, store, watching, stopped)}
    </Text>
  );
}
