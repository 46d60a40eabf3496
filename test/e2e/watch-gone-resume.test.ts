// `runbook watch` when its driver is killed -9, the run's journal in the runbook home (a
// long path), in real 80×24 tmux panes: the watcher's notice gives the whole command that
// picks the run up, over as many lines as it needs. Before, the notice was one row cut at
// 80 columns ("runbook resume /tmp/…/journals/2026-12-07T09-21-23Z-strea…"): the command
// to copy was not on the screen.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { exited, has, lastLine, setUp, tearDown } from './tui-screen';

const RUNBOOK = `# Watch me

## Phase 1

\`\`\`bash
[ ] echo one
\`\`\`
`;

afterEach(() => tearDown());

/** The screen's rows above the first rule, joined: the header and its notices. */
const notices = (lines: string[]) => lines.slice(0, lines.findIndex((l) => l.startsWith('───'))).join('');

describe('watch, when the driver is killed -9', () => {
  it('gives the whole resume command, its journal path uncut', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'watch.md'), RUNBOOK);
    s.tmux.command(s.drive, 'runbook run watch.md --operator tester');
    await s.tmux.waitFor(s.drive, (l) => lastLine(l).startsWith('enter run'), 'the step to run', 20_000);
    const dir = join(s.dir, 'runbook', 'journals');
    const name = await waitFor(() => readdirSync(dir).find((f) => f.endsWith('.sqlite')), 'the journal');
    const journal = join(dir, name);
    expect(`the run can be resumed: runbook resume ${journal}`.length).toBeGreaterThan(80);
    const watch = s.tmux.newWindow('watch');
    s.tmux.command(watch, `runbook watch ${journal}`);
    await s.tmux.waitFor(watch, has('READ-ONLY · driven by tester'), 'the watcher', 20_000);

    process.kill(s.tmux.commandPid(s.drive) ?? 0, 'SIGKILL');
    await exited(s);
    const gone = await s.tmux.waitFor(watch, has('(process gone)'), 'the watcher saying the driver stopped', 8_000);
    expect(gone.every((l) => l.length <= 80)).toBe(true);
    expect(notices(gone)).toContain(`the run can be resumed: runbook resume ${journal}`);
  }, 60_000);
});
