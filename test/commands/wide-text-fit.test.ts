// `check` and `list` with a runbook written in Japanese, with emoji, from a pipe (80
// columns): every line fits 80 terminal columns. Before, text printed outside the screen was
// measured one column a character, so a CJK title or phase (two columns a character) ran
// past the edge and the terminal broke the table's rows in two.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const TITLE = '本番データベース移行手順書・第三版（緊急時のロールバック手順を含む）🚀 本番環境';
const RUNBOOK = `# ${TITLE}

## 事前確認フェーズ：本番環境の状態とディスク容量とサービスの稼働状況を確認する

### ディスク容量を確認する（残り容量が二十パーセント以上あること）📦

\`\`\`bash
[ ] echo "部署完了部署完了部署完了部署完了部署完了部署完了部署完了部署完了部署完了" ; echo 完了
\`\`\`

## 移行フェーズ 🛠

### 移行する

\`\`\`bash
[ ] echo 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀
\`\`\`

期待される出力：移行が正常に完了しましたと表示されること、そしてエラーが一件もないこと
`;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const over = (text: string) => text.trimEnd().split('\n').filter((l) => stringWidth(l) > 80);

describe('CJK and emoji outside the screen, at 80 columns', () => {
  it('check: every line fits, the phases keep their counts on the line', async () => {
    dir = tempDir('rb-wide-fit-');
    const env = { ...cliEnv(join(dir, 'home')), COLUMNS: '80' };
    writeFileSync(join(dir, 'wide.md'), RUNBOOK);
    const checked = await runCli(['check', 'wide.md'], { env, cwd: dir });
    expect(checked.code, checked.stderr).toBe(0);
    expect(over(checked.stdout), checked.stdout).toEqual([]);
    expect(checked.stdout).toMatch(/L3 +事前確認フェーズ.*… +1 shell\n/);
    expect(checked.stdout).toMatch(/L11 +移行フェーズ +1 shell\n/);
  });

  it('list: every line fits, the title flows under its own column, every character kept', async () => {
    dir = tempDir('rb-wide-fit-');
    const env = { ...cliEnv(join(dir, 'home')), COLUMNS: '80' };
    writeFileSync(join(dir, 'wide.md'), RUNBOOK);
    const run = await runCli(['run', 'wide.md', '--plain', '--operator', '山田太郎', '--journal', join(dir, 'w.sqlite')], { env, cwd: dir, input: 'q\n' });
    expect(run.stdout, run.stderr).toContain('Run paused');
    const listed = await runCli(['list'], { env, cwd: dir });
    expect(over(listed.stdout), listed.stdout).toEqual([]);
    const lines = listed.stdout.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.includes('本番データ'));
    const column = stringWidth((lines[at] ?? '').slice(0, (lines[at] ?? '').indexOf('本番データ')));
    const rest = lines.slice(at + 1).filter((l) => l.startsWith(' '.repeat(column)) && l[column] !== ' ');
    expect([lines[at]?.slice(lines[at]?.indexOf('本番データ')), ...rest.map((l) => l.slice(column))].join('').replace(/ /g, '')).toBe(TITLE.replace(/ /g, ''));
  });
});
