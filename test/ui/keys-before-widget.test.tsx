// Keys typed right after a widget opens (fast typing, or an SSH link delivering keys in a
// burst) arrive before React has attached the widget's input handler: none may be lost.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, unmountAll, waitForFrame, type Screen } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { FULL, eventsOf, mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const RELEASE = `# Release

## Phase 1: Only

Release: ____

\`\`\`bash
echo "releasing \${release}"
\`\`\`
`;

/** Writes keys one by one in the same tick: each a separate read, none after a frame. */
function burst(screen: Screen, ...keys: string[]): void {
  for (const key of keys) screen.write(key);
}

describe('keys typed before a widget has attached its handler', () => {
  it('an input value typed right after enter arrives whole', async () => {
    const run = startRun(RELEASE);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Release: ____') && f.includes('enter answer'));
    burst(screen, KEYS.enter, ...'v2.0.0', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "releasing ${release}"'));
    expect(eventsOf(run, 'input.given')).toEqual([{ step: run.stepId('Release'), name: 'release', value: 'v2.0.0', secret: false }]);
  });

  it('a reason typed right after s, and a menu choice right after d, are not lost', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Database password: ____') && f.includes('enter answer'));
    burst(screen, 's', ...'not needed', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Commit SHA: ____'));
    expect(eventsOf(run, 'step.skipped')).toEqual([{ step: run.stepId('Database password'), reason: 'not needed' }]);

    burst(screen, 's', ...'later', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "deploying'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed') && f.includes('enter next'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo migrating; exit 3'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✘ The step failed') && f.includes('d: decision tree'));
    // The second branch picked by its number the moment the menu opens.
    burst(screen, 'd', '2');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Leads to the plan: Rollback Plan A: Undo'));
  });

  it('bursts with ctrl-c and a refused answer: each key acts once, in order', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Database password: ____') && f.includes('enter answer'));
    // Skip opened and cancelled before its widget listened: its keys go nowhere, not to the next prompt.
    burst(screen, 's', ...'xy', KEYS.ctrlC);
    burst(screen, KEYS.enter, ...'pw', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Commit SHA: ____') && f.includes('enter answer'));
    // Refused, cleared and typed again, all before the prompt's first frame.
    burst(screen, KEYS.enter, ...'nope', KEYS.enter, KEYS.ctrlU, ...'abc1234', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce'));
    expect(eventsOf(run, 'step.skipped')).toEqual([]);
    expect(eventsOf(run, 'input.given')).toEqual([
      { step: run.stepId('Database password'), name: 'db_password', value: '', secret: true },
      { step: run.stepId('Commit SHA'), name: 'commit_sha', value: 'abc1234', secret: false },
    ]);
  });
});
