import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { followRun } from '../../source/commands/watch';
import type { WatchedRun } from '../../source/controller';
import { RunWatcher, driverText, type WatchExit } from '../../source/ui/screens/run-watcher';
import { readOnlyNotice } from '../../source/ui/screens/run-screen';
import { initialScreen } from '../../source/ui/screens/screen-state';
import { KEYS, fits, renderScreen, unmountAll, waitFor, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';

const followed: WatchedRun[] = [];

afterEach(async () => {
  unmountAll();
  for (const f of followed.splice(0)) f.stop();
  await closeRuns();
});

const RUNBOOK = `# Watched

## Phase 1: Only

- [ ] Announce the deploy

\`\`\`bash
for i in $(seq 1 5); do echo "tick $i"; sleep 0.1; done
\`\`\`
`;

function watch(journal: string, size = { columns: 80, rows: 24 }) {
  const run = followRun(journal, '/');
  followed.push(run);
  const exits: WatchExit[] = [];
  const screen = renderScreen(
    <RunWatcher run={run} initial={initialScreen({ warning: null, changes: false })} transcript={null} splitPager={() => false} onExit={(e) => exits.push(e)} />,
    size,
  );
  return { screen, exits, stop: () => run.stop() };
}

describe('runbook watch', () => {
  it('follows the run live, read-only, and says who drives it', async () => {
    const run = startRun(RUNBOOK);
    const { screen } = watch(run.journal);
    const first = await waitForFrame(screen.lastFrame, (f) => f.includes('READ-ONLY'));
    // Who (the operator, and the system account the driver runs as), where, and since when
    // in local time: one line that fits 80 columns.
    expect(first.split('\n')[1]).toMatch(new RegExp(`^READ-ONLY · driven by ana \\(${userInfo().username}@[^,]+, pid \\d+\\) since \\d\\d:\\d\\d:\\d\\d`));
    expect(first).toContain('[ ] Announce the deploy');
    expect(first).toContain('q leave');
    expect(first).not.toContain('enter');

    // The driver acts; the watcher's screen follows.
    run.ctl.mark(run.stepId('Announce'), 'passed');
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ for i in'));
    const finished = run.ctl.run(run.stepId('for i in'));
    await waitForFrame(screen.lastFrame, (f) => f.includes('▸ running') && f.includes('tick'));
    await finished;
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE') && f.includes('2 passed'));
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('never changes the run: enter, s, p, f, n, e, d do nothing; q leaves', async () => {
    const run = startRun(RUNBOOK);
    const before = run.events().length;
    const { screen, exits } = watch(run.journal);
    await waitForFrame(screen.lastFrame, (f) => f.includes('READ-ONLY'));
    await screen.press(KEYS.enter, 's', 'p', 'f', 'n', 'e', 'd', 'r');
    await screen.press(KEYS.down);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ for i in'));
    expect(run.events()).toHaveLength(before);
    await screen.press('q');
    await waitFor(() => exits.length === 1, 5000, 'the watcher left');
    expect(exits[0]).toEqual({ kind: 'quit' });
  });

  it('says when nobody drives the run', async () => {
    const run = startRun(RUNBOOK);
    run.ctl.leave('quit');
    await run.ctl.close();
    const { screen } = watch(run.journal);
    await waitForFrame(screen.lastFrame, (f) => f.includes('driven by nobody right now (last: ana)'));
  });

  it('names the driver briefly: the lock time as a time of day, the "read-only" hint only where it fits', () => {
    expect(driverText('ana (ana@bastion-1, pid 4242) since 2026-11-23T10:00:00.000Z')).toMatch(/^ana \(ana@bastion-1, pid 4242\) since \d\d:00:00$/);
    expect(readOnlyNotice('ana (ana@b1, pid 42) since 10:00:00', 120)).toBe('READ-ONLY · driven by ana (ana@b1, pid 42) since 10:00:00 · nothing you press changes the run');
    expect(readOnlyNotice('ana (ana@b1, pid 42) since 10:00:00', 80)).toBe('READ-ONLY · driven by ana (ana@b1, pid 42) since 10:00:00');
  });
});
