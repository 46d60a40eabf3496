// The header's elapsed clock stops once the run is over: at the run's end in `runbook
// watch` after the driver finished it, and on the driver's screen once every step is done
// (when the last one finished). Before, both kept counting (00:00:31 → 00:00:59).

import { afterEach, describe, expect, it } from 'vitest';
import { followRun } from '../../source/commands/watch';
import type { WatchedRun } from '../../source/controller';
import { RunWatcher } from '../../source/ui/screens/run-watcher';
import { initialScreen } from '../../source/ui/screens/screen-state';
import { renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

const followed: WatchedRun[] = [];

afterEach(async () => {
  unmountAll();
  for (const f of followed.splice(0)) f.stop();
  await closeRuns();
});

const RUNBOOK = '# Short\n\n## Phase 1: Only\n\n- [ ] Announce the deploy\n\n```bash\necho deployed\n```\n';

/** The header's elapsed time, in seconds. */
function elapsed(frame: string): number {
  const [, h = '0', m = '0', s = '0'] = /(\d\d):(\d\d):(\d\d)\s*$/.exec(frame.split('\n')[0] ?? '') ?? [];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

const seconds = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the elapsed clock of a run that is over', () => {
  it('stops at the run\'s end in runbook watch once the driver finished the run', async () => {
    const run = startRun(RUNBOOK);
    run.ctl.mark(run.stepId('Announce'), 'passed');
    await run.ctl.run(run.stepId('echo deployed'));
    expect(run.ctl.leave('quit').exitCode).toBe(0);
    await run.ctl.close();
    const watched = followRun(run.journal, '/');
    followed.push(watched);
    const screen = renderScreen(<RunWatcher run={watched} initial={initialScreen({ warning: null, changes: false })} transcript={null} splitPager={() => false} onExit={() => {}} />, { columns: 80, rows: 24 });
    const first = await waitForFrame(screen.lastFrame, (f) => f.includes('RUN COMPLETED'));
    expect(elapsed(first)).toBeLessThanOrEqual(1);
    await seconds(2300);
    expect(screen.lastFrame()?.split('\n')[0]).toBe(first.split('\n')[0]);
  });

  it("stops on the driver's screen once every step is done, at the last step's end", async () => {
    const run = startRun(RUNBOOK);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce the deploy'));
    run.ctl.mark(run.stepId('Announce'), 'passed');
    await run.ctl.run(run.stepId('echo deployed'));
    const done = await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(elapsed(done)).toBeLessThanOrEqual(1);
    await seconds(2300);
    expect(screen.lastFrame()?.split('\n')[0]).toBe(done.split('\n')[0]);
  });
});
