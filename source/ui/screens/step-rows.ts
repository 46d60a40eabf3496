// The step on screen as rows of text that fit a box exactly: what it is, its exact
// command or SQL, status and time against the estimate, the expectation and whether it
// held, then as much output (or result tables) as the room left allows. A command too long
// for the box keeps its destructive lines in view (command-rows.ts); `x` shows the whole
// step (expanded-rows.ts). Pure.

import { answeredBefore, answerLine } from '../../run/plans';
import { stepTarget } from '../../runbook/step-target';
import { formatResultSet } from '../../run/table-format';
import { outcomeTone, statusMark } from '../theme';
import { awaitsJudgment } from '../../run/step-status';
import { UNJUDGED } from '../../run/status-mark';
import { duration, fit, length, plural, spread, spreadCuts } from '../text';
import { visible } from '../../run/terminal-text';
import { commandView, hiddenCharRows, type Command } from './command-rows';
import { wrapRows, type Row } from './row';
import type { StepView } from './step-view';
import { EXPECTATION_ROWS, expectationRows, noteRows } from './step-notes';
import { placeText } from './author-rows';

export type { Row } from './row';
export type { StepView } from './step-view';
export { wrapRows } from './row';
export { expectationRow, flowRows, noteRows } from './step-notes';


export function kindText(v: StepView): string {
  const step = v.step;
  const a = step?.annotations ?? {};
  const parts: string[] = [];
  switch (v.summary.kind) {
    case 'shell':
      parts.push('shell');
      if (a.follow) parts.push('follow: runs until you stop it');
      if (a.tty) parts.push('tty: gets the terminal');
      else if (step?.interactive && a.tty === undefined) parts.push(`interactive (${step.interactive}): gets the terminal`);
      if (a['ok-exit']) parts.push(`ok-exit=${a['ok-exit']}`);
      if (a.timeout) parts.push(`timeout=${a.timeout}`);
      break;
    case 'sql':
      parts.push(`sql → ${(step ? stepTarget(step, v.state.targets) : v.state.targets[0]?.name) ?? 'no target'}`);
      break;
    case 'manual':
      parts.push('manual check');
      break;
    case 'input':
      parts.push(`input ${step?.input?.name ?? ''}${step?.input?.secret ? ' (secret)' : ''}`);
      break;
    case 'signoff':
      parts.push(`sign-off · ${step?.role ?? v.summary.title}`);
      break;
    case 'decision':
      parts.push('decision');
      break;
    default: {
      const never: never = v.summary.kind;
      parts.push(String(never));
    }
  }
  if (a.capture) parts.push(`capture=${a.capture}`);
  if (a.compare) parts.push(`compare=${a.compare}`);
  if (step?.condition) parts.push(step.condition === 'optional' ? 'optional' : `only ${step.condition}`);
  if (step?.destructive || a.destructive) parts.push('DESTRUCTIVE');
  return parts.join(' · ');
}

export function statusText(v: StepView): string {
  const { st, step } = v;
  const estimate = step?.estimate ? `est ${step.estimate}` : '';
  if (st.status === 'running') {
    const ran = st.startedAt ? duration(Math.max(0, v.now - Date.parse(st.startedAt))) : '';
    return `▸ running ${ran}${estimate ? ` / ${estimate}` : ''}`;
  }
  if (st.status === 'pending') return estimate;
  const took = st.durationMs !== null ? ` ${duration(st.durationMs)}` : '';
  const exit = st.exitCode !== null && st.exitCode !== 0 ? ` exit ${st.exitCode}` : '';
  // It ran; whether it passed is the operator's word, still to come.
  if (awaitsJudgment(st)) return `? ran${exit}${took} · ${UNJUDGED}`;
  return `${statusMark(st.status)} ${st.status}${exit}${took}${estimate && st.durationMs !== null ? ` / ${estimate}` : ''}`;
}

/** The shell or SQL the step shows: the command being confirmed, edited, or that ran, else the runbook's. */
export function commandOf(v: StepView): Command | null {
  const step = v.step;
  if (!step || (step.kind !== 'shell' && step.kind !== 'sql')) return null;
  const raw = v.confirming ?? v.edited ?? v.st.command ?? step.command ?? step.sql ?? '';
  // Spelled out (`\e[2K`, `<U+202E>`): the terminal shows the command that runs, never obeys it.
  return { kind: step.kind, raw, shown: visible(raw) };
}

/** What the step asks or holds, apart from a shell or SQL command (commandOf). */
export function stepTextRows(v: StepView, width: number): Row[] {
  const step = v.step;
  if (!step) return [{ text: 'The runbook no longer has this step.', tone: 'warn' }];
  const rows: Row[] = [];
  switch (step.kind) {
    case 'shell':
    case 'sql':
      if (v.edited !== undefined && v.edited !== (step.command ?? step.sql)) rows.push({ text: 'edited (the journal keeps the original too):', tone: 'warn' });
      else if (v.st.command !== null) rows.push({ text: 'ran as edited:', tone: 'warn' });
      break;
    case 'manual':
      // What the operator confirms is read whole: long text wraps, it is never cut.
      rows.push(...wrapRows(`[ ] ${step.title}`, width, '    '));
      for (const sub of step.subChecks ?? []) rows.push(...wrapRows(`    [ ] ${sub}`, width, '        '));
      if (step.offeredCommand) rows.push(...wrapRows(`offers: $ ${visible(step.offeredCommand)}  (r runs it)`, width, '↪ ', { tone: 'accent' }));
      break;
    case 'input': {
      const spec = step.input;
      const given = spec ? v.state.inputs[spec.name] : undefined;
      rows.push(...wrapRows(`${spec?.prompt ?? step.title}: ${given ? (given.secret ? '••••••' : given.value) : '____'}`, width, '  '));
      if (spec?.pattern) rows.push({ text: `must match ${spec.pattern}`, tone: 'muted' });
      if (spec?.default && !given) rows.push({ text: `default: ${spec.default}`, tone: 'muted' });
      break;
    }
    case 'signoff': {
      // The role signed for and who signed are read whole: a long role wraps, never cut.
      rows.push(...wrapRows(`${step.role ?? step.title}: ____`, width, '  '));
      for (const s of v.state.signoffs.filter((x) => x.step === step.id)) {
        rows.push(...wrapRows(s.refused ? `✘ refused by ${s.name}` : `✔ signed by ${s.name}${s.signature ? ` · key ${s.signature.keyFingerprint}` : ' · no SSH signature'}`, width, '  ', { tone: s.refused ? 'bad' : 'ok' }));
      }
      break;
    }
    case 'decision':
      rows.push(...wrapRows(step.title, width, '  '));
      for (const d of v.state.decisions.filter((x) => x.step === step.id)) rows.push({ text: `→ ${d.path.map((p) => p.answer).join(' › ')} → ${d.leadsTo.title}`, tone: 'ok' });
      // Answered before through the same tree (after a failure, with d): asked again here, not unanswered.
      if (step.decision) for (const d of answeredBefore(v.state, step.decision).filter((x) => x.step !== step.id)) rows.push(...wrapRows(answerLine(d), width, '  ', { tone: 'accent' }));
      break;
    default: {
      const never: never = step.kind;
      rows.push({ text: String(never) });
    }
  }
  return rows;
}

function outputRows(v: StepView, width: number, room: number): Row[] {
  if (room <= 0) return [];
  const sets = v.st.status !== 'running' ? v.st.resultSets : null;
  if (sets && sets.length > 0) {
    const lines = sets.flatMap((rs, i) => [...(i > 0 ? [''] : []), ...formatResultSet(rs, { width, maxRows: Math.max(1, room - 3) })]);
    const shown = lines.slice(0, room);
    if (lines.length > room && room > 1) shown[room - 1] = `… ${plural(lines.length - room + 1, 'more line')} · o: whole output`;
    // A table too wide even with its columns narrowed is cut with a marker, never wrapped.
    return shown.map((text) => ({ text: fit(text, width) }));
  }
  if (v.st.outputLines === 0 && v.st.status !== 'running') return [];
  const first = v.output(room);
  if (first.hidden === 0) return first.lines.map((text) => ({ text }));
  const rest = v.output(room - 1);
  return [{ text: `… ${plural(rest.hidden, 'line')} skipped · o: whole output`, tone: 'muted' }, ...rest.lines.map((text) => ({ text }))];
}

export interface StepRows {
  rows: Row[];
  /** Something of the step is not on screen (command lines, text cut at the edge): x shows it. */
  cut: boolean;
  /** A line that makes the step destructive did not fit (only in a pane too small for it). */
  hidesDestructive: boolean;
}

/** The step's description and own title, as the head shows them (cut to one row each). */
export function headTexts(v: StepView): string[] {
  const texts: string[] = [];
  if (v.step?.description) texts.push(v.step.description);
  // A runnable step's own title, when it says more than its section and its first line.
  const title = v.step?.title.trim() ?? '';
  const firstLine = (v.step?.command ?? v.step?.sql ?? '').trim().split('\n')[0] ?? '';
  if (v.step && (v.step.kind === 'shell' || v.step.kind === 'sql') && title && title !== v.step.section && title !== firstLine) texts.push(title);
  return texts;
}

/** The heading the panel's first row shows, beside where the step stands. */
const heading = (v: StepView) => v.step?.section || v.summary.title;

/** The heading whole, wrapped, when the first row cut it (x shows it so). */
export function cutHeadingRows(v: StepView, width: number): Row[] {
  return spreadCuts(heading(v), v.where, width) ? wrapRows(heading(v), width, '', { bold: true }) : [];
}

/** The kind row whole, wrapped, when the second row cut it (DESTRUCTIVE or a timeout at its end). */
export function cutKindRows(v: StepView, width: number): Row[] {
  return spreadCuts(kindText(v), statusText(v), width) ? wrapRows(kindText(v), width, '  ', { tone: outcomeTone(v.st) }) : [];
}

export function titleRows(v: StepView, width: number): Row[] {
  return [
    { text: spread(heading(v), v.where, width), bold: true },
    { text: spread(kindText(v), statusText(v), width), tone: outcomeTone(v.st) },
  ];
}

/**
 * Exactly the rows that fit `height`; the command is cut before the status and
 * expectation, never its destructive lines: to make room for those the description goes first.
 */
export function stepRows(v: StepView, width: number, height: number): StepRows {
  const full = layoutStep(v, width, height, true);
  return full.hidesDestructive && headTexts(v).length > 0 ? layoutStep(v, width, height, false) : full;
}

function layoutStep(v: StepView, width: number, height: number, withTexts: boolean): StepRows {
  const head = titleRows(v, width);
  const texts = withTexts ? headTexts(v) : [];
  let cut = texts.length < headTexts(v).length || spreadCuts(heading(v), v.where, width) || cutKindRows(v, width).length > 0;
  texts.forEach((text, i) => {
    // A decision's description is what it asks about ("Rollback if any of these holds?":
    // the criteria): every line of it, as its question is.
    if (i === 0 && v.step?.kind === 'decision' && v.step.description) {
      for (const line of text.split('\n')) head.push(...wrapRows(line, width, '    '));
      return;
    }
    const first = text.split('\n')[0] ?? '';
    if (first !== text || length(first) > width) cut = true;
    head.push(i === 0 && v.step?.description ? { text: first, tone: 'muted' } : { text: first, bold: true });
  });
  // A step with output keeps most of the room for it; one without gives it to the command,
  // and to an expectation of several lines (a console transcript's expected output).
  const hasOutput = v.st.status === 'running' || v.st.outputLines > 0 || (v.st.resultSets?.length ?? 0) > 0;
  const expected = expectationRows(v, width, hasOutput ? EXPECTATION_ROWS : Math.max(EXPECTATION_ROWS, Math.floor(height / 3)));
  const after = [...expected.rows, ...noteRows(v)];
  if (expected.cut || after.some((r) => length(r.text) > width)) cut = true;
  const text = stepTextRows(v, width);
  const command = commandOf(v);
  const share = hasOutput ? Math.max(3, Math.floor(height * 0.4)) : height;
  let hidesDestructive = false;
  let commandCut = false;
  let body = text;
  if (command) {
    const view = commandView(command, width);
    const flagged = hiddenCharRows(command, width);
    const free = height - head.length - after.length - text.length - flagged.length;
    let room = Math.max(1, Math.min(view.whole.length, free - (hasOutput ? 1 : 0), share));
    // The lines that make it destructive are never the hidden part: they take the room they need.
    room = Math.max(room, Math.min(view.destructiveRoom, free));
    const shown = view.cut(room);
    if (shown.hidden > 0) cut = commandCut = true;
    hidesDestructive = shown.hiddenDestructive > 0;
    body = [...text, ...shown.rows, ...flagged];
  }
  const fixed = [...head, ...body, ...after];
  if (fixed.length > height) cut = true;
  const around = v.text ?? { before: [], after: [] };
  if (!hasOutput) {
    // Before it runs, the room the step leaves shows the author's text where it stands.
    const placed = placeText(around, width, commandCut ? 0 : height - fixed.length);
    if (placed.cut) cut = true;
    return { rows: [...head, ...placed.before, ...body, ...after, ...placed.after].slice(0, height), cut, hidesDestructive };
  }
  // Once it ran, its output has the room; x shows the text again.
  if (around.before.length + around.after.length > 0) cut = true;
  return { rows: [...fixed, ...outputRows(v, width, height - fixed.length)].slice(0, height), cut, hidesDestructive };
}
