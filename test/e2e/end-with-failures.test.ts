// The end of a run with failures, on the screen at 80×24 (issue 18, defect 6): two steps
// and a comparison fail; when every step is done the headline says "with failures", q ends
// the run saying so, and a watcher opened afterwards reads RUN COMPLETED WITH FAILURES —
// never a plain "completed". The real CLI in a real tmux pane, a real SQLite target.

import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { all, exited, has, lastLine, press, see, setUp, tearDown } from './tui-screen';

afterEach(tearDown);

const RUNBOOK = `---
title: TUI fixture
targets:
  db:
    kind: sqlite
    path: ./ev.db
---

# TUI fixture

## Phase 1: Before

\`\`\`sql {#count-before capture=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

\`\`\`bash {#disk}
echo "disk almost full"; exit 3
\`\`\`

## Phase 2: Change

\`\`\`sql {#insert}
INSERT INTO items (id) VALUES (5);
\`\`\`

\`\`\`sql {#count-after compare=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

\`\`\`bash {#smoke}
echo "smoke failed"; exit 1
\`\`\`

\`\`\`bash {#bye}
echo bye
\`\`\`
`;

const ready = (text: string) => all(has(text), (l) => lastLine(l).startsWith('enter run'));

describe('the end of a run with failures, at 80×24', () => {
  it('headlines EVERY STEP IS DONE, WITH FAILURES; q says so; a watcher reads RUN COMPLETED WITH FAILURES', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'fail.md'), RUNBOOK);
    const db = new Database(join(s.dir, 'ev.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();

    s.tmux.command(s.drive, 'runbook run fail.md --journal run.journal --operator tester');
    await see(s, ready('capture=counts'), 'the capture step', s.drive, 20_000);
    await press(s, 'Enter', has('✔ passed'), 'the capture ran');
    await press(s, 'Enter', ready('$ echo "disk almost full"; exit 3'), 'the disk step');
    await press(s, 'Enter', has('✘ The step failed'), 'the disk step failed');
    await press(s, 'Enter', ready('INSERT INTO items'), 'on past the failure');
    await press(s, 'Enter', has('✔ passed'), 'the insert ran');
    await press(s, 'Enter', ready('compare=counts'), 'the compare step');
    await press(s, 'Enter', has('✘ The step failed'), 'the comparison failed');
    await press(s, 'Enter', ready('$ echo "smoke failed"; exit 1'), 'the smoke step');
    await press(s, 'Enter', has('✘ The step failed'), 'the smoke step failed');
    await press(s, 'Enter', ready('$ echo bye'), 'the last step');
    await press(s, 'Enter', has('✔ passed'), 'the last step ran');

    const end = await press(s, 'Enter', has('EVERY STEP IS DONE'), 'the end of the walk');
    const text = end.join('\n');
    expect(text).toContain('EVERY STEP IS DONE, WITH FAILURES');
    expect(text).toContain('✘ comparison counts');
    expect(text).toContain('3 steps failed:');
    expect(text).toMatch(/✘ echo "disk almost full"; exit 3 · exit 3/);

    s.tmux.key(s.drive, 'q');
    const left = (await exited(s)).join('\n').replace(/\s+/g, ' ');
    expect(left).toContain('Run completed with failures. Evidence: runbook report');

    s.tmux.command(s.drive, 'clear; runbook watch run.journal');
    const watched = await see(s, has('RUN COMPLETED'), 'the watcher on the finished run', s.drive, 20_000);
    expect(watched.join('\n')).toContain('RUN COMPLETED WITH FAILURES');
    expect(watched.join('\n')).toContain('3 steps failed:');
    s.tmux.key(s.drive, 'q');
    await exited(s);
  }, 120_000);
});
