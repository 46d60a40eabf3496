// Reading the step panel of a captured pane for the end-to-end tests: its rows, the
// command lines they show (a wrapped line joined again), and which lines that make a step
// destructive are not on screen.

import { destructiveSpans } from '../../source/runbook/destructive';
import { runCli } from '../helpers/cli';

export interface ShownStep {
  id: string;
  kind: string;
  section: string;
  destructive: boolean;
  command?: string;
  sql?: string;
}

/** The runbook's steps as `runbook check --json` lists them (the real CLI). */
export async function stepsOf(file: string, env: Record<string, string>): Promise<ShownStep[]> {
  const result = await runCli(['check', file, '--json'], { env });
  if (result.code !== 0) throw new Error(`check ${file}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { steps: ShownStep[] }).steps;
}

/** The right column of a two-column screen: the step panel's rows (with what stands above and below it). */
export function panelRows(lines: string[]): string[] {
  return lines.filter((l) => l.includes('│ ')).map((l) => l.slice(l.indexOf('│ ') + 2));
}

/**
 * The lines the rows show, as written: `↪` rows joined to the row before, the prefix of
 * each row taken off (`$ `, two spaces, or a destructive line's number `! 12: `).
 */
export function shownLines(rows: string[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    if (row.startsWith('↪')) lines[lines.length - 1] = `${lines.at(-1) ?? ''} ${row.replace(/^↪\s*/, '')}`;
    else lines.push(/^! \d+: /.test(row) ? row.replace(/^! \d+: /, '') : row.slice(2));
  }
  return lines;
}

/** Compared without spaces: a line wrapped at a space may lose it at the pane's edge. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The step the panel shows, by the section in its first row ("2.2 Migration 006: add th… step 8/13"). */
export function stepOnScreen(lines: string[], steps: ShownStep[]): ShownStep[] {
  const header = panelRows(lines).find((r) => /\b(plan )?step \d+\/\d+$/.test(r)) ?? '';
  const section = header.replace(/\s*(plan )?step \d+\/\d+$/, '').replace(/…$/, '').trim();
  return section === '' ? [] : steps.filter((s) => s.section.startsWith(section));
}

/** The lines of each destructive statement of the step that the screen does not show. */
export function destructiveLinesMissing(lines: string[], step: ShownStep): string[] {
  const text = step.sql ?? step.command ?? '';
  const source = text.split('\n');
  const shown = new Set(shownLines(panelRows(lines)).map(squeeze));
  const missing: string[] = [];
  for (const span of destructiveSpans(step.kind === 'sql' ? 'sql' : 'shell', text)) {
    for (let i = span.statement.first; i <= span.statement.last; i++) {
      const line = source[i] ?? '';
      if (squeeze(line) !== '' && !shown.has(squeeze(line))) missing.push(line);
    }
  }
  return missing;
}
