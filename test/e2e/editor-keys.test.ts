// Keys typed while the screen has handed the terminal to the editor (e) are the editor's:
// runbook stops reading the terminal first (ui/key-input.ts letGoOfKeyboard). Before, Node
// went on reading ahead after the screen unmounted, so an editor that was slow to start
// waited for keys runbook had taken, and the screen read them afterwards as if pressed there.
// The real CLI in a real tmux pane; the editor is a script that starts slowly, then reads
// one line from the terminal.

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { has, lastLine, setUp, show, tearDown } from './tui-screen';

afterEach(tearDown);

const RUNBOOK = `# Two lines

## PHASE 1: Say

### 1.1 Two lines

\`\`\`bash {#two}
echo one
echo two
\`\`\`

- [ ] Looked fine
`;

const TYPED = 'skip this and note it';

// Slow to start (as vi can be under load), then, as an editor does, the terminal raw: the
// keys typed meanwhile, appended.
const SLOW_EDITOR = `#!/bin/sh
sleep 1
stty raw -echo
typed=$(dd bs=1 count=${TYPED.length} 2>/dev/null)
stty sane
printf '\\n-- %s\\n' "$typed" >> "$1"
`;

describe('the editor has the keyboard', () => {
  it('gets the keys typed before it is ready, and none of them reach the screen after', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'two.md'), RUNBOOK);
    writeFileSync(join(s.dir, 'slow-editor'), SLOW_EDITOR);
    chmodSync(join(s.dir, 'slow-editor'), 0o755);
    s.tmux.command(s.drive, `EDITOR=./slow-editor runbook run two.md --journal run.journal --operator tester`);
    await s.tmux.waitFor(s.drive, has('e edit'), 'the step on the screen');
    s.tmux.key(s.drive, 'e');
    // The screen has stepped aside (its frame is gone) and the editor is still asleep: the
    // keys wait in the terminal for it.
    await s.tmux.waitFor(s.drive, (l) => !l.some((x) => x.includes('e edit')), 'the screen stepping aside');
    s.tmux.type(s.drive, TYPED);
    const back = await s.tmux.waitFor(s.drive, has('edited · enter runs the edited command'), 'the screen back with the edit', 15_000);
    expect(back.some((l) => l.includes(`-- ${TYPED}`))).toBe(true);
    // Nothing of it was read as the screen's keys: s would have asked for a skip reason, n
    // for a note; the footer is the step's own, no prompt open.
    expect(lastLine(back)).toMatch(/^enter run · s skip · e edit/);
    s.tmux.key(s.drive, 'q');
    await s.tmux.waitFor(s.drive, (l) => l.some((x) => x.includes('runbook resume')), 'the run paused');
    const run = await show(s);
    expect(run.steps.find((step) => step.id === 'two')?.status).toBe('pending');
  });
});
