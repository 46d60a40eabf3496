// resume on the screen after a step's command was changed in the file: once the new version
// is accepted at the line prompt, the resumed-run banner names the step as it now reads —
// what runs from here — with the title the run began with below it. It named the step only
// by its old title ('~ echo after'), the new command that runs out of sight. 80×24.

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

const runbook = (second: string) => ['# C', '', '## Go', '', '```bash {#first}', 'echo first', '```', '', '```bash {#after}', second, '```', ''].join('\n');

describe('resume after a step was changed (80×24)', () => {
  it('names the changed step as it now reads in the banner, and as it read when the run began', async () => {
    open = openPane('runbook-changed-title-', { 'deploy.md': runbook('echo after') });
    const { tmux, pane, dir, env } = open;
    const first = await runCli(['run', 'deploy.md', '--plain', '--operator', 'ana', '--journal', 'run.journal'], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Run paused');
    writeFileSync(join(dir, 'deploy.md'), runbook('echo changed-after'));

    tmux.command(pane, 'runbook resume run.journal');
    await tmux.waitFor(pane, has('Use the new version?'), 'the question about the changed file', 20_000);
    tmux.key(pane, 'y');
    tmux.key(pane, 'Enter');
    const banner = await tmux.waitFor(pane, has('RESUMED RUN'), 'the resumed-run banner', 20_000);
    const text = banner.join('\n');
    expect(text).toContain('~ echo changed-after  (after)');
    expect(text).toContain('was: echo after');
    expect(banner.every((l) => l.length <= 80)).toBe(true);
  });
});
