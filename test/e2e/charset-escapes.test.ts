// Output that uses the escapes a terminal draws nothing for besides CSI and OSC — `tput
// sgr0`'s ESC ( B, a saved and restored cursor (ESC 7, ESC 8), the keypad (ESC =, ESC >) —
// in a real 80×24 tmux pane: the screen shows the text alone. Before, only the ESC was
// dropped and its second character stayed ("(Bok", "7saved8", "=keypad>").

import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `# Escapes

## Phase 1

\`\`\`bash
[ ] printf 'status: \\x1b(B\\x1b[mok \\x1b7saved\\x1b8 \\x1b=keypad\\x1b>\\n'
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('escapes that draw nothing (80×24)', () => {
  it('leave only the text on the screen', async () => {
    open = openPane('runbook-charset-', { 'esc.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run esc.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the step', 20_000);
    tmux.key(pane, 'Enter');
    const shown = await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    const line = shown.find((l) => l.includes('status:') && !l.includes('printf')) ?? '';
    expect(line.split('│')[1]?.trim()).toBe('status: ok saved keypad');
  }, 60_000);
});
