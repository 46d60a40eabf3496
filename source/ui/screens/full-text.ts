// `o` before a step has output: the step's whole text — where it stands, what it is, the
// author's text around it, every line of its command as it would run, its expectation —
// as lines for the pager; `o` on an information page: the page. Control characters are
// spelled out (the pager is `less -R`, which would obey them). Pure.

import type { InfoPage, Runbook, Step, TextBlock } from '../../runbook/model';
import { pageText, textAround, type TextAround } from '../../runbook/text-around';
import type { RunState } from '../../run/state';
import type { ScreenState } from './screen-state';
import { visible } from '../../run/terminal-text';
import { authorRows } from './author-rows';

/** Wide enough that the pager, not this, wraps prose; tables keep their columns. */
const WIDTH = 120;

const text = (blocks: TextBlock[]) => authorRows(blocks, WIDTH).map((r) => r.text);

export function stepTextLines(step: Step, around: TextAround, edited: string | undefined): string[] {
  const lines = [`${visible(step.section)} · ${step.kind}${step.destructive || step.annotations.destructive ? ' · DESTRUCTIVE' : ''} · line ${step.line}`, ''];
  if (around.before.length > 0) lines.push(...text(around.before), '');
  if (step.description) lines.push(...visible(step.description).split('\n'), '');
  const command = edited ?? step.command ?? step.sql;
  if (command !== undefined) {
    if (edited !== undefined) lines.push('edited (the journal keeps the original too):');
    lines.push(...visible(command).split('\n'));
  } else {
    lines.push(visible(step.title));
    for (const sub of step.subChecks ?? []) lines.push(`  [ ] ${visible(sub)}`);
    if (step.offeredCommand) lines.push(`offers: $ ${visible(step.offeredCommand)}`);
  }
  if (step.expectation) lines.push('', `Expected: ${visible(step.expectation.text)}`);
  if (step.rollbackHint) lines.push(`Rollback: ${visible(step.rollbackHint)}`);
  if (around.after.length > 0) lines.push('', ...text(around.after));
  return lines;
}

export function pageTextLines(page: InfoPage, blocks: TextBlock[]): string[] {
  return [visible(page.title), '', ...text(blocks)];
}

/** What `o` pages when it is not output: the page on screen, or a step with none yet (its whole text). */
export function textToPage(runbook: Runbook, state: RunState, screen: ScreenState, id: string | null): string[] | undefined {
  const page = screen.page !== null ? runbook.pages.find((p) => p.id === screen.page) : undefined;
  if (page) return pageTextLines(page, pageText(runbook, page.id));
  const step = id ? runbook.steps.find((s) => s.id === id) : undefined;
  const st = id ? state.steps[id] : undefined;
  if (!step || !st || st.outputLines > 0 || st.status === 'running') return undefined;
  return stepTextLines(step, textAround(runbook, step.id), screen.edited[step.id]);
}
