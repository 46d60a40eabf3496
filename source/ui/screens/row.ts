// One line of a panel: its text (cut to the panel's width by whoever makes it) and how it looks.

import type { Tone } from '../theme';

export interface Row {
  text: string;
  tone?: Tone;
  bold?: boolean;
}
