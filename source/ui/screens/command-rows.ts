// A shell or SQL step's command as rows of the step panel. Every line is shown whole
// (a long one wraps, ↪ marks the continuation). When the command does not fit, the head
// is shown, then "… N lines hidden", then each line that makes the step destructive with
// its line number: the dangerous part is never the hidden part. Pure.

import { destructiveSpans, type LineRange } from '../../runbook/destructive';
import { hasHidden } from '../../run/terminal-text';
import { plural, wrap } from '../text';
import type { Row } from './row';

export interface Command {
  kind: 'shell' | 'sql';
  /** The command as it runs; where it is destructive is judged on this. */
  raw: string;
  /** The same, as the screen shows it (control characters spelled out): one line each. */
  shown: string;
}

export interface CommandRows {
  rows: Row[];
  /** Lines of the command left off the screen. */
  hidden: number;
  /** Lines that make the step destructive left off too (a pane too small even for them). */
  hiddenDestructive: number;
}

const EXPAND = 'x: whole command';

interface Line {
  /** In order, as the command reads. */
  rows: Row[];
  /** Out of order, after a gap: "! 13: …". */
  numbered: Row[];
}

/** Line numbers (from 0) that made the step destructive: the matches, and their whole statements. */
function destructiveLines(command: Command, count: number): { matches: Set<number>; statements: Set<number> } {
  const add = (set: Set<number>, r: LineRange) => {
    for (let i = r.first; i <= Math.min(r.last, count - 1); i++) set.add(i);
  };
  const matches = new Set<number>();
  const statements = new Set<number>();
  for (const span of destructiveSpans(command.kind, command.raw)) {
    add(matches, span);
    add(statements, span.statement);
  }
  return { matches, statements };
}

function linesOf(command: Command, width: number, matches: Set<number>): Line[] {
  return command.shown.split('\n').map((text, i) => {
    const tone = matches.has(i) ? 'bad' : 'accent';
    const rows = wrap(text, width - 2).map((piece, j): Row => ({ text: `${j > 0 ? '↪' : command.kind === 'shell' && i === 0 ? '$' : ' '} ${piece}`, tone }));
    const number = `! ${i + 1}: `;
    const numbered = wrap(text, Math.max(1, width - number.length)).map((piece, j): Row => ({ text: `${j > 0 ? '↪'.padEnd(number.length) : number}${piece}`, tone: 'bad' }));
    return { rows, numbered };
  });
}

/** The first rows of a hidden line that are shown anyway: a line too long to show whole. */
interface Partial {
  line: number;
  rows: number;
}

function gapMarker(n: number, atEnd: boolean, partial: { rest: number } | null): string {
  if (partial === null) return atEnd ? `  … ${plural(n, 'more line')} · ${EXPAND}` : `  … ${plural(n, 'line')} hidden · ${EXPAND}`;
  const rest = `  … ${plural(partial.rest, 'more row')} of this line`;
  if (n === 1) return `${rest} · ${EXPAND}`;
  return `${rest}, ${atEnd ? plural(n - 1, 'more line') : `${plural(n - 1, 'line')} hidden`} · ${EXPAND}`;
}

/**
 * The shown lines in order; each run of hidden lines is one marker row. A `partial` line
 * (the first of its run) shows its first rows before the marker.
 */
function layout(lines: Line[], shown: boolean[], partial: Partial | null = null): Row[] {
  const rows: Row[] = [];
  let afterGap = false;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (shown[i] && line) {
      rows.push(...(afterGap ? line.numbered : line.rows));
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && !shown[j]) j++;
    const head = partial?.line === i && line ? (afterGap ? line.numbered : line.rows).slice(0, partial.rows) : [];
    rows.push(...head);
    const rest = head.length > 0 && line ? (afterGap ? line.numbered : line.rows).length - head.length : 0;
    rows.push({ text: gapMarker(j - i, j === lines.length, head.length > 0 ? { rest } : null), tone: 'muted' });
    afterGap = true;
    i = j;
  }
  return rows;
}

export interface CommandView {
  /** Every row of the command, in order (the expanded panel). */
  whole: Row[];
  /** Rows the destructive statements need (with the markers around them) when nothing else is shown. */
  destructiveRoom: number;
  /**
   * The command in at most `room` rows. Whole when it fits; else the destructive
   * statements (or, when those do not fit, the lines of the matches themselves), then as
   * much of the head as the rest of the room takes.
   */
  cut: (room: number) => CommandRows;
}

/**
 * Under a command that holds control or invisible characters: a real ESC and the text `\e`
 * look alike once spelled out, so the screen says which it is, as --plain does.
 */
export function hiddenCharRows(command: Command, width: number): Row[] {
  if (!hasHidden(command.raw)) return [];
  return wrap('! holds control or invisible characters, spelled out above as \\e, \\xNN or <U+…>: it runs exactly as shown', width).map((text) => ({ text, tone: 'warn' }));
}

/** The last few views: a running step's screen is drawn many times a second with the same command. */
const recent = new Map<string, CommandView>();

export function commandView(command: Command, width: number): CommandView {
  const key = `${command.kind}\u0000${width}\u0000${command.raw}`;
  const known = recent.get(key);
  if (known) return known;
  const view = makeView(command, width);
  recent.set(key, view);
  if (recent.size > 8) recent.delete(recent.keys().next().value ?? key);
  return view;
}

function makeView(command: Command, width: number): CommandView {
  const lines = command.shown.split('\n');
  const { matches, statements } = destructiveLines(command, lines.length);
  const all = linesOf(command, width, matches);
  const whole = all.flatMap((l) => l.rows);
  const only = (set: Set<number>) => lines.map((_, i) => set.has(i));
  return {
    whole,
    destructiveRoom: statements.size === 0 ? 0 : layout(all, only(statements)).length,
    cut: (room) => cut(all, whole, { matches, statements }, room),
  };
}

function cut(all: Line[], whole: Row[], must: { matches: Set<number>; statements: Set<number> }, room: number): CommandRows {
  const count = all.length;
  if (whole.length <= room) return { rows: whole, hidden: 0, hiddenDestructive: 0 };
  const hiddenOf = (shown: boolean[]) => shown.filter((s) => !s).length;
  if (must.matches.size === 0 && room < 2) {
    const first = whole[0] ?? { text: '' };
    return { rows: [{ ...first, text: `${first.text}  (+${whole.length - 1})` }], hidden: count - 1, hiddenDestructive: 0 };
  }
  for (const set of [must.statements, must.matches]) {
    const shown = all.map((_, i) => set.has(i));
    if (layout(all, shown).length > room) continue;
    // The head, line by line, while it fits.
    let stop = -1;
    for (let i = 0; i < count; i++) {
      if (shown[i]) continue;
      shown[i] = true;
      if (layout(all, shown).length > room) {
        shown[i] = false;
        stop = i;
        break;
      }
    }
    // A line too long for the room even alone shows its first rows in what room is left: a
    // command of one such line showed nothing of itself, only "… 1 more line".
    const free = room - layout(all, shown).length;
    const tooLong = stop >= 0 && (all[stop]?.rows.length ?? 0) >= room;
    const partial = tooLong && free > 0 ? { line: stop, rows: free } : null;
    return { rows: layout(all, shown, partial), hidden: hiddenOf(shown), hiddenDestructive: 0 };
  }
  // Not even the matching lines fit: as many as do, and a warning that says so.
  const order = [...must.matches].sort((a, b) => a - b);
  for (let k = order.length - 1; k >= 0; k--) {
    const kept = new Set(order.slice(0, k));
    const shown = all.map((_, i) => kept.has(i));
    const rows = k === 0 ? [] : layout(all, shown);
    if (rows.length + 1 <= room || k === 0) {
      const warning: Row = { text: `! ${plural(order.length - k, 'more destructive line')} · ${EXPAND}`, tone: 'bad' };
      return { rows: [...rows, warning], hidden: hiddenOf(shown), hiddenDestructive: order.length - k };
    }
  }
  return { rows: whole.slice(0, room), hidden: 0, hiddenDestructive: 0 };
}
