// The left column: phases with done/total and failed marks (the current one marked ▸),
// the plan being run, and the scheduled checks counted down.

import { Box, Text } from 'ink';
import type { RunState } from '../../run/state';
import { dueNow, phaseProgress } from '../../run/navigation';
import { isOpen } from '../../run/reducer';
import type { Runbook } from '../../runbook/model';
import { useTheme, type Tone } from '../theme';
import { clock, fit, length } from '../text';

interface Line {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/** "PHASE 2: Migration" → "2 Migration": the column is narrow. */
export function shortPhaseTitle(title: string): string {
  return title.replace(/^phase\s+(\d+[a-z]?)\s*[:.–—-]?\s*/i, '$1 ');
}

function phaseLine(state: RunState, phase: { id: string; title: string }, current: boolean, width: number): Line {
  const { done, total, failed } = phaseProgress(state, phase.id);
  const mark = current ? '▸' : failed > 0 ? '✘' : total > 0 && done === total ? '✔' : ' ';
  const count = `${done}/${total}${failed > 0 ? ` ${failed}✘` : ''}`;
  const title = fit(shortPhaseTitle(phase.title), Math.max(3, width - length(count) - 3));
  const gap = ' '.repeat(Math.max(1, width - 2 - length(title) - length(count)));
  return { text: `${mark} ${title}${gap}${count}`, tone: failed > 0 ? 'bad' : current ? 'accent' : total > 0 && done === total ? 'ok' : 'plain', bold: current };
}

/** Lines of the column: phases (windowed around the current one), then plans and checks. */
export function phaseLines(args: { state: RunState; runbook: Runbook | null; currentPhase: string | null; now: Date; width: number; height: number }): Line[] {
  const { state, currentPhase, now, width, height } = args;
  const tail: Line[] = [];
  for (const p of state.plans) {
    const title = args.runbook?.plans.find((x) => x.id === p.plan)?.title ?? p.plan;
    tail.push({ text: `▸ PLAN ${title}`, tone: 'warn', bold: true });
  }
  const open = state.due.filter((d) => isOpen(state.steps[d.step]?.status ?? 'pending'));
  if (open.length > 0) {
    const due = new Set(dueNow(state, now).map((d) => d.step));
    tail.push({ text: 'CHECKS', bold: true });
    for (const d of open) {
      const title = state.summaries.find((s) => s.id === d.step)?.title ?? d.step;
      const when = due.has(d.step) ? 'DUE' : clock(Date.parse(d.dueAt) - now.getTime());
      tail.push({ text: `⏱ ${when} ${title}`, tone: due.has(d.step) ? 'warn' : 'plain' });
    }
  }
  // One column of space before the divider.
  const phases = state.phases.map((p) => phaseLine(state, p, p.id === currentPhase, width - 1));
  const room = Math.max(1, height - 1 - Math.min(tail.length, Math.floor(height / 2)));
  const at = Math.max(0, state.phases.findIndex((p) => p.id === currentPhase));
  const start = phases.length <= room ? 0 : Math.max(0, Math.min(at - Math.floor(room / 2), phases.length - room));
  const shown = phases.slice(start, start + room);
  if (start > 0 && shown.length > 0) shown[0] = { text: `  … ${start} above`, tone: 'muted' };
  if (start + room < phases.length && shown.length > 0) shown[shown.length - 1] = { text: `  … ${phases.length - start - room + 1} below`, tone: 'muted' };
  return [{ text: 'PHASES', bold: true }, ...shown, ...tail].slice(0, height);
}

export function PhaseList(props: { state: RunState; runbook: Runbook | null; currentPhase: string | null; now: Date; width: number; height: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={props.width} flexShrink={0} height={props.height} overflow="hidden">
      {phaseLines(props).map((line, i) => (
        <Text key={i} wrap="truncate-end" bold={line.bold ?? false} color={theme.tone(line.tone ?? 'plain')}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
