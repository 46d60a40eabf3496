// In a rehearsal nothing runs: a step walked is ○ rehearsed, and a plan whose steps were
// only rehearsed is ○ in the sidebar. A phase whose steps were only rehearsed was marked ✔,
// as if they had run and passed. It is ○ now; a phase with a step that really passed
// (an input answered, a check confirmed) keeps its ✔.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const RUNBOOK = `# Rehearsed

## Phase 1: Checks

- [ ] Tell the team

## Phase 2: Change

\`\`\`bash
[ ] echo change-Kw4821
[ ] echo verify-Kw4821
\`\`\`

## Phase 3: After

- [ ] Look at the dashboard
`;

describe('the sidebar in a rehearsal', () => {
  it('marks a phase whose steps were only rehearsed ○, never ✔', async () => {
    const run = startRun(RUNBOOK, { rehearse: true });
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Tell the team') && f.includes('p pass'));
    await screen.press('p');
    for (const n of [2, 3]) {
      await waitForFrame(screen.lastFrame, (f) => f.includes(`step ${n}/4`) && f.includes('enter rehearse'));
      // Rehearsed, the screen goes on to the next step at once.
      await screen.press(KEYS.enter);
    }
    const after = await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Look at the dashboard'));
    expect(after).toMatch(/✔ 1 Checks +1\/1/);
    expect(after).toMatch(/○ 2 Change +2\/2/);
    expect(after).not.toMatch(/✔ 2 Change/);
  });
});
