// A step whose heading is wider than the step panel, in a real 80×24 tmux pane: the panel
// cuts it with `…` beside the step counter, and x shows it whole. Before, x was not offered
// and showed the same cut heading: the end of it ("(do not skip)", the last words of a
// Japanese heading) was nowhere on the screen.

import { afterEach, describe, expect, it } from 'vitest';
import { openPane, type OpenPane } from './tmux-pane';
import { lastLine, panel } from './tui-screen';

const RUNBOOK = `# Titles

## Phase 1

### Confirm that each of the five replicas reports healthy in the load balancer (do not skip)

\`\`\`bash
[ ] echo ok
\`\`\`

### 期待される出力：「移行が正常に完了しました」と表示されることを確認する

\`\`\`bash
[ ] echo 完了
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('a heading wider than the step panel (80×24)', () => {
  it('is cut beside the counter, and x shows it whole', async () => {
    open = openPane('runbook-long-title-', { 'titles.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.command(pane, 'runbook run titles.md --journal run.journal --operator ana');
    const first = await tmux.waitFor(pane, (l) => l.some((x) => x.includes('step 1/2')) && lastLine(l).startsWith('enter run'), 'the first step', 20_000);
    expect(first.join('\n')).not.toContain('(do not skip)');
    expect(first.find((l) => l.includes('step 1/2'))).toContain('…');
    expect(lastLine(first)).toContain('x whole step');
    tmux.key(pane, 'x');
    const whole = await tmux.waitFor(pane, (l) => lastLine(l).includes('x collapse'), 'the whole step', 20_000);
    expect(panel(whole)).toContain('Confirm that each of the five replicas reports healthy in the load balancer (do not skip)');

    tmux.key(pane, 'Escape');
    await tmux.waitFor(pane, (l) => lastLine(l).includes('x whole step'), 'the step again', 20_000);
    tmux.key(pane, 'j');
    const wide = await tmux.waitFor(pane, (l) => l.some((x) => x.includes('step 2/2')) && lastLine(l).includes('x whole step'), 'the Japanese heading, x offered', 20_000);
    expect(wide.join('\n')).not.toContain('表示されることを確認する');
    tmux.key(pane, 'x');
    const all = await tmux.waitFor(pane, (l) => lastLine(l).includes('x collapse'), 'the whole Japanese step', 20_000);
    expect(panel(all).replace(/ /g, '')).toContain('期待される出力：「移行が正常に完了しました」と表示されることを確認する');
  }, 60_000);
});
