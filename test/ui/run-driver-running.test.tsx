import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { initialScreen } from '../../source/ui/screens/screen-state';
import { KEYS, fits, unmountAll, waitFor, waitForFrame } from '../helpers/frames';
import { appendEvent, closeRuns, resumeRun, startRun } from '../helpers/run-fixture';
import { eventsOf, mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const one = (fence: string) => `# Running\n\n## Phase 1: Only\n\n${fence}\n`;

describe('a running step', () => {
  it('Ctrl-C stops the running step only: it fails as stopped and the screen stays', async () => {
    const run = startRun(one('```bash\necho "$((6 * 7)) started"; sleep 30\n```'));
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "$((6 * 7)) started"; sleep 30'));
    await screen.press(KEYS.enter);
    // The first line a step prints shows while it runs (it comes before the screen redraws).
    const running = await waitForFrame(screen.lastFrame, (f) => f.includes('▸ running') && f.includes('42 started'));
    expect(running).toContain('ctrl-c stop step');
    await screen.press(KEYS.ctrlC);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✘ The step failed: stopped'));
    const finished = eventsOf(run, 'step.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ status: 'failed', stopped: true });
    expect(exits).toEqual([]);
    expect(eventsOf(run, 'run.paused')).toEqual([]);
  });

  it('a follow step runs until enter stops it, and stopping is success', async () => {
    const run = startRun(one('```bash {follow}\nwhile true; do echo tick; sleep 0.05; done\n```'));
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('follow: runs until you stop it'));
    await screen.press(KEYS.enter);
    const running = await waitForFrame(screen.lastFrame, (f) => f.includes('tick') && f.includes('▸ running'));
    expect(running).toContain('enter/ctrl-c stop (counts as success)');
    await screen.press(KEYS.enter);
    // It stays on screen, finished, until enter moves on.
    await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed') && f.includes('tick') && f.includes('enter next'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(eventsOf(run, 'step.finished')[0]).toMatchObject({ status: 'passed', stopped: true });
  });

  it('shows a bounded tail of high-rate output: the lines it skipped are counted, frames stay few and fit', async () => {
    const run = startRun(one('```bash\nfor i in $(seq 1 3); do seq 1 40000; sleep 0.3; done; echo last-line\n```'));
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ for i in'));
    await screen.press(KEYS.enter);
    const started = Date.now();
    const first = screen.frames.length;
    const mid = await waitForFrame(screen.lastFrame, (f) => /… [\d,]+ lines skipped/.test(f) && f.includes('▸ running'));
    expect(fits(mid, screen.size())).toMatchObject({ ok: true });
    // Finished, the step stays on screen with the end of its output.
    const after = await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed') && f.includes('last-line'), 20_000);
    const seconds = (Date.now() - started) / 1000;
    const frames = screen.frames.length - first;
    // 120,000 lines went by: the screen drew a few frames a second, not one per line.
    expect(frames).toBeLessThan(Math.ceil(seconds * 30) + 10);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
    expect(after).toMatch(/… 119,9\d\d lines skipped · o: whole output/);
    expect(run.ctl.state.steps[run.stepId('for i in')]?.outputLines).toBe(120_001);
  });

  it('in a rehearsal, enter runs nothing; the typed confirmation is practised and journaled', async () => {
    const run = startRun(one('```bash\nrm -rf ./nothing-here\n```'), { rehearse: true });
    const { screen } = mountDriver(run);
    const frame = await waitForFrame(screen.lastFrame, (f) => f.includes('$ rm -rf ./nothing-here') && f.includes('enter rehearse'));
    expect(frame).toContain('REHEARSAL: nothing runs');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Practise: type "rm" (nothing runs):'));
    await screen.press(...'rm', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(eventsOf(run, 'step.started')).toEqual([]);
    expect(eventsOf(run, 'step.skipped')).toEqual([]);
    expect(eventsOf(run, 'step.rehearsed')).toEqual([{ step: run.stepId('rm -rf'), command: 'rm -rf ./nothing-here', confirmed: 'rm' }]);
    expect(run.ctl.state.steps[run.stepId('rm -rf')]?.status).toBe('rehearsed');
  });
});

describe('a hangup (the terminal went away)', () => {
  function hangup() {
    const listeners = new Set<() => void>();
    let happened = false;
    return {
      happened: () => happened,
      subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
      fire: () => {
        happened = true;
        for (const l of listeners) l();
      },
    };
  }

  it('lets a running step finish and record its outcome, then leaves the run resumable', async () => {
    const run = startRun(one('```bash\nsleep 0.5; echo finished-anyway\n```'));
    const signal = hangup();
    const { screen, exits } = mountDriver(run, { hangup: signal });
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ sleep 0.5'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('▸ running'));
    signal.fire();
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(eventsOf(run, 'step.finished')).toMatchObject([{ status: 'passed' }]);
    expect(eventsOf(run, 'run.paused')).toEqual([{ reason: 'hangup' }]);
  });

  it('when idle, leaves at once', async () => {
    const run = startRun(one('```bash\necho never\n```'));
    const signal = hangup();
    const { screen, exits } = mountDriver(run, { hangup: signal });
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo never'));
    signal.fire();
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(eventsOf(run, 'run.paused')).toEqual([{ reason: 'hangup' }]);
    expect(eventsOf(run, 'step.started')).toEqual([]);
  });
});

describe('monitoring', () => {
  it('counts down a scheduled check once every other step is done, and q leaves it for later', async () => {
    const run = startRun(`# Monitor\n\n## Phase 1: Deploy\n\n\`\`\`bash\necho deployed\n\`\`\`\n\n## Phase 2: Watch\n\n\`\`\`bash {at=+1h}\necho still healthy\n\`\`\`\n`);
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo deployed'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed') && f.includes('enter next'));
    await screen.press(KEYS.enter);
    const waiting = await waitForFrame(screen.lastFrame, (f) => f.includes('MONITORING: only scheduled checks are ahead'));
    expect(waiting).toMatch(/⏱ echo still healthy +in (00:59:5\d|01:00:00)/);
    expect(waiting.split('\n')[0]).toMatch(/⏱ (00:59:5\d|01:00:00) · 00:00:0\d$/);
    expect(eventsOf(run, 'check.scheduled')).toHaveLength(1);
    await screen.press('q');
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(exits[0]).toMatchObject({
      kind: 'quit',
      code: 0,
      lines: [
        ['Run paused (monitoring). Continue with:', { whole: expect.stringContaining('runbook resume ') }],
        ['Scheduled checks are ahead; to see when each is due:', { whole: 'runbook list --due' }],
      ],
    });
    expect(eventsOf(run, 'run.paused')).toEqual([{ reason: 'monitoring' }]);
  });
});

describe('a resumed run', () => {
  it('shows interrupted steps first; p marks one done with a note, f fails it, enter re-runs it', async () => {
    const first = startRun(`# Resume\n\n## Phase 1: Only\n\n\`\`\`bash\necho one\n\`\`\`\n\n\`\`\`bash\necho two\n\`\`\`\n\n\`\`\`bash\necho three\n\`\`\`\n`);
    const ids = ['echo one', 'echo two', 'echo three'].map(first.stepId);
    // Each of them was running when the process went away; resume marks them interrupted.
    await first.ctl.close();
    for (const id of ids) appendEvent(first.journal, 'step.started', { step: id, attempt: 1 });
    const run = resumeRun(first);
    const { screen } = mountDriver(run, { initial: initialScreen({ warning: null, changes: true }) });
    const banner = await waitForFrame(screen.lastFrame, (f) => f.includes('RESUMED RUN'));
    expect(banner).toContain('3 steps were running when the run stopped: interrupted, NOT done');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('! INTERRUPTED') && f.includes('$ echo one') && f.includes('p done'));
    await screen.press('p');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Done how?'));
    await screen.press(...'checked by hand', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo two') && f.includes('! INTERRUPTED'));
    await screen.press('f');
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter: continue'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo three') && f.includes('enter re-run'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo three') && f.includes('✔ passed'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(eventsOf(run, 'step.marked')).toEqual([
      { step: ids[0], status: 'done', note: 'checked by hand' },
      { step: ids[1], status: 'failed', note: 'interrupted; marked failed by the operator' },
    ]);
    expect(eventsOf(run, 'step.finished').map((f) => [f.step, f.status])).toEqual([[ids[2], 'passed']]);
  });
});

describe('baselines', () => {
  it('b lists the captures; enter shows one as a table', async () => {
    const run = startRun(
      `---\ntitle: Baselines\ntargets:\n  app:\n    kind: sqlite\n    path: ./app.db\n---\n# Baselines\n\n## Phase 1: Only\n\n\`\`\`sql {capture=before}\nSELECT 'policies' AS table_name, 12 AS count UNION ALL SELECT 'agents', 3;\n\`\`\`\n`,
      // The target must exist: a run never creates a sqlite target.
      { prepare: (dir) => new Database(join(dir, 'app.db')).close() },
    );
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('capture=before'));
    await screen.press(KEYS.enter);
    // The step stays on screen with its result as an aligned table.
    const ran = await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed') || f.includes('enter: continue'));
    expect(ran).toContain('table_name | count');
    expect(ran).toMatch(/policies +\| 12/);
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    await screen.press('b');
    await waitForFrame(screen.lastFrame, (f) => f.includes('BASELINES · 1 item') && f.includes('capture before'));
    await screen.press(KEYS.enter);
    const table = await waitForFrame(screen.lastFrame, (f) => f.includes('table_name | count'));
    expect(table).toMatch(/policies +\| 12/);
    expect(table).toMatch(/agents +\| 3/);
    await screen.press(KEYS.escape);
    await waitForFrame(screen.lastFrame, (f) => f.includes('BASELINES · 1 item'));
    await screen.press(KEYS.escape);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
  });
});

describe('s: skipping a step', () => {
  it('refuses an empty reason; a conditional step takes its condition not holding as the reason', async () => {
    const run = startRun(one('- [ ] Tell #ops the deploy starts\n- [ ] Optionally look at the dashboard'));
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Tell #ops'));
    await screen.press('s');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Why skip it?'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('a reason is needed for the record'));
    expect(eventsOf(run, 'step.skipped')).toEqual([]);
    await screen.press(...'   ', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('a reason is needed for the record'));
    await screen.press(...'announced by phone', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Optionally look at the dashboard') && f.includes('↷ skipped: announced by phone'));
    await screen.press('s');
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter alone: optional, not done'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('↷ skipped: optional, not done'));
    expect(eventsOf(run, 'step.skipped').map((s) => s.reason)).toEqual(['announced by phone', 'optional, not done']);
  });
});
