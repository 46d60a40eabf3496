// The run screen of a fixture other than tui/deploy.md, in a real tmux pane (tui-screen.ts's
// setUp and tearDown): its file copied into the run's directory, and frames held whole
// against that runbook's title.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, notWhole, setUp, type Setup } from './tui-screen';

export interface FixtureRun extends Setup {
  /** Waits for a whole frame that passes `test`. */
  see: (test: (lines: string[]) => boolean, what: string, timeoutMs?: number) => Promise<string[]>;
  /** One key, then the whole frame that shows what it did. */
  press: (key: string, test: (lines: string[]) => boolean, what: string) => Promise<string[]>;
  /** Text typed in one go, then the whole frame that shows it. */
  type: (text: string, test: (lines: string[]) => boolean, what: string) => Promise<string[]>;
}

/** `fixture` (under test/fixtures/) copied as `name`; the screen's header starts with `title`. */
export function fixtureRun(fixture: string, name: string, title: string): FixtureRun {
  const s = setUp();
  copyFileSync(new URL(`../fixtures/${fixture}`, import.meta.url).pathname, join(s.dir, name));
  const header = `${title} · `;
  const see = async (test: (lines: string[]) => boolean, what: string, timeoutMs = 45_000): Promise<string[]> => {
    try {
      return await s.tmux.waitFor(s.drive, (l) => test(l) && notWhole(l, s.tmux.size(s.drive), header) === null, what, timeoutMs);
    } catch (error) {
      const lines = s.tmux.capture(s.drive);
      const problem = test(lines) ? notWhole(lines, s.tmux.size(s.drive), header) : null;
      throw problem ? new Error(`${what}: the screen is not whole: ${problem}\n${lines.join('\n')}`) : error;
    }
  };
  return {
    ...s,
    see,
    press: (key, test, what) => {
      s.tmux.key(s.drive, key);
      return see(test, what);
    },
    type: (text, test, what) => {
      s.tmux.type(s.drive, text);
      return see(test, what);
    },
  };
}

export const footerStarts = (text: string) => (lines: string[]) => lastLine(lines).startsWith(text);
