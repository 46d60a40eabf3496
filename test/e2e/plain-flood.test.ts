// `--plain` in a real tmux pane while a step pours out 300,000 lines: written to the
// terminal without waiting for it (commands/async-terminal.ts), every line still reaches
// the pane in order and before the runner's own next words, every line is in the journal,
// and a step that has the terminal itself gets it back as a child expects (blocking).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { has, setUp, show, tearDown } from './tui-screen';
import { waitFor } from '../helpers/cli';

afterEach(tearDown);

const LINES = 300_000;

const RUNBOOK = `# Flood

## PHASE 1: Pour

\`\`\`bash {#flood}
seq 1 ${LINES}
\`\`\`

\`\`\`bash {#own-terminal tty}
echo "the terminal is mine"
\`\`\`

- [ ] Looked fine
`;

describe('--plain in a terminal while a step floods it', () => {
  it('shows every line in order before the verdict, journals them all, and a tty step writes after them', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'flood.md'), RUNBOOK);
    const bytes = join(s.dir, 'pane.bytes');
    s.tmux.record(s.drive, bytes);
    s.tmux.command(s.drive, 'runbook run flood.md --plain --journal run.journal --operator tester');
    await s.tmux.waitFor(s.drive, has('Run: [y]'), 'the prompt of the flood step');
    s.tmux.command(s.drive, 'y');
    await s.tmux.waitFor(s.drive, has('✔ passed (exit 0)'), 'the flood step passed', 120_000);

    // Every line, in order, and the verdict only after the last of them.
    const written = readFileSync(bytes, 'latin1').replace(/\r/g, '');
    const from = written.indexOf('\n1\n2\n3\n');
    const verdict = written.indexOf('✔ passed (exit 0)'.replace('✔', '\u00e2\u009c\u0094'));
    expect(from).toBeGreaterThan(0);
    expect(verdict).toBeGreaterThan(from);
    const shown = written.slice(from + 1, verdict).split('\n').filter((l) => l !== '');
    expect(shown.length).toBe(LINES);
    expect(shown.every((line, i) => line === String(i + 1))).toBe(true);

    // The step with the terminal of its own writes straight to it: after everything before.
    await s.tmux.waitFor(s.drive, has('Run: [y]'), 'the prompt of the tty step');
    s.tmux.command(s.drive, 'y');
    await s.tmux.waitFor(s.drive, (lines) => lines.some((l) => l.trim() === 'the terminal is mine'), 'the tty step’s line');
    const after = readFileSync(bytes, 'latin1');
    expect(after.lastIndexOf('the terminal is mine')).toBeGreaterThan(after.lastIndexOf(`\n${LINES}\r`));

    await s.tmux.waitFor(s.drive, has('Check: [y] pass'), 'the manual check');
    s.tmux.command(s.drive, 'q');
    await waitFor(() => s.tmux.commandPid(s.drive) === null, 'runbook to leave');
    const run = await show(s);
    expect(run.steps.find((step) => step.id === 'flood')?.outputLines).toBe(LINES);
  });
});
