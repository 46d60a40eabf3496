// A step's output as the screen shows it, driving or watching: the handle's last lines
// (cleaned as they are shown: a few dozen lines a frame, not every line that streams by),
// or all of them for the pager (o), which must not show what the screen spells out raw.

import type { OutputView, RunView } from '../../controller';
import { cleanLine } from '../../run/terminal-text';

export function shownOutput(run: Pick<RunView, 'outputLines'>, step: string, n?: number): OutputView {
  const view = run.outputLines(step, n);
  return { lines: view.lines.map(cleanLine), hidden: view.hidden };
}
