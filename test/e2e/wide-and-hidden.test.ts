// A real terminal at 80×24, a runbook written in Japanese and Chinese, and commands that
// hold what cannot be seen. Before: CJK text was measured in characters, not columns, so
// a command's tail (`; touch …`) fell off the right edge unseen though it would run, and a
// wide phase title or heading pushed the step counter, the phase's count and the clock off
// the screen; a command holding a real ESC looked exactly like one holding the text `\e`.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux } from './tmux-pane';

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

let open: { tmux: Tmux; dir: string } | null = null;

afterEach(() => {
  open?.tmux.close();
  if (open) rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

describe('wide and hidden characters on the run screen (80×24)', () => {
  it('shows a CJK command whole, keeps the counters, and flags only the command with a real ESC', async () => {
    const dir = tempDir('runbook-wide-');
    writeFileSync(join(dir, 'wide.md'), RUNBOOK);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
    const tmux = new Tmux(dir, env, { columns: 80, rows: 24 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');
    const has = (text: string) => (lines: string[]) => lines.some((l) => l.includes(text));
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

    tmux.key(pane, 's');
    await tmux.waitFor(pane, has('reason'), 'the skip reason');
    tmux.type(pane, 'not today');
    tmux.key(pane, 'Enter');
    const literal = await tmux.waitFor(pane, has('step 2/3'), 'the second step');
    expect(literal.join('\n')).toContain("$ printf 'literal \\e[2J\\n'");
    expect(literal.join('\n')).not.toContain('holds control or invisible characters');

    tmux.key(pane, 's');
    await tmux.waitFor(pane, has('reason'), 'the skip reason');
    tmux.type(pane, 'not today');
    tmux.key(pane, 'Enter');
    const real = await tmux.waitFor(pane, has('step 3/3'), 'the third step');
    expect(real.join('\n')).toContain("$ printf 'real \\e[2J\\n'");
    expect(real.join('\n').replace(/\s*│\s*/g, ' ')).toContain('! holds control or invisible characters, spelled out above');
    expect(wide(real)).toEqual([]);
  });
});
