// Colours and marks. Colour is never the only signal: every status also has a mark
// (✔ ✘ ↷ ! ▸, ? for a judgment not made yet), and with NO_COLOR set the screen uses no colour at all.

import { createContext, useContext } from 'react';
import type { StepStatus } from '../run/state';
import { awaitsJudgment, type StepOutcome } from '../run/step-status';

export type Tone = 'ok' | 'bad' | 'warn' | 'accent' | 'muted' | 'plain';

export interface Theme {
  /** False when NO_COLOR is set: components pass no colour props at all. */
  readonly color: boolean;
  /** The Ink colour for a tone, or undefined (no colour). */
  tone(tone: Tone): string | undefined;
}

const COLOURS: Record<Tone, string | undefined> = {
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  accent: 'cyan',
  muted: 'gray',
  plain: undefined,
};

/** no-color.org: NO_COLOR present and not empty turns colour off. */
export function makeTheme(env: Record<string, string | undefined>): Theme {
  const color = !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  return {
    color,
    tone: (tone) => (color ? COLOURS[tone] : undefined),
  };
}

export const ThemeContext = createContext<Theme>(makeTheme({}));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

// The one table of marks (run/status-mark.ts), shared with --plain, show and the report.
export { statusMark, outcomeMark, outcomeWord } from '../run/status-mark';

/** statusTone, but a step awaiting the operator's judgment of its expectation is a warning, not a pass. */
export function outcomeTone(step: StepOutcome): Tone {
  return awaitsJudgment(step) ? 'warn' : statusTone(step.status);
}

export function statusTone(status: StepStatus): Tone {
  switch (status) {
    case 'passed':
    case 'done':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'interrupted':
      return 'warn';
    case 'running':
    case 'rehearsed':
      return 'accent';
    case 'skipped':
    case 'pending':
      return 'muted';
    default: {
      const never: never = status;
      return String(never) as Tone;
    }
  }
}
