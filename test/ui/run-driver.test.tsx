import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitFor, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { FULL, eventsOf, mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const JUDGED = `# Judged

## Phase 1: Only

\`\`\`bash
echo "hello from step one"
# Expected: hello from step one
\`\`\`
`;

describe('the run screen driving a real run', () => {
  it('asks the inputs (a secret masked, a bad value refused), confirms a check and runs a step that uses an input', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Database password: ____') && f.includes('enter answer'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('secret: shown as •'));
    await screen.press('h', 'u', 'n', 't', 'e', 'r', '2');
    const typed = await waitForFrame(screen.lastFrame, (f) => f.includes('•••••••'));
    expect(typed).not.toContain('hunter2');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Commit SHA: ____') && !f.includes('Database password:'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('must match'));
    await screen.press('n', 'o', 'p', 'e');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('✘ Commit SHA must match'));
    await screen.press(KEYS.ctrlU, 'a', 'b', 'c', '1', '2', '3', '4');
    await waitForFrame(screen.lastFrame, (f) => f.includes('abc1234'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce the deploy'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "deploying ${commit_sha}"'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('deploying abc1234') && f.includes('✔ passed'));

    const inputs = eventsOf(run, 'input.given');
    expect(inputs).toEqual([
      { step: run.stepId('Database password'), name: 'db_password', value: '', secret: true },
      { step: run.stepId('Commit SHA'), name: 'commit_sha', value: 'abc1234', secret: false },
    ]);
    expect(eventsOf(run, 'step.marked')).toEqual([{ step: run.stepId('Announce'), status: 'passed' }]);
    expect(JSON.stringify(run.events())).not.toContain('hunter2');
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('lets the operator judge a prose expectation after the step ran', async () => {
    const run = startRun(JUDGED);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter run'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Does the output meet it?') && f.includes('hello from step one'));
    await screen.press('p');
    await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(eventsOf(run, 'step.marked')).toEqual([{ step: run.stepId('hello'), status: 'passed' }]);
    expect(run.ctl.state.steps[run.stepId('hello')]?.expectation?.result).toBe('passed');
  });

  it('skips with a reason, adds a note, and runs an edited command (the journal keeps both)', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Database password: ____'));
    await screen.press('s');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Why skip it?'));
    await screen.press('n', 'o', 't', ' ', 'n', 'e', 'e', 'd', 'e', 'd');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Commit SHA: ____'));
    expect(eventsOf(run, 'step.skipped')).toEqual([{ step: run.stepId('Database password'), reason: 'not needed' }]);

    // Move down to the shell step (the screen follows the selection), note it, edit it, run it.
    await screen.press(KEYS.down);
    await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] Announce the deploy'));
    await screen.press('j');
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "deploying ${commit_sha}"'));
    await screen.press('n');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Note:'));
    await screen.press('c', 'h', 'e', 'c', 'k', 'e', 'd');
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('note: checked'));
    await screen.press('e');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Command: echo "deploying ${commit_sha}"'));
    await waitForFrame(screen.lastFrame, (f) => f.includes('enter runs it as edited'));
    await screen.press(KEYS.ctrlU, ...'echo edited-run');
    // e, the change, one enter: it runs (the journal keeps the edit and the original).
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo edited-run') && f.includes('✔ passed'));

    const id = run.stepId('deploying');
    expect(eventsOf(run, 'note.added')).toEqual([{ step: id, text: 'checked' }]);
    // Acting out of order is journaled as a move there, then the edited command and the original.
    expect(eventsOf(run, 'step.focused')).toContainEqual({ step: id });
    expect(eventsOf(run, 'step.started')).toEqual([{ step: id, attempt: 1, command: 'echo edited-run', original: 'echo "deploying ${commit_sha}"' }]);
    await waitFor(() => run.ctl.outputLines(id).lines.includes('edited-run'), 5000, 'the edited output in the journal');
  });

  it('keeps a step that ran on screen with its output and verdict; r re-runs it, n notes it, enter moves on', async () => {
    const run = startRun(`# Stay\n\n## Phase 1: Only\n\n\`\`\`bash\nseq 1 3; echo "status: ok"\n# Expected: "status: ok"\n\`\`\`\n\n\`\`\`bash\necho second\n\`\`\`\n`);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ seq 1 3'));
    await screen.press(KEYS.enter);
    const ran = await waitForFrame(screen.lastFrame, (f) => f.includes('status: ok') && f.includes('✔ passed'));
    expect(ran).toMatch(/shell +✔ passed \d\.\d s/);
    expect(ran).toContain('Expected: "status: ok" ✔ held');
    expect(ran).toContain('$ seq 1 3');
    expect(ran.split('\n').at(-1)).toBe('enter next · r re-run · n note · o output · ? help · q quit');
    expect(ran).not.toContain('$ echo second');
    await screen.press('n');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Note:'));
    await screen.press(...'looked fine', KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('note: looked fine') && f.includes('$ seq 1 3'));
    await screen.press('r');
    await waitFor(() => eventsOf(run, 'step.finished').length === 2, 5000, 'the re-run');
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ seq 1 3') && f.includes('✔ passed') && f.includes('enter next'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo second') && f.includes('enter run'));
    expect(eventsOf(run, 'step.started').map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('an edit submitted unchanged is no edit (it runs as the runbook has it); enter in the edit asked before a run runs it at once', async () => {
    const run = startRun(`# Edit\n\n## Phase 1: Only\n\n\`\`\`bash\necho first\n\`\`\`\n\n\`\`\`bash\necho "release <commit-hash>"\n\`\`\`\n`);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo first'));
    await screen.press('e');
    await waitForFrame(screen.lastFrame, (f) => f.includes('Command: echo first'));
    await screen.press(KEYS.enter);
    const kept = await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed'));
    expect(kept).not.toContain('edited (the journal');
    // The text that ran is journaled; with no `original`, it is no edit.
    expect(eventsOf(run, 'step.started')).toEqual([{ step: run.stepId('echo first'), attempt: 1, command: 'echo first' }]);

    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "release <commit-hash>"') && f.includes('! placeholder <commit-hash>: enter asks you to edit it'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Edit it first (<commit-hash>):'));
    await screen.press(KEYS.ctrlU, ...'echo "release abc1234"', KEYS.enter);
    // One enter: the edited command ran.
    await waitForFrame(screen.lastFrame, (f) => f.includes('release abc1234') && f.includes('✔ passed'));
    expect(eventsOf(run, 'step.started').at(-1)).toEqual({ step: run.stepId('release'), attempt: 1, command: 'echo "release abc1234"', original: 'echo "release <commit-hash>"' });
  });

  it("asks no edit for a $VAR the operator's environment sets; one it does not set is still a placeholder", async () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir(), USER: 'ana', TMUX: '/tmp/tmux-1000/default,1,0', RELEASE_TAG: 'v4.2.0' };
    const run = startRun(`# Vars\n\n## Phase 1: Only\n\n\`\`\`bash\necho "deploying $RELEASE_TAG"\n\`\`\`\n\n\`\`\`bash\necho "to $TARGET_CLUSTER"\n\`\`\`\n`, { env });
    // check cannot know the environment: both are placeholders in the runbook.
    expect(run.runbook.steps.map((s) => s.placeholders)).toEqual([['$RELEASE_TAG'], ['$TARGET_CLUSTER']]);
    const { screen } = mountDriver(run);
    const first = await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "deploying $RELEASE_TAG"') && f.includes('enter run'));
    expect(first).not.toContain('! placeholder');
    // One enter runs it: no edit asked first.
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('deploying v4.2.0') && f.includes('✔ passed'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "to $TARGET_CLUSTER"') && f.includes('! placeholder $TARGET_CLUSTER: enter asks you to edit it'));
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Edit it first ($TARGET_CLUSTER):'));
  });

  it('re-lays out on resize: 80×24 to 250×70 and back, every frame fitting its terminal', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    screen.resize(250, 70);
    const wide = await waitForFrame(screen.lastFrame, (f) => f.split('\n')[0]?.length === 250 && f.split('\n').length === 69);
    expect(fits(wide, { columns: 250, rows: 70 })).toMatchObject({ ok: true, lines: 69 });
    screen.resize(80, 24);
    const narrow = await waitForFrame(screen.lastFrame, (f) => f.split('\n')[0]?.length === 80 && f.split('\n').length === 23);
    expect(fits(narrow, { columns: 80, rows: 24 })).toMatchObject({ ok: true, lines: 23 });
    screen.resize(50, 12);
    const tiny = await waitForFrame(screen.lastFrame, (f) => !f.includes('PHASES'));
    expect(fits(tiny, { columns: 50, rows: 12 })).toMatchObject({ ok: true });
  });

  it('shows every key in the help overlay, which any key closes', async () => {
    const run = startRun(FULL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    await screen.press('?');
    const help = await waitForFrame(screen.lastFrame, (f) => f.includes('KEYS'));
    for (const keys of ['enter', 'ctrl-c', 's ', 'p ', 'f ', 'e ', 'r ', 'n ', 'd ', 'b ', 'o ', '↑ k', '↓ j', '← [', '→ ]', '? ', 'q ']) expect(help).toContain(keys);
    await screen.press('x');
    await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    // The stray key closed the help and did nothing else.
    expect(run.events().map((e) => e.type)).toEqual(['run.started', 'session.started']);
  });
});
