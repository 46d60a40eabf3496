// On resume, before anything runs: the steps still running from before the runner went
// away, the steps that were interrupted (not done) and the steps the runbook file changed
// since the run began. The operator dismisses it.

import { Box, Text } from 'ink';
import type { RunState } from '../../run/state';
import { useTheme } from '../theme';
import { plural, screenText } from '../text';
import { describeOutlived, outlivedOf } from '../../run/outlived';
import { wrapHanging } from '../../wrap';

/** `titleNow`: a step's title in the runbook the run goes on with (the file as it is now). */
export function changesLines(state: RunState, titleNow: (id: string) => string | undefined = () => undefined): { text: string; tone: 'warn' | 'plain' | 'muted' }[] {
  const title = (id: string) => state.summaries.find((s) => s.id === id)?.title ?? id;
  const outlived = state.summaries.flatMap((s) => {
    const o = outlivedOf(state, s.id);
    return o ? [{ s, o }] : [];
  });
  const interrupted = state.summaries.filter((s) => state.steps[s.id]?.status === 'interrupted' && !state.steps[s.id]?.outlived);
  const lines: { text: string; tone: 'warn' | 'plain' | 'muted' }[] = [];
  if (outlived.length > 0) {
    // Lines that fit 80 columns: the pid and time on a line of their own.
    lines.push({ text: `! ${plural(outlived.length, 'step is', 'steps are')} STILL RUNNING, though the runner that started it is gone`, tone: 'warn' });
    for (const { s, o } of outlived) lines.push({ text: `    ! ${s.title}  (${s.id})`, tone: 'plain' }, { text: `      ${describeOutlived(o)}`, tone: 'plain' });
    lines.push({ text: '  Nothing starts it again: w wait · t stop (TERM, then KILL) · p mark done', tone: 'muted' });
  }
  if (interrupted.length > 0) {
    lines.push({ text: `! ${plural(interrupted.length, 'step was', 'steps were')} running when the run stopped: interrupted, NOT done`, tone: 'warn' });
    for (const s of interrupted) lines.push({ text: `    ! ${s.title}  (${s.id})`, tone: 'plain' });
    lines.push({ text: '  Each can be re-run (enter), marked done with a note (p) or failed (f).', tone: 'muted' });
  }
  if (state.changedSteps.length > 0) {
    lines.push({ text: `! The runbook changed since the run began: ${plural(state.changedSteps.length, 'step differs', 'steps differ')}`, tone: 'warn' });
    // Named as the step now reads, what runs from here: the title the run began with, after it.
    for (const id of state.changedSteps) {
      const now = titleNow(id);
      if (now === undefined || now === title(id)) lines.push({ text: `    ~ ${title(id)}  (${id})`, tone: 'plain' });
      else lines.push({ text: `    ~ ${now}  (${id})`, tone: 'plain' }, { text: `      was: ${title(id)}`, tone: 'muted' });
    }
  }
  return lines;
}

export function ChangesBanner({ state, width, height, notices = [], titleNow }: { state: RunState; width: number; height: number; notices?: string[]; titleNow?: (id: string) => string | undefined }) {
  const theme = useTheme();
  // What resume said is whole sentences: wrapped under their `! `, never cut.
  const said = notices.flatMap((text) => {
    const [, head = '', rest = text] = /^(! )?(.*)$/s.exec(text) ?? [];
    return wrapHanging(head, rest, width).map((line) => ({ text: line, tone: 'warn' as const }));
  });
  const lines = [...said, ...changesLines(state, titleNow)];
  const room = Math.max(0, height - 2);
  const shown = lines.length > room ? [...lines.slice(0, Math.max(0, room - 1)), { text: `    … ${lines.length - room + 1} more`, tone: 'muted' as const }] : lines;
  return (
    <Box flexDirection="column" width="100%" height={height} overflow="hidden">
      <Text wrap="truncate-end" bold color={theme.tone('accent')}>
        RESUMED RUN
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" color={theme.tone(l.tone)}>
          {screenText(l.text)}
        </Text>
      ))}
      <Text wrap="truncate-end" bold>
        enter: dismiss and continue
      </Text>
    </Box>
  );
}
