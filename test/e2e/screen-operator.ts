// An operator at the run screen in a tmux pane, for the walks that read the screen and do
// what it asks (sprint-3-tui, demo-tui): waits for a settled, whole frame before each key
// and keeps every frame it acted on, so a test can hold each of them to the pane's size.

import type { PaneSize, Tmux } from './tmux-pane';
import { lastLine, notWhole } from './tui-screen';

/** The frame without what changes on its own (the clock, elapsed times): what a key changes. */
function signature(lines: string[]): string {
  return lines
    .slice(1)
    .join('\n')
    .replace(/\d+:\d\d(:\d\d)?/g, '')
    .replace(/\d+(\.\d+)? ?(ms|s|m|h)\b/g, '');
}

export class Operator {
  readonly frames: string[][] = [];
  readonly keys: string[] = [];
  /** Every capture polled (not only the settled ones) that does not fit the pane. */
  readonly tooBig: string[] = [];
  private last = '';

  constructor(
    private readonly tmux: Tmux,
    private readonly pane: string,
    /** How the screen's header line starts: the runbook's title. */
    private readonly title: string,
    private readonly size: PaneSize,
  ) {}

  /** A whole frame that no longer changes and has no step running; the frame after the last key. */
  async settled(what: string, timeoutMs = 60_000): Promise<string[]> {
    let previous = '';
    const lines = await this.tmux.waitFor(
      this.pane,
      (l) => {
        const wide = l.find((x) => [...x].length > this.size.columns);
        // Once the screen is drawn (before it, the pane is bash and the typed command line).
        if (l[0]?.startsWith(this.title) && (l.length > this.size.rows || wide !== undefined)) this.tooBig.push(wide ?? `${l.length} lines`);
        const sig = signature(l);
        const steady = sig === previous && sig !== this.last && notWhole(l, this.size, this.title) === null && !lastLine(l).startsWith('ctrl-c stop');
        previous = sig;
        return steady;
      },
      what,
      timeoutMs,
    );
    this.frames.push(lines);
    this.last = signature(lines);
    return lines;
  }

  key(key: string): void {
    this.keys.push(key);
    this.tmux.key(this.pane, key);
  }

  /**
   * Types into the prompt on screen; the frame showing the text is the one the next key acts
   * on, so the frame settled after that key is another: on a loaded host the answer's frame
   * can take longer than two polls, and the typed prompt must not pass for it.
   */
  async type(text: string, shows: string): Promise<void> {
    this.keys.push(JSON.stringify(text));
    this.tmux.type(this.pane, text);
    const typed = await this.tmux.waitFor(this.pane, (l) => l.some((x) => x.includes(shows)), `"${text}" typed`);
    this.last = signature(typed);
  }
}
