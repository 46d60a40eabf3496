// A real terminal at 80×24, a runbook written in Japanese and Chinese, and commands that
// hold what cannot be seen. Before: CJK text was measured in characters, not columns, so
// a command's tail (`; touch …`) fell off the right edge unseen though it would run, and a
// wide phase title or heading pushed the step counter, the phase's count and the clock off
// the screen; a command holding a real ESC looked exactly like one holding the text `\e`.

import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `# 本番デプロイ手順書

## データベース移行

### 事前確認

\`\`\`bash
[ ] echo "部署完了部署完了部署完了部署完了部署完了部署完了部署完了" ; touch HIDDEN-TAIL
\`\`\`

\`\`\`bash
[ ] printf 'literal \\e[2J\\n'
\`\`\`

\`\`\`bash
[ ] printf 'real \u001b[2J\\n'
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('wide and hidden characters on the run screen (80×24)', () => {
  it('shows a CJK command whole, keeps the counters, and flags only the command with a real ESC', async () => {
    open = openPane('runbook-wide-', { 'wide.md': RUNBOOK });
    const { tmux, pane } = open;
    const wide = (lines: string[]) => lines.filter((l) => stringWidth(l) > 80);

    tmux.command(pane, 'runbook run wide.md --journal run.journal --operator ana');
    const first = await tmux.waitFor(pane, has('enter run'), 'the first step', 20_000);
    expect(wide(first)).toEqual([]);
    const text = first.join('\n');
    // Every part of the command, its tail too, is on the screen.
    expect(text).toContain('部署完了" ; touch HIDDEN-TAIL');
    // The header keeps its clock, the panel its counter, the phase list its count.
    expect(first[0]).toMatch(/^本番デプロイ手順書 · ana +\d\d:\d\d:\d\d$/);
    expect(text).toMatch(/事前確認 +step 1\/3/);
    expect(text).toMatch(/データベース移.*\d\/3|\d\/3[\s\S]*データベース移/);
    expect(text).not.toContain('holds control or invisible characters');

    const skip = async (next: string): Promise<string[]> => {
      tmux.key(pane, 's');
      await tmux.waitFor(pane, has('reason'), 'the skip reason');
      tmux.type(pane, 'not today');
      tmux.key(pane, 'Enter');
      return tmux.waitFor(pane, has(next), next);
    };
    const literal = await skip('step 2/3');
    expect(literal.join('\n')).toContain("$ printf 'literal \\e[2J\\n'");
    expect(literal.join('\n')).not.toContain('holds control or invisible characters');

    const real = await skip('step 3/3');
    expect(real.join('\n')).toContain("$ printf 'real \\e[2J\\n'");
    expect(real.join('\n').replace(/\s*│\s*/g, ' ')).toContain('! holds control or invisible characters, spelled out above');
    expect(wide(real)).toEqual([]);
  });
});
