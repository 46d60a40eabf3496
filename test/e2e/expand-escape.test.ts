// `x` (the whole step) closes on Esc as every other overlay does, in a real 80×24 tmux pane:
// before, Esc did nothing there and the operator, expecting it to close, was left in the
// expanded panel with the moving keys scrolling it instead of moving between steps.

import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';
import { lastLine } from './tui-screen';

const SCRIPT = Array.from({ length: 40 }, (_, i) => `echo line ${i + 1}`).join('\n');
const RUNBOOK = `# Long\n\n## Phase 1\n\n### Script\n\n\`\`\`bash\n${SCRIPT}\n\`\`\`\n\n### After\n\n\`\`\`bash\n[ ] echo after\n\`\`\`\n`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('the whole step (x) at 80×24', () => {
  it('closes on Esc, and the moving keys move between steps again', async () => {
    open = openPane('runbook-expand-esc-', { 'long.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run long.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, (l) => lastLine(l).includes('x whole step'), 'the cut script', 20_000);
    tmux.key(pane, 'x');
    const expanded = await tmux.waitFor(pane, (l) => lastLine(l).includes('x collapse'), 'the whole step', 20_000);
    // The panel's own last row names both keys that close it.
    expect(expanded.join('\n')).toMatch(/↕ \d+–\d+ of \d+ · .* x esc collapse/);

    tmux.key(pane, 'Escape');
    const back = await tmux.waitFor(pane, (l) => lastLine(l).includes('x whole step'), 'the cut script again', 20_000);
    expect(back.join('\n')).not.toMatch(/↕ \d+–\d+ of \d+/);
    tmux.key(pane, 'j');
    await tmux.waitFor(pane, has('step 2/2'), 'j moves to the next step', 20_000);
  }, 60_000);
});
