import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitFor, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { FULL, eventsOf, mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

/** Walks FULL's phase 1 by key: inputs skipped, check confirmed, step run. */
async function throughPhaseOne(screen: ReturnType<typeof mountDriver>['screen']): Promise<void> {
  for (const title of ['Database password: ____', 'Commit SHA: ____']) {
    await waitForFrame(screen.lastFrame, (f) => f.includes(title) && f.includes('enter answer'));
    await screen.press('s');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Why skip it?'));
    // An empty reason is refused: the skip is the record of why the step was not done.
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('a reason is needed for the record'));
    await screen.press(...'not needed in this test', KEYS.enter);
  }
  await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce'));
  await screen.press(KEYS.enter);
  await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "deploying'));
  await screen.press(KEYS.enter);
  // It stays on screen with its output until enter moves on.
  await waitForFrame(screen.lastFrame, (f) => f.includes('deploying') && f.includes('✔ passed') && f.includes('enter next'));
  await screen.press(KEYS.enter);
}

describe('when a step fails', () => {
  it('offers the decision tree; the chosen leaf shows its plan, asks a reason and enters the plan', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await throughPhaseOne(screen);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo migrating; exit 3'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✘ The step failed') && f.includes('d: decision tree · enter: continue'));
    await screen.press('d');
    await waitForFrame(screen.lastFrame, (f) => f.includes('? Is the app healthy?') && f.includes('▸ 1. Yes'));
    await screen.press('j', KEYS.enter);
    const leaf = await waitForFrame(screen.lastFrame, (f) => f.includes('Leads to the plan: Rollback Plan A: Undo (2 steps)'));
    // The plan's destructive step is marked before the operator takes the path.
    expect(leaf).toMatch(/! 2\. rm -rf \.\/undo-me {2}\(destructive\)/);
    await screen.press(KEYS.enter);
    const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('Why this path?'));
    // Why the tree was opened, offered as a suggestion (ctrl-u clears it).
    expect(asked).toContain('failed: exit 3');
    expect(asked).toContain('suggested: enter keeps it, typing replaces it');
    await screen.press(KEYS.ctrlU, KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✘ a reason is needed for the record'));
    await screen.press(...'app returns 500s', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('▸ Plan A: Undo') && f.includes('plan step 1/2'));

    expect(eventsOf(run, 'decision.taken')).toEqual([
      {
        tree: expect.any(String),
        step: null,
        path: [{ question: 'Is the app healthy?', answer: 'No' }],
        leadsTo: { kind: 'plan', id: 'rollback-plan-a-undo', title: 'Rollback Plan A: Undo' },
        reason: 'app returns 500s',
      },
    ]);
    expect(eventsOf(run, 'plan.entered')).toEqual([{ plan: 'rollback-plan-a-undo', from: null, tree: 'rollback-decision/is-the-app-healthy' }]);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('goes back question by question with ← and esc, and leaves the menu without recording anything', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    await screen.press('d');
    await waitForFrame(screen.lastFrame, (f) => f.includes('▸ 1. Yes'));
    await screen.press(KEYS.enter);
    // Opened before anything ran: the leaf says how many steps of the walk it would skip.
    const leaf = await waitForFrame(screen.lastFrame, (f) => f.includes('Leads to Phase 4: Finish'));
    expect(leaf).toContain('Leads to Phase 4: Finish: 7 open steps before it are skipped');
    await screen.press(KEYS.left);
    await waitForFrame(screen.lastFrame, (f) => f.includes('▸ 1. Yes'));
    await screen.press(KEYS.escape);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    expect(eventsOf(run, 'decision.taken')).toEqual([]);
  });

  it('continues with the next step on enter', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await throughPhaseOne(screen);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo migrating'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('d: decision tree · enter: continue'));
    await screen.press(KEYS.enter);
    const next = await waitForFrame(screen.lastFrame, (f) => f.includes('$ rm -rf ./scratch'));
    // The failed step stays visible, collapsed to one line, with the phase's failure count.
    expect(next).toContain('✘ echo migrating; exit 3');
    expect(next).toMatch(/2 Change +1\/2 1✘/);
  });
});

describe('a destructive step', () => {
  it('runs only when the shown word is typed; anything else declines and nothing runs', async () => {
    const run = startRun(FULL, { prepare: (dir) => mkdirSync(join(dir, 'scratch')) });
    const { screen } = mountDriver(run);
    await throughPhaseOne(screen);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo migrating'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('d: decision tree'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ rm -rf ./scratch') && f.includes('DESTRUCTIVE'));
    await screen.press(KEYS.enter);
    const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('to run it:'));
    const word = /Type "([^"]+)" to run it:/.exec(asked)?.[1] ?? '';
    expect(word).not.toBe('');
    await screen.press(...'yes', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Not confirmed'));
    expect(eventsOf(run, 'step.started').map((s) => s.step)).not.toContain(run.stepId('rm -rf ./scratch'));
    expect(existsSync(join(run.dir, 'scratch'))).toBe(true);

    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('to run it:'));
    await screen.press(...word, KEYS.enter);
    await waitFor(() => !existsSync(join(run.dir, 'scratch')), 5000, 'scratch removed');
    await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed'));
  });
});

describe('leaving the screen', () => {
  it('q pauses the run (resumable) and says how to resume', async () => {
    const run = startRun(FULL);
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    await screen.press('q');
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(exits[0]).toEqual({ kind: 'quit', code: 0, lines: [['Run paused (quit). Continue with:', { whole: `runbook resume ${run.journal}` }]] });
    expect(eventsOf(run, 'run.paused')).toEqual([{ reason: 'quit' }]);
  });

  it('Ctrl-C when nothing runs leaves nothing: it says q leaves (issue 18)', async () => {
    const run = startRun(FULL);
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    await screen.press(KEYS.ctrlC);
    await waitForFrame(screen.lastFrame, (f) => f.includes('^C no step is running · q leaves; the run stays resumable'));
    await screen.press(KEYS.ctrlC);
    expect(exits).toEqual([]);
    expect(eventsOf(run, 'run.paused')).toEqual([]);
    await screen.press('q');
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(eventsOf(run, 'run.paused')).toEqual([{ reason: 'quit' }]);
  });

  it('at the end, q finishes the run; a failed step makes the exit code 1', async () => {
    const run = startRun(`# Short\n\n## Phase 1: Only\n\n\`\`\`bash\nfalse\n\`\`\`\n`);
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ false'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter: continue'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE') && f.includes('1 failed'));
    await screen.press('q');
    await waitFor(() => exits.length === 1, 5000, 'the screen left');
    expect(exits[0]).toMatchObject({ kind: 'quit', code: 1 });
    expect(eventsOf(run, 'run.ended')).toEqual([{ state: 'completed' }]);
  });

  it('steps aside for a tty step: nothing runs until the screen is gone', async () => {
    const run = startRun(`# TTY\n\n## Phase 1: Only\n\n\`\`\`bash {tty}\necho in-the-terminal\n\`\`\`\n`);
    const { screen, exits } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('tty: gets the terminal'));
    await screen.press(KEYS.enter);
    await waitFor(() => exits.length === 1, 5000, 'the screen stepped aside');
    expect(exits[0]).toMatchObject({ kind: 'aside', task: { kind: 'tty', step: run.stepId('in-the-terminal'), command: 'echo in-the-terminal' } });
    expect(eventsOf(run, 'step.started')).toEqual([]);
  });

  it('o opens the output in a tmux split when it can, else steps aside for the pager', async () => {
    const run = startRun(`# Pager\n\n## Phase 1: Only\n\n\`\`\`bash\nseq 1 500\n\`\`\`\n`);
    const split: string[] = [];
    const inTmux = mountDriver(run, { splitPager: (step) => (split.push(step), true) });
    await waitForFrame(inTmux.screen.lastFrame, (f) => f.includes('$ seq 1 500'));
    await inTmux.screen.press(KEYS.enter);
    const ran = await waitForFrame(inTmux.screen.lastFrame, (f) => f.includes('✔ passed') && f.includes('o output'));
    expect(ran).toMatch(/… 4\d\d lines skipped · o: whole output/);
    expect(ran).toContain('500');
    await inTmux.screen.press('o');
    await waitFor(() => split.length === 1, 5000, 'the split opened');
    expect(split).toEqual([run.stepId('seq 1 500')]);
    expect(inTmux.exits).toEqual([]);
    unmountAll();

    const outside = mountDriver(run, { splitPager: () => false });
    const done = await waitForFrame(outside.screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(done).not.toContain('o output');
    await outside.screen.press(KEYS.up, 'o');
    await waitFor(() => outside.exits.length === 1, 5000, 'the screen stepped aside');
    expect(outside.exits[0]).toMatchObject({ kind: 'aside', task: { kind: 'pager', step: run.stepId('seq 1 500') } });
  });
});
