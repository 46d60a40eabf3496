// resume on the screen after the runbook was reshaped (a phase retitled, a step moved to
// the next phase): the rename and the move are asked about at the line prompt, and once
// accepted the screen's resumed-run banner says them again; its first frame hides what was
// printed before it. A real terminal at 80×24.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { has, openPane, type OpenPane } from './tmux-pane';

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

const before = ['# M', '', '## Prepare', '', '- [ ] Check the backups', '', '```bash {#greet}', 'echo hello', '```', '', '## Deploy', '', '- [ ] Deploy the thing', ''];
const after = ['# M', '', '## Get ready', '', '- [ ] Check the backups', '', '## Deploy', '', '```bash {#greet}', 'echo hello', '```', '', '- [ ] Deploy the thing', ''];

describe('resume after a phase renamed and a step moved (80×24)', () => {
  it('asks about them before the screen, and the banner says them once accepted', async () => {
    open = openPane('runbook-moved-', { 'deploy.md': before.join('\n') });
    const { tmux, pane, dir, env } = open;
    const first = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', 'run.journal'], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Run paused');
    writeFileSync(join(dir, 'deploy.md'), after.join('\n'));

    tmux.command(pane, 'runbook resume run.journal');
    const asked = await tmux.waitFor(pane, has('Use the new version?'), 'the question about the changed file', 20_000);
    expect(asked.join('\n')).toContain('phase renamed: "Prepare" → "Get ready"');
    tmux.key(pane, 'y');
    tmux.key(pane, 'Enter');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    const text = banner.join('\n');
    expect(text).toContain('! phase renamed: "Prepare" → "Get ready"');
    expect(text).toContain('! greet moved from phase "Prepare" to phase "Deploy"');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
  });
});
