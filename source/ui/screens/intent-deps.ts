// What an intent (run-intents.ts, answer-intents.ts) works with: the run's handle, the
// screen state, and the ways to leave the mounted screen.

import type { RunHandle } from '../../controller';
import type { Position } from '../../run/navigation';
import type { Paragraph } from '../../wrap';
import type { ScreenAction, ScreenState } from './screen-state';

/**
 * Leaving the mounted screen: to quit (with what to print once the screen is gone, wrapped
 * to the terminal by the command), or to step aside while something else has the terminal.
 */
export type DriverExit =
  | { kind: 'quit'; code: number; lines: Paragraph[] }
  | { kind: 'aside'; task: AsideTask; screen: ScreenState };

export type QuitExit = Extract<DriverExit, { kind: 'quit' }>;
export type AsideExit = Extract<DriverExit, { kind: 'aside' }>;

/** The pager shows the step's output, or `lines` (a step's whole text before it ran, a page). */
/** edit: a command of several lines in the operator's editor; `run`: asked for by enter (a placeholder), so unchanged it runs as shown. */
export type AsideTask = { kind: 'tty'; step: string; command: string } | { kind: 'pager'; step: string; lines?: string[] } | { kind: 'edit'; step: string; text: string; run: boolean };

export interface IntentDeps {
  ctl: RunHandle;
  screen: () => ScreenState;
  dispatch: (action: ScreenAction) => void;
  position: () => Position;
  leave: (exit: DriverExit) => void;
  /** Opens a step's output (or `lines`) in a tmux split without leaving; false when not inside tmux. */
  splitPager: (step: string, lines?: string[]) => boolean;
  hungUp: () => boolean;
}
