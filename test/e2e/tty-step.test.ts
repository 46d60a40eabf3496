// A step that asks its own question gets the terminal from the run screen, and the line
// that says so is ours, printed outside the screen: wrapped at spaces to the terminal (it
// broke "runbook" in two at 80 columns), its title spelled out (an ESC in a heading went to
// the terminal raw). Back on the screen, the step says that what it printed is not recorded.
// A real terminal at 80×24, a real shell.

import { afterEach, describe, expect, it } from 'vitest';
import { has, openPane, type OpenPane } from './tmux-pane';

const RUNBOOK = `# Ask

## Go

\`\`\`bash
read -p "Proceed with the rollout? [y/N] " ans; echo "got: $ans" # ask \u001b]2;owned\u0007 on-call
\`\`\`
`;

let open: OpenPane | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

describe('a step that has the terminal (80×24)', () => {
  it('is announced on lines that break at spaces, its title spelled out, and the screen comes back after', async () => {
    open = openPane('runbook-tty-', { 'ask.md': RUNBOOK });
    const { tmux, pane } = open;
    tmux.tmux('select-pane', '-t', pane, '-T', 'operator-title');

    tmux.command(pane, 'runbook run ask.md --journal run.journal --operator ana');
    await tmux.waitFor(pane, has('enter run'), 'the step', 20_000);
    tmux.key(pane, 'Enter');
    const asked = await tmux.waitFor(pane, (lines) => has('it has the terminal')(lines) && !has('enter run')(lines), 'the question');
    const note = asked.join('\n');
    expect(note).toContain('── read -p "Proceed with the rollout? [y/N] " ans; echo "got: $ans" # ask');
    expect(note).toContain('\\e]2;owned\\x07');
    expect(note).toMatch(/\bthe runbook screen comes back\b|\bthe runbook\nscreen|\bthe\nrunbook screen/);
    expect(note).not.toMatch(/run\nbook|termi\nnal/);
    expect(asked.every((l) => l.length <= 80)).toBe(true);
    expect(tmux.tmux('display-message', '-p', '-t', pane, '#{pane_title}').trim()).toBe('operator-title');

    tmux.type(pane, 'y');
    tmux.key(pane, 'Enter');
    const back = await tmux.waitFor(pane, has('✔'), 'the screen, back');
    expect(back.join('\n')).toContain('Ask · ana');
    // What it printed ("got: y") went to the terminal, which the screen then covered: the
    // panel says so, where an empty output read as a step that printed nothing.
    expect(back.join('\n')).not.toContain('got: y');
    expect(back.join('\n')).toContain('it had the terminal: its output is not recorded');
  });
});
