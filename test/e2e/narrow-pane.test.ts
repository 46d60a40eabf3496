// What runbook says around a run, in a real 40-column terminal (a tmux pane): wrapped at
// spaces to the pane's width, and the command to copy whole on a line of its own, in
// --plain and after the full screen alike, and by `show`.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir, waitFor } from '../helpers/cli';
import { Tmux } from './tmux-pane';

const NARROW = { columns: 40, rows: 20 };

const RUNBOOK = `# Narrow

- [ ] Look at the dashboard

\`\`\`bash
echo hello
\`\`\`
`;

let open: { dir: string; tmux: Tmux } | null = null;
afterEach(() => {
  open?.tmux.close();
  if (open) rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

/**
 * A 40-column pane. The resume command is wider than that: the terminal wraps it, capture-pane
 * joins it again (-J), so it is seen whole on one line only if runbook did not break it.
 */
function narrowPane() {
  const dir = tempDir('rb-');
  writeFileSync(join(dir, 'deploy.md'), RUNBOOK);
  const tmux = new Tmux(dir, cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color' }), NARROW);
  open = { dir, tmux };
  const pane = tmux.paneId('main:0');
  // Longer than the pane with `journal ` before it, as a journal's path usually is.
  const journal = join(dir, 'journals', 'deploy-in-a-narrow-pane.runbook.sqlite');
  return { tmux, pane, journal };
}

/** The pane's lines from `first` on, once runbook has exited. */
async function after(tmux: Tmux, pane: string, first: string): Promise<string[]> {
  await waitFor(() => tmux.commandPid(pane) === null, 'runbook to exit', 15_000);
  const lines = tmux.capture(pane);
  const at = lines.findIndex((l) => l === first);
  expect(at, lines.join('\n')).toBeGreaterThanOrEqual(0);
  return lines.slice(at);
}

describe('a run left in a 40-column terminal', () => {
  it('--plain: "Run paused" wrapped at spaces, the resume command whole on its own line', async () => {
    const { tmux, pane, journal } = narrowPane();
    tmux.command(pane, `runbook run deploy.md --plain --operator ana --journal ${journal}`);
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.includes('[y] pass')), 'the first prompt');
    // Before the run: the journal's path on its own line too.
    const before = tmux.capture(pane);
    expect(before).toContain('operator ana · journal');
    expect(before).toContain(`  ${journal}`);
    tmux.command(pane, 'q');
    const left = await after(tmux, pane, 'Run paused (stopped by operator).');
    expect(left.slice(0, 3)).toEqual(['Run paused (stopped by operator).', 'Continue with:', `  runbook resume ${journal}`]);
    for (const line of left.slice(0, 2)) expect([...line].length).toBeLessThanOrEqual(NARROW.columns);
    // `show` of that journal: its path, wider than the pane, on a line of its own too.
    tmux.command(pane, `clear; runbook show ${journal}`);
    await waitFor(() => tmux.capture(pane).some((l) => l.startsWith('chain ')), 'show', 15_000);
    const shown = tmux.capture(pane);
    const at = shown.indexOf('journal');
    expect(at, shown.join('\n')).toBeGreaterThan(0);
    expect(shown[at + 1]).toBe(`  ${journal}`);
  });

  it('after the full screen: the same, the command whole on its own line', async () => {
    const { tmux, pane, journal } = narrowPane();
    tmux.command(pane, `runbook run deploy.md --operator ana --journal ${journal}`);
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.includes('Look at the dashboard')), 'the run screen');
    tmux.key(pane, 'q');
    const left = await after(tmux, pane, 'Run paused (quit). Continue with:');
    expect(left.slice(0, 2)).toEqual(['Run paused (quit). Continue with:', `  runbook resume ${journal}`]);
  });
});
