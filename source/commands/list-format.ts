// `list` and `list --store` as text that fits the terminal (80 columns and up), and `--format md`
// as a Markdown table a team pastes into a change ticket or wiki. Text from the runs
// (titles, names) is someone else's: control characters are spelled out, never obeyed.

import { code, table, text } from '../report/md';
import { SHORT_RUN_ID } from '../journal/run-id';
import type { ListedRun } from './listed-run';
import { visibleLine } from '../run/terminal-text';
import { width as textWidth, wrapHanging } from '../wrap';
import { drawnWidth, padToColumns, padToWidth } from '../run/drawn-width';

/**
 * Spelled out first (`\\e[2K`, and a line end as `\\n`: a name or title holding one would
 * break its row in two, the second half read as a run of its own), then cut: the column
 * holds what the terminal will show.
 */
const fit = (given: string, width: number): string => padToWidth(visibleLine(given), width);

/** `2026-12-06T07:12:03.456Z` → `12-06 07:12` (UTC, as the column's heading says). */
const short = (iso: string | null): string => (iso === null ? '' : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`);

/** The least a title keeps before the table gives up a column for it. */
const TITLE_ROOM = 12;

/** The state as the narrow table shows it: completed_with_failures is `completed*`, footnoted below. */
const SHORT_STATE = 'completed*';

/**
 * ID, state, started, ended (UTC), operator, host, title; each due check on a line of its own
 * below its run. Where 80 columns cannot hold it all with room for the title, the state
 * `completed_with_failures` reads `completed*` (a footnote says what the star means), then
 * the ended column goes (show has it), and only then are the operator and the host cut
 * (the operator first: the host tells bastion-1 from bastion-2).
 */
export function listTable(runs: readonly ListedRun[], columns: number): string[] {
  const width = Math.max(80, columns);
  const idWidth = 8;
  const who = (pick: (r: ListedRun) => string, heading: string) => Math.min(12, Math.max(heading.length, ...runs.map((r) => drawnWidth(visibleLine(pick(r))))));
  let operatorWidth = who((r) => r.operator, 'OPERATOR');
  let hostWidth = who((r) => r.host, 'HOST');
  const fullState = Math.max(11, ...runs.map((r) => r.state.length));
  // What is left for the title: each column and the two spaces after it.
  const room = (state: number, ended: boolean) => width - (idWidth + 2) - (state + 2) - 13 - (ended ? 13 : 0) - (operatorWidth + 2) - (hostWidth + 2);
  const shortStates = room(fullState, true) < TITLE_ROOM && fullState > 11;
  const stateWidth = shortStates ? 11 : fullState;
  const ended = room(stateWidth, true) >= TITLE_ROOM;
  while (room(stateWidth, ended) < TITLE_ROOM && (operatorWidth > 6 || hostWidth > 6)) {
    if (operatorWidth > 6) operatorWidth -= 1;
    else hostWidth -= 1;
  }
  const titleWidth = Math.max(10, room(stateWidth, ended));
  const state = (r: ListedRun) => (shortStates && r.state === 'completed_with_failures' ? SHORT_STATE : r.state);
  const pick = <T>(cells: T[]): T[] => (ended ? cells : cells.filter((_, i) => i !== 3));
  const widths = pick([idWidth, stateWidth, 11, 11, operatorWidth, hostWidth, titleWidth]);
  const line = (cells: string[]) => pick(cells).map((c, i) => fit(c, widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(['ID', 'STATE', ended ? 'STARTED' : 'STARTED UTC', 'ENDED (UTC)', 'OPERATOR', 'HOST', 'TITLE'])];
  for (const r of runs) {
    out.push(line([(r.runId ?? '').slice(0, idWidth), state(r), short(r.startedAt), short(r.endedAt), r.operator, r.host, `${r.rehearsal ? 'REHEARSAL · ' : ''}${r.title}`]));
    for (const d of r.due) out.push(fit(`${' '.repeat(idWidth + 2)}${d.isDue ? 'DUE' : 'due'} ${short(d.dueAt)}  ${d.title}`, width).trimEnd());
  }
  if (runs.some((r) => state(r) === SHORT_STATE)) out.push('', `${SHORT_STATE.slice(-1)} completed_with_failures (runbook show RUN --store says what failed)`);
  return out;
}

/** A run's own text (a title, a check's), spelled out, after its row's head. */
const hanging = (prefix: string, text: string, columns: number) => wrapHanging(prefix, visibleLine(text), columns);

/**
 * This account's runs (`list`), each as state, start, operator and title, its journal on the
 * line below, and its scheduled checks: fitted to the terminal. A title flows under its own
 * column; a journal too long for its indent goes on a line of its own, whole, to be copied.
 */
export function listLines(runs: readonly ListedRun[], columns: number): string[] {
  // The state column as wide as its longest word shown (completed_with_failures is long).
  const width = Math.max(11, ...runs.map((r) => r.state.length));
  const indent = ' '.repeat(width + 1);
  const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const out: string[] = [];
  for (const r of runs) {
    out.push(...hanging(`${r.state.padEnd(width)} ${when(r.startedAt)}  ${padToColumns(visibleLine(r.operator), 12)} `, `${r.rehearsal ? 'REHEARSAL · ' : ''}${r.title}`, columns));
    const journal = visibleLine(r.journal);
    out.push(textWidth(indent + journal) <= columns ? indent + journal : `  ${journal}`);
    for (const d of r.due) out.push(...hanging(`${indent}${d.isDue ? 'DUE' : 'due'} ${when(d.dueAt)}  `, d.title, columns));
  }
  return out;
}

/** The same runs as a Markdown table: whole ids and times, due checks in their own column. */
export function listMarkdown(runs: readonly ListedRun[]): string[] {
  const when = (iso: string | null) => (iso === null ? '—' : `${iso.slice(0, 16).replace('T', ' ')}Z`);
  const rows = runs.map((r) => [
    r.runId === null ? '—' : code(r.runId.slice(0, SHORT_RUN_ID), true),
    text(`${r.rehearsal ? 'REHEARSAL · ' : ''}${r.title}`),
    r.state,
    text(r.operator),
    text(r.host),
    when(r.startedAt),
    when(r.endedAt),
    r.due.length === 0 ? '—' : r.due.map((d) => `${d.isDue ? '**due** ' : ''}${when(d.dueAt)} ${text(d.title)}`).join('; '),
  ]);
  return table(['Run', 'Title', 'State', 'Operator', 'Host', 'Started', 'Ended', 'Scheduled checks'], rows);
}
