// `?` in a pane too short for every key (the lower half of a tmux split: 80×12, as `o`
// itself makes one): the help was cut after `r`, with nothing to say that keys were
// missing, so an operator never read that `q` leaves or `x` shows the whole step.

import { afterEach, describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../source/ui/components/help-overlay';
import { helpLines } from '../../source/ui/key-hints';
import { renderScreen, unmountAll, waitForFrame } from '../helpers/frames';

afterEach(() => unmountAll());

describe('the help overlay (?)', () => {
  it('says how many keys a short pane leaves out, and where to read them all', async () => {
    const { lastFrame } = renderScreen(<HelpOverlay height={9} readOnly={false} />, { columns: 80, rows: 12 });
    const frame = await waitForFrame(lastFrame, (f) => f.includes('KEYS'));
    const lines = frame.split('\n');
    expect(lines).toHaveLength(9);
    const hidden = helpLines().length - 7;
    expect(lines.at(-1)).toBe(`… ${hidden} more keys: a taller pane shows them all (q leaves)`);
  });

  it('lists every key where there is room, and says nothing is left out', async () => {
    const { lastFrame } = renderScreen(<HelpOverlay height={20} readOnly={false} />, { columns: 80, rows: 24 });
    const frame = await waitForFrame(lastFrame, (f) => f.includes('KEYS'));
    expect(frame).not.toContain('more keys');
    for (const l of helpLines()) expect(frame).toContain(l.keys);
  });
});
