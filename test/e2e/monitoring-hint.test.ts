// Only a scheduled check is ahead, in a real 80×24 tmux pane: the screen says how to leave
// and come back, whole. Before, that line was drawn as one row and cut at the panel's edge
// ("… (`runbook list --due…"), so the command that says when the check is due was lost.

import { afterEach, describe, expect, it } from 'vitest';
import { panel } from './tui-screen';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `# Monitoring

## Phase 1

\`\`\`bash
[ ] echo deployed
\`\`\`

## Later

\`\`\`bash {at=+1h}
# +1h: which release is serving?
echo v1
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('monitoring: only a scheduled check ahead (80×24)', () => {
  it('says whole how to leave and when the check is due', async () => {
    open = openPane('runbook-monitoring-', { 'monitor.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run monitor.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the first step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    tmux.key(pane, 'Enter');
    const waiting = await tmux.waitFor(pane, has('MONITORING: only scheduled checks are ahead'), 'the monitoring summary', 20_000);
    expect(panel(waiting)).toContain('Or q now, and `runbook resume` then (`runbook list --due` says when).');
    expect(waiting.map((l) => l.split('│')[1] ?? '').filter((l) => l.includes('…'))).toEqual([]);
  }, 60_000);
});
