// A real terminal at 80×24: escape sequences that reach the run screen as input (a paste of
// coloured text, ctrl-F1 in xterm) are not keys. Before, Ink threw on them and the screen
// died mid-run with a stack trace; now they are dropped and the run goes on.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux } from './tmux-pane';

const ESC = '\u001b';

const RUNBOOK = `---
title: Pasted escapes
inputs:
  release: { prompt: Release to deploy, pattern: '^v[0-9]+$' }
---

# Pasted escapes

## Deploy

\`\`\`bash
[ ] echo "deploying \${release}" > deployed.txt
\`\`\`
`;

let open: { tmux: Tmux; dir: string } | null = null;

afterEach(() => {
  open?.tmux.close();
  if (open) rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

describe('escape sequences typed or pasted into the run screen', () => {
  it('ctrl-F1, a pasted colour code and a window title neither crash the screen nor reach the answer', async () => {
    const dir = tempDir('runbook-pasted-escapes-');
    writeFileSync(join(dir, 'pasted.md'), RUNBOOK);
    const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
    const tmux = new Tmux(dir, env, { columns: 80, rows: 24 });
    open = { tmux, dir };
    const pane = tmux.paneId('main:0');
    const footer = (lines: string[], start: string) => lines.some((l) => l.startsWith(start));

    tmux.command(pane, 'runbook run pasted.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, (lines) => footer(lines, 'enter answer'), 'the input step', 20_000);
    // ctrl-F1 as xterm sends it, and a reset of colours, on the step list.
    tmux.type(pane, `${ESC}[1;5P`);
    tmux.type(pane, `${ESC}[0m`);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, (lines) => footer(lines, 'enter ok'), 'the text prompt');
    // Pasted from a coloured terminal: only the text is the answer. A window title (OSC,
    // ended by BEL or by ESC backslash) copied with it left "]2;prod-Kw" in the answer before.
    tmux.type(pane, `${ESC}]2;prod-Kw\u0007${ESC}[31mv7${ESC}[0m${ESC}]0;prod-Kw${ESC}\\`);
    await tmux.waitFor(pane, (lines) => lines.some((l) => l.startsWith('Release to deploy: v7')), 'the typed answer');
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, (lines) => footer(lines, 'enter run'), 'the shell step');
    tmux.key(pane, 'Enter');
    const screen = await tmux.waitFor(pane, (lines) => lines.some((l) => l.includes('✔ passed')), 'the step passed', 20_000);
    expect(screen.join('\n')).not.toContain('TypeError');
    expect(screen.every((l) => l.length <= 80)).toBe(true);
    expect(readFileSync(join(dir, 'deployed.txt'), 'utf8')).toBe('deploying v7\n');
  });
});
