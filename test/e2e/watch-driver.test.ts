// `runbook watch` when its driver dies (issue 18, defect 3): the real CLI in real tmux
// panes at 80×24. The driver is killed -9 mid-step; the watcher says the driver stopped
// (process gone) and how to resume, and shows the step interrupted, not ticking; when a
// new driver resumes the run, the watcher follows it again.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { all, exited, has, lastLine, see, setUp, tearDown } from './tui-screen';

const RUNBOOK = `---
title: TUI fixture
---

# TUI fixture

## Phase 1: Migrate

\`\`\`bash {#migrate}
echo $$ > step.pid; echo "migration started"; sleep 60
\`\`\`

- [ ] The dashboard is green
`;

let stepGroup = 0;
afterEach(() => {
  // The step's process group outlives the killed driver: end it here.
  try {
    if (stepGroup) process.kill(-stepGroup, 'SIGKILL');
  } catch {
    // Gone already.
  }
  stepGroup = 0;
  tearDown();
});

const TIME = /the driver stopped at (\d\d:\d\d:\d\d) \(process gone\)/;

describe('watch, when the driver dies', () => {
  it('says the driver stopped (process gone) and how to resume, shows the step interrupted, and follows a new driver', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'watch.md'), RUNBOOK);
    s.tmux.command(s.drive, 'runbook run watch.md --journal run.journal --operator tester');
    await see(s, all(has('echo "migration started"'), (l) => lastLine(l).startsWith('enter run')), 'the step to run');
    const watch = s.tmux.newWindow('watch');
    s.tmux.command(watch, 'runbook watch run.journal');
    await see(s, has('READ-ONLY · driven by tester'), 'the watcher', watch);

    s.tmux.key(s.drive, 'Enter');
    await see(s, all(has('▸ running'), has('│ migration started')), 'the step running');
    await see(s, all(has('▸ running'), has('│ migration started')), 'the watcher on the running step', watch);
    stepGroup = Number(readFileSync(join(s.dir, 'step.pid'), 'utf8'));

    const driver = s.tmux.commandPid(s.drive);
    expect(driver).not.toBeNull();
    const before = new Date();
    process.kill(driver ?? 0, 'SIGKILL');
    await exited(s);

    // Within a couple of seconds: who stopped, when, and the command that picks the run up.
    const gone = await see(s, all(has('(process gone)'), has('the run can be resumed: runbook resume run.journal'), has('! INTERRUPTED')), 'the watcher saying the driver stopped', watch, 8_000);
    const text = gone.join("\n");
    expect(text).toMatch(TIME);
    // The time it says is when it noticed: the kill, give or take the check's second.
    const [h, m, sec] = (TIME.exec(text)?.[1] ?? '').split(':').map(Number);
    const said = new Date(before);
    said.setHours(h ?? 0, m ?? 0, sec ?? 0, 0);
    expect(Math.abs(said.getTime() - before.getTime())).toBeLessThan(5_000);
    // No ticking timer and no "driven by" a dead pid.
    expect(text).not.toContain('▸ running');
    expect(text).not.toContain('driven by');
    expect(text).toContain('│ migration started');
    // It stays so (the check runs each second): two seconds later, the same words.
    await waitFor(() => Date.now() - before.getTime() > 3_000, 'three seconds to pass');
    const later = await see(s, has('(process gone)'), 'the watcher still saying so', watch);
    expect(later.join('\n')).not.toContain('▸ running');

    // A new driver resumes the run: the watcher follows it again.
    process.kill(-stepGroup, 'SIGKILL');
    s.tmux.command(s.drive, 'runbook resume run.journal');
    await see(s, has('RESUMED RUN'), 'the resume banner');
    const followed = await see(s, all(has('READ-ONLY · driven by tester'), (l) => !l.some((x) => x.includes('process gone'))), 'the watcher following the new driver', watch, 8_000);
    const pid = s.tmux.commandPid(s.drive);
    expect(followed.join('\n')).toContain(`pid ${pid}`);
    s.tmux.key(s.drive, 'Enter');
    await see(s, has('! INTERRUPTED'), 'the interrupted step after the banner');
    s.tmux.key(s.drive, 'f');
    await see(s, has('marked failed'), 'the step marked failed');
    await see(s, has('✘'), 'the watcher seeing the step failed', watch);
  });
});
