// `o` inside tmux splits the pane the screen is in, in a real tmux server with two windows:
// the run in the window that is not the current one, as a watcher in a second window (or a
// second session) is. Before, the split had no target and tmux put it beside its current
// pane: the pager opened in the other window, on another person's screen, and this one
// showed nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `# Pager pane

## Phase 1

\`\`\`bash
[ ] echo paged-output
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

const panesOf = (o: OpenPane, window: string) => o.tmux.tmux('list-panes', '-t', window, '-F', '#{pane_id}').trim().split('\n');

describe('the pager (o) inside tmux', () => {
  it('opens beside the screen that asked, not in the current window', async () => {
    open = openPane('runbook-pager-pane-', { 'pager.md': RUNBOOK });
    const { tmux } = open;
    // A second window, left in the background: the first stays tmux's current one.
    const second = tmux.newWindow('second');
    const pane = tmux.paneId(second);
    tmux.command(pane, 'runbook run pager.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    const before = tmux.panes();
    tmux.key(pane, 'o');
    const pager = await waitFor(() => tmux.panes().find((p) => !before.includes(p)), 'o opens a pane', 20_000);
    expect(panesOf(open, second)).toContain(pager);
    expect(panesOf(open, 'main:0')).not.toContain(pager);
    await tmux.waitFor(pager, has('paged-output'), 'the output in the pager', 20_000);
    tmux.key(pager, 'q');
    await waitFor(() => tmux.panes().length === before.length, 'the pager closes with q');
  }, 60_000);
});
