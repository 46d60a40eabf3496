// A message longer than the screen is wide, in a real 80×24 tmux pane: a sign-off with no
// SSH key says why it is not SSH-signed, over two lines above the footer. Before, the
// message line was cut at 80 columns ("… id_rsa) o…"), and what to do about it was lost.

import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';
import { lastLine } from './tui-screen';

const RUNBOOK = `# Sign

## Phase 1

\`\`\`bash
[ ] echo deployed
\`\`\`

## Sign-off

- [ ] Deploy Lead: ____________ Date: ________
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('a long message above the footer (80×24)', () => {
  it('wraps whole instead of being cut, and the frame still fits', async () => {
    open = openPane('runbook-status-wrap-', { 'sign.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run sign.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the first step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, (l) => lastLine(l).startsWith('enter sign'), 'the sign-off', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('name:'), 'the name asked', 20_000);
    tmux.key(pane, 'Enter');
    const signed = await tmux.waitFor(pane, has('✔ signed ('), 'the sign-off recorded', 20_000);
    const at = signed.findIndex((l) => l.startsWith('✔ signed ('));
    const message = signed.slice(at, signed.length).filter((l) => l.trim() !== '');
    // The message's lines, then the footer as the frame's last line.
    expect(message.slice(0, -1).join(' ').replace(/\s+/g, ' ')).toBe('✔ signed (not SSH-signed: no SSH key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa) or no ssh-keygen)');
    expect(lastLine(signed)).toMatch(/\? help/);
    expect(signed[0]).toMatch(/^Sign · ana/);
    expect(signed.every((l) => l.length <= 80)).toBe(true);
  }, 60_000);
});
