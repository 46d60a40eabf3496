// `o` on a step whose output holds bidi overrides, isolates and zero-width characters, in a
// real 80×24 tmux pane: the pager (a tmux split running less) spells them as the screen
// does (`<U+202E>`). Before, the pager had the journal's raw bytes, and a hostile command's
// output could reorder what the operator read there while the screen showed it spelled out.

import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';

// printf writes U+202E, U+2066, U+2069 and U+200B from octal UTF-8: the runbook holds none.
const RUNBOOK = `# Pager

## Phase 1

\`\`\`bash
[ ] printf 'paid \\342\\200\\256 1000 \\342\\201\\246iso\\342\\201\\251 zero\\342\\200\\213width\\n'
\`\`\`
`;

const HIDDEN = /[\u200B\u202E\u2066-\u2069]/u;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('the pager (o) at 80×24', () => {
  it('spells a step output\'s bidi and zero-width characters as the screen does', async () => {
    open = openPane('runbook-pager-hidden-', { 'pager.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run pager.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the step', 20_000);
    tmux.key(pane, 'Enter');
    const shown = await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    expect(shown.join('\n')).toContain('paid <U+202E> 1000 <U+2066>iso<U+2069> zero<U+200B>width');

    const before = tmux.panes();
    tmux.key(pane, 'o');
    const pager = await waitFor(() => tmux.panes().find((p) => !before.includes(p)), 'o opens a pane', 20_000);
    const paged = await tmux.waitFor(pager, has('paid '), 'the output in the pager', 20_000);
    const line = paged.find((l) => l.includes('paid ')) ?? '';
    expect(line.match(HIDDEN)).toBeNull();
    expect(line.trimEnd()).toBe('paid <U+202E> 1000 <U+2066>iso<U+2069> zero<U+200B>width');
    tmux.key(pager, 'q');
    await waitFor(() => tmux.panes().length === before.length, 'the pager closes with q');
  }, 60_000);

  it('spells them so outside tmux too, where less takes the terminal from the screen', async () => {
    open = openPane('runbook-pager-hidden-', { 'pager.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'env -u TMUX runbook run pager.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the step', 20_000);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, has('✔ passed'), 'the step passed', 20_000);
    tmux.key(pane, 'o');
    const paged = await tmux.waitFor(pane, (l) => l.some((x) => x.startsWith('paid ')) && !l.some((x) => x.includes('✔ passed')), 'less with the output', 20_000);
    expect(paged.find((l) => l.startsWith('paid '))?.trimEnd()).toBe('paid <U+202E> 1000 <U+2066>iso<U+2069> zero<U+200B>width');
    tmux.key(pane, 'q');
    await tmux.waitFor(pane, has('✔ passed'), 'the screen back', 20_000);
  }, 60_000);
});
