// The left column: phases with done/total and failed marks (the current one marked ▸),
// the plans under them (the one being run marked ▸, finished ones ✔, kept with their
// progress), and the scheduled checks counted down.

import { Box, Text } from 'ink';
import type { RunState } from '../../run/state';
import { dueNow, onlyRehearsed, phaseProgress } from '../../run/navigation';
import { plansOverview, type PlanProgress } from '../../run/plans';
import { isOpen } from '../../run/step-status';
import type { Runbook } from '../../runbook/model';
import { useTheme, type Tone } from '../theme';
import { clock, fit, length, screenText } from '../text';
import { fittingChars } from '../../run/drawn-width';

interface Line {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** The rest of the current phase's title, under its first line. */
  more?: boolean;
}

/** "PHASE 2: Migration" → "2 Migration": the column is narrow. */
export function shortPhaseTitle(title: string): string {
  return title.replace(/^phase\s+(\d+[a-z]?)\s*[:.–—-]?\s*/i, '$1 ');
}

/** Lines the current phase's or plan's title may take: a 300-character title took 17 and hid the phases after it. */
const TITLE_LINES = 4;

/**
 * A phase's or a plan's line: title cut to the column, done/total after it. The current one
 * goes on indented lines below it, so its title shows whole, up to TITLE_LINES lines.
 */
function progressRows(row: { mark: string; title: string; count: string; tone: Tone; current: boolean }, width: number): Line[] {
  const { mark, title, count, tone, current } = row;
  const room = Math.max(3, width - length(count) - 3);
  const [first = '', ...wrapped] = current && length(title) > room ? wrapTitle(title, room, Math.max(3, width - 2)) : [fit(title, room)];
  // Past them, the last line holds what is left, cut with ….
  const rest = wrapped.length < TITLE_LINES ? wrapped : [...wrapped.slice(0, TITLE_LINES - 2), fit(wrapped.slice(TITLE_LINES - 2).join(' '), Math.max(3, width - 2))];
  const gap = ' '.repeat(Math.max(1, width - 2 - length(first) - length(count)));
  return [{ text: `${mark} ${first}${gap}${count}`, tone, bold: current }, ...rest.map((text) => ({ text: `  ${text}`, tone, bold: current, more: true }))];
}

function phaseRows(state: RunState, phase: { id: string; title: string }, current: boolean, width: number): Line[] {
  const { done, total, failed } = phaseProgress(state, phase.id);
  const mark = current ? '▸' : failed > 0 ? '✘' : total > 0 && done === total ? (onlyRehearsed(state, phase.id) ? '○' : '✔') : ' ';
  const count = `${done}/${total}${failed > 0 ? ` ${failed}✘` : ''}`;
  const tone: Tone = failed > 0 ? 'bad' : current ? 'accent' : total > 0 && done === total ? 'ok' : 'plain';
  return progressRows({ mark, title: shortPhaseTitle(phase.title), count, tone, current }, width);
}

/** "6.2 Rollback Plan A: Database Migration" → "6.2 Plan A: Database Migration": the column is narrow. */
export function shortPlanTitle(title: string): string {
  return title.replace(/\b(rollback|roll-back|backout)\s+(plan\s)/i, '$2');
}

function planRows(p: PlanProgress, width: number): Line[] {
  const onlyRehearsed = p.passed === 0 && p.failed === 0 && p.rehearsed > 0;
  const mark = p.active ? '▸' : p.finished ? (p.failed > 0 ? '✘' : onlyRehearsed ? '○' : '✔') : ' ';
  const count = `${p.total - p.open}/${p.total}${p.failed > 0 ? ` ${p.failed}✘` : ''}`;
  const tone: Tone = p.active ? 'warn' : p.failed > 0 ? 'bad' : p.finished ? 'ok' : p.entered ? 'plain' : 'muted';
  return progressRows({ mark, title: shortPlanTitle(p.title), count, tone, current: p.active }, width);
}

/**
 * The plans under the phases, in `room` lines: those entered always (they keep their
 * progress there once finished), the others while there is room, then "… N more".
 */
export function plansSection(plans: PlanProgress[], width: number, room: number): Line[] {
  if (plans.length === 0 || room < 2) return [];
  const rows = plans.map((p) => ({ p, rows: planRows(p, width) }));
  const need = (list: typeof rows) => 1 + list.reduce((n, r) => n + r.rows.length, 0);
  let kept = rows;
  if (need(rows) > room) {
    const entered = rows.filter((r) => r.p.entered);
    const others = rows.filter((r) => !r.p.entered);
    const chosen = new Set(entered.map((r) => r.p.plan));
    for (const r of others) if (need(rows.filter((x) => chosen.has(x.p.plan) || x === r)) + 1 <= room) chosen.add(r.p.plan);
    kept = rows.filter((r) => chosen.has(r.p.plan));
  }
  const hidden = plans.length - kept.length;
  const more: Line[] = hidden > 0 ? [{ text: `  … ${hidden} more · P`, tone: 'muted' }] : [];
  return [{ text: 'PLANS · P', bold: true }, ...kept.flatMap((r) => r.rows), ...more].slice(0, room);
}

/**
 * The first piece fits beside the count, the rest the column's width. A title breaks between
 * words, or after a hyphen or slash inside a word too long for its line ("Pre-" then
 * "Deployment Security"); a first word that fits only the lines below starts there (the
 * first piece is then empty); only a word longer than a line is cut where the line ends.
 */
export function wrapTitle(title: string, firstWidth: number, width: number): string[] {
  const pieces: string[] = [];
  let rest = [...screenText(title)];
  let room = firstWidth;
  // Counted in columns: a CJK title takes two a character.
  while (length(rest.join('')) > room) {
    const fits = fittingChars(rest, room);
    const line = rest.slice(0, fits + 1);
    const space = line.lastIndexOf(' ');
    const joint = Math.max(line.lastIndexOf('-', fits - 1), line.lastIndexOf('/', fits - 1));
    const end = space > 0 ? space : joint > 0 ? joint + 1 : fits;
    // A first word too long for the line beside the count, whole on the lines below: it
    // goes there ("Infrastructur" / "e Setup" read as two words). CJK breaks anywhere.
    const word = rest.slice(0, Math.max(rest.indexOf(' '), 0) || rest.length);
    if (pieces.length === 0 && space <= 0 && joint <= 0 && length(word.join('')) === word.length && word.length <= width) {
      pieces.push('');
      room = width;
      continue;
    }
    pieces.push(rest.slice(0, end).join('').trimEnd());
    rest = rest.slice(end);
    while (rest[0] === ' ') rest.shift();
    room = width;
  }
  pieces.push(rest.join(''));
  // Only the first piece may be empty: its word went to the line below.
  return pieces.filter((p, i) => p !== '' || (i === 0 && pieces.length > 1));
}

/** Lines of the column: phases (windowed around the current one), then plans and checks. */
/** An information page's line: its title, read-only (¶), marked ▸ while on screen. */
function pageRow(title: string, current: boolean, width: number): Line {
  return { text: `${current ? '▸' : ' '} ¶ ${fit(title, Math.max(3, width - 4))}`, tone: current ? 'accent' : 'muted', bold: current };
}

export function phaseLines(args: { state: RunState; runbook: Runbook | null; currentPhase: string | null; currentPage?: string | null; now: Date; width: number; height: number }): Line[] {
  const { state, currentPhase, now, width, height } = args;
  const tail: Line[] = [];
  const open = state.due.filter((d) => isOpen(state.steps[d.step]?.status ?? 'pending'));
  if (open.length > 0) {
    const due = new Set(dueNow(state, now).map((d) => d.step));
    tail.push({ text: 'CHECKS', bold: true });
    for (const d of open) {
      const title = state.summaries.find((s) => s.id === d.step)?.title ?? d.step;
      const when = due.has(d.step) ? 'DUE' : clock(Date.parse(d.dueAt) - now.getTime());
      // The author's title: spelled out and cut to the column, as a phase's is.
      tail.push({ text: fit(`⏱ ${when} ${title}`, width - 1), tone: due.has(d.step) ? 'warn' : 'plain' });
    }
  }
  // The plans share the lower half with the checks; they come first, under the phases.
  const plans = plansSection(plansOverview(state, args.runbook), width - 1, Math.max(0, Math.floor(height / 2) - Math.min(tail.length, 3)));
  tail.unshift(...plans);
  // One column of space before the divider.
  const pages = (args.runbook?.pages ?? []).filter((p) => p.phase === null);
  const lineOf = (id: string) => args.runbook?.phases.find((p) => p.id === id)?.line ?? 0;
  // Information pages stand between the phases, as in the file.
  const items = [...state.phases.map((p) => ({ line: lineOf(p.id), rows: () => phaseRows(state, p, p.id === currentPhase, width - 1) })), ...pages.map((p) => ({ line: p.line, rows: () => [pageRow(p.title, p.id === args.currentPage, width - 1)] }))];
  const phases = (pages.length > 0 ? items.sort((a, b) => a.line - b.line) : items).flatMap((i) => i.rows());
  const room = Math.max(1, height - 1 - Math.min(tail.length, Math.floor(height / 2)));
  const at = Math.max(0, phases.findIndex((l) => l.text.startsWith('▸')));
  const start = phases.length <= room ? 0 : Math.max(0, Math.min(at - Math.floor(room / 2), phases.length - room));
  const shown = phases.slice(start, start + room);
  const count = (lines: Line[]) => lines.filter((l) => !l.more).length;
  if (start > 0 && shown.length > 0) shown[0] = { text: `  … ${count(phases.slice(0, start + 1))} above`, tone: 'muted' };
  if (start + room < phases.length && shown.length > 0) shown[shown.length - 1] = { text: `  … ${count(phases.slice(start + room - 1))} below`, tone: 'muted' };
  return [{ text: 'PHASES', bold: true }, ...shown, ...tail].slice(0, height);
}

export function PhaseList(props: { state: RunState; runbook: Runbook | null; currentPhase: string | null; currentPage?: string | null; now: Date; width: number; height: number }) {
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
