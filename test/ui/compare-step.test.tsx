// A compare step that failed said only "✘ comparison with counts failed" above the table it
// read now: what changed (`b (n 2 → 3 (+1))`) was behind b or at the run's end, and the
// decision tree opened on that line alone. The step says what the comparison found.

import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const RUNBOOK = `---
title: Compare
targets:
  app: { kind: sqlite, path: ./app.db }
---
# Compare

## Phase 1: Before

\`\`\`sql {capture=counts}
SELECT k, n FROM items ORDER BY k;
\`\`\`

## Phase 2: Change

\`\`\`sql {destructive=false}
UPDATE items SET n = n + 1 WHERE k = 'b';
\`\`\`

\`\`\`sql {compare=counts}
SELECT k, n FROM items ORDER BY k;
\`\`\`
`;

describe('a compare step on the screen', () => {
  it('says what changed against the baseline, where the step failed', async () => {
    const run = startRun(RUNBOOK, {
      prepare: (dir) => {
        const db = new Database(join(dir, 'app.db'));
        db.exec("CREATE TABLE items (k TEXT PRIMARY KEY, n INTEGER); INSERT INTO items VALUES ('a', 1), ('b', 2), ('c', 3);");
        db.close();
      },
    });
    const { screen } = mountDriver(run);
    for (const n of [1, 2]) {
      await waitForFrame(screen.lastFrame, (f) => f.includes(`step ${n}/3`) && f.includes('enter run'));
      await screen.press(KEYS.enter);
      await waitForFrame(screen.lastFrame, (f) => f.includes('enter next'));
      await screen.press(KEYS.enter);
    }
    await waitForFrame(screen.lastFrame, (f) => f.includes('step 3/3') && f.includes('enter run'));
    await screen.press(KEYS.enter);
    const failed = await waitForFrame(screen.lastFrame, (f) => f.includes('The step failed'));
    expect(failed).toContain('✘ compare counts: failed: 1 row changed: b (n 2 → 3');
    expect(failed).not.toMatch(/│ ✘ comparison with counts failed/);
    // Cut at the panel's edge: x shows it whole.
    await screen.press('x');
    const whole = await waitForFrame(screen.lastFrame, (f) => f.includes('x esc collapse'));
    expect(whole.replace(/\n[ │]+/g, ' ')).toContain('✘ compare counts: failed: 1 row changed: b (n 2 → 3 (+1)); 2 unchanged');
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });
});
