// `x`: the whole step in the step panel — its heading and kind (whole, when the rows at the top cut them),
// its description, every line of its command (or its whole text), its expectation and
// notes — scrolled within the panel, the step's title and status kept at the top. Pure.

import { plural } from '../text';
import { collapseRow } from './row';
import { commandView, hiddenCharRows } from './command-rows';
import { authorRows } from './author-rows';
import { commandOf, cutHeadingRows, cutKindRows, expectationRow, flowRows, headTexts, noteRows, stepTextRows, titleRows, wrapRows, type Row, type StepView } from './step-rows';

export interface ExpandedRows {
  rows: Row[];
  /** Rows of the step below its title, and how many the panel shows at once. */
  total: number;
  page: number;
  /** The first of them on screen (the scroll, kept in range). */
  top: number;
}

/** Everything the step says, wrapped to `width`: nothing is cut. */
export function wholeStep(v: StepView, width: number): Row[] {
  // The heading first, whole, when the pinned row above cut it.
  const rows: Row[] = [...cutHeadingRows(v, width), ...cutKindRows(v, width)];
  // The author's text where it stands: what comes before the step, then after it.
  const around = v.text ?? { before: [], after: [] };
  if (around.before.length > 0) rows.push(...authorRows(around.before, width), { text: '' });
  const texts = headTexts(v);
  texts.forEach((text, i) => {
    for (const line of text.split('\n')) rows.push(...wrapRows(line, width, '', i === 0 && v.step?.description ? { tone: 'muted' } : { bold: true }));
  });
  rows.push(...stepTextRows(v, width));
  const command = commandOf(v);
  if (command) rows.push(...commandView(command, width).whole, ...hiddenCharRows(command, width));
  for (const row of [expectationRow(v), ...noteRows(v)]) if (row) rows.push(...flowRows(row, width));
  const lines = v.st.outputLines;
  const sets = v.st.resultSets?.length ?? 0;
  if (lines > 0 || sets > 0) rows.push({ text: `output: ${sets > 0 ? plural(sets, 'result table') : plural(lines, 'line')} · o: whole output`, tone: 'muted' });
  if (around.after.length > 0) rows.push({ text: '' }, ...authorRows(around.after, width));
  return rows;
}

export function expandedRows(v: StepView, width: number, height: number, scroll: number): ExpandedRows {
  const pinned = height >= 6 ? titleRows(v, width) : [];
  const indicator = height >= 3 ? 1 : 0;
  const page = Math.max(1, height - pinned.length - indicator);
  const body = wholeStep(v, width);
  const top = Math.max(0, Math.min(scroll, body.length - page));
  const shown = body.slice(top, top + page);
  const rows = [...pinned, ...shown, ...(indicator ? [collapseRow(top, shown.length, body.length)] : [])];
  return { rows: rows.slice(0, height), total: body.length, page, top };
}
