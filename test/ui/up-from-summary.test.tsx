// At the end of the run ("EVERY STEP IS DONE"): ↑ is the previous step, the last one.
// Before, it jumped to step 1, so an operator going back to read the step that just failed
// at the end of a long runbook had to walk down through every step to reach it.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const THREE = `# Three

## One

\`\`\`bash
[ ] echo first-Kw4821
[ ] echo second-Kw4821
[ ] echo third-Kw4821; exit 4
\`\`\`
`;

const PAGES = `# Three

## About

Read this first.

${THREE.split('\n').slice(2).join('\n')}
## Appendix

Nothing to run here.
`;

async function toTheEnd(text: string) {
  const run = startRun(text);
  const { screen } = mountDriver(run);
  for (const n of [1, 2, 3]) {
    await waitForFrame(screen.lastFrame, (f) => f.includes(`step ${n}/3`) && f.includes('enter run'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter next'));
    await screen.press(KEYS.enter);
  }
  await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE, WITH FAILURES'));
  return screen;
}

describe('↑ from the end of the run', () => {
  it('shows the last step, the one that failed', async () => {
    const screen = await toTheEnd(THREE);
    await screen.press('k');
    const last = await waitForFrame(screen.lastFrame, (f) => !f.includes('EVERY STEP IS DONE'));
    expect(last).toContain('step 3/3');
    expect(last).toContain('exit 4');
  });

  it('shows the last place when the runbook has information pages too', async () => {
    const screen = await toTheEnd(PAGES);
    await screen.press(KEYS.up);
    const last = await waitForFrame(screen.lastFrame, (f) => !f.includes('EVERY STEP IS DONE'));
    expect(last).toContain('Nothing to run here.');
    await screen.press(KEYS.up);
    await waitForFrame(screen.lastFrame, (f) => f.includes('step 3/3') && f.includes('exit 4'));
  });
});

// Ctrl-C with every step done said "q leaves; the run stays resumable", but q there
// finishes the run (it completes, and the report is ready): the hint named the wrong end.
describe('ctrl-c at the end of the run', () => {
  it('says that q finishes the run', async () => {
    const screen = await toTheEnd(THREE);
    await screen.press(KEYS.ctrlC);
    const said = await waitForFrame(screen.lastFrame, (f) => f.includes('^C no step is running'));
    expect(said).toContain('^C no step is running · q finishes the run');
    expect(said).not.toContain('stays resumable');
  });
});
