// The run screen end to end: the real CLI in a real tmux pane (80×24 unless said), driven
// key by key as an operator would. Real bash steps, the real PostgreSQL, real journals;
// what is asserted is what the operator sees (capture-pane) and what the journal
// recorded (runbook show --json).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli';
import { SMALL, all, exited, has, isAlive, lastLine, press, see, setUp, show, status, tearDown } from './tui-screen';
import { NewUser } from './new-user';

afterEach(tearDown);

describe('the run screen in a real tmux pane', () => {
  it('walks shell, SQL, a check and an input; survives kill -9 mid-step; leads from a failed expectation through the decision tree into a rollback plan and back; resumes where it stopped; a watcher follows', async () => {
    const s = setUp();
    s.tmux.command(s.drive, 'runbook run deploy.md --journal run.journal --operator tester');
    await see(s, all(has('[ ] Announce the deploy in #ops'), has('step 1/10'), (l) => lastLine(l).startsWith('enter confirm')), 'the first step, a manual check');
    const watch = s.tmux.newWindow('watch');
    s.tmux.command(watch, 'runbook watch run.journal');
    await see(s, all(has('READ-ONLY · driven by tester'), has('[ ] Announce the deploy')), 'the watcher', watch);

    await press(s, 'Enter', all(has('Release: ____'), has('step 2/10')), 'the input step after the check');
    // The watcher follows: the driver's next step appears in its pane.
    await see(s, has('Release: ____'), 'the watcher on the input step', watch);
    await press(s, 'Enter', has('journaled; later steps use it as ${release}'), 'the input prompt');
    s.tmux.type(s.drive, 'v1.2.3');
    await see(s, has('Release: v1.2.3'), 'the typed value');
    await press(s, 'Enter', all(has('$ echo "deploying ${release}"; seq 1 5'), (l) => lastLine(l).startsWith('enter run')), 'the shell step');

    // A step that ran stays on screen with its status, output and verdict until enter.
    const shell = await press(s, 'Enter', all(has('deploying v1.2.3'), has('✔ passed')), 'the shell step after it ran');
    expect(shell.join('\n')).toContain('Expected: "deploying v" ✔ held');
    for (const n of ['1', '2', '3', '4', '5']) expect(shell.some((l) => l.endsWith(`│ ${n}`))).toBe(true);
    expect(lastLine(shell)).toMatch(/^enter next · r re-run · n note · d decision tree · o output/);

    await press(s, 'Enter', all(has('sql → pg · capture=baseline'), (l) => lastLine(l).startsWith('enter run')), 'the SQL step');
    await see(s, has('sql → pg · capture=baseline'), 'the watcher on the SQL step', watch);
    const sql = await press(s, 'Enter', all(has('Expected: 3 rows ✔ held'), has('(3 rows)')), 'the SQL result table');
    // Aligned columns; the wide one cut with a marker, inside the pane.
    const table = sql.filter((l) => /│ [123] +\| row [123] +\| x+…$/.test(l));
    expect(table, sql.join('\n')).toHaveLength(3);
    expect(new Set(table.map((l) => l.indexOf('| row')))).toHaveProperty('size', 1);
    expect(sql.some((l) => /│ id +\| label +\| wide_note$/.test(l))).toBe(true);

    await press(s, 'Enter', all(has('Phase 3: Migrate'), (l) => lastLine(l).startsWith('enter run')), 'the migration step');
    const running = await press(s, 'Enter', all(has('▸ running'), has('│ migration started')), 'the migration running, its first line shown');
    expect(lastLine(running)).toMatch(/^ctrl-c stop step/);
    await see(s, all(has('▸ running'), has('│ migration started')), 'the watcher on the running step', watch);
    const orphan = Number(readFileSync(join(s.dir, 'migrate.pid'), 'utf8'));

    // kill -9 of the screen mid-step: nothing is recorded as done.
    const screenPid = s.tmux.commandPid(s.drive);
    expect(screenPid).not.toBeNull();
    process.kill(screenPid ?? 0, 'SIGKILL');
    await exited(s);
    const killed = await show(s);
    expect(status(killed, 'migrate')).toBe('interrupted');
    expect(killed.chain.valid).toBe(true);

    s.tmux.command(s.drive, 'runbook resume run.journal');
    const banner = await see(s, has('RESUMED RUN'), 'the resume banner');
    // The step's process group outlived the killed screen: resume says so and starts nothing.
    expect(banner.join('\n')).toContain('! 1 step is STILL RUNNING, though the runner that started it is gone');
    expect(banner.join('\n')).toContain('(migrate)');
    expect(banner.join('\n')).toMatch(/ {6}still running since \d\d:\d\d:\d\d, pid \d+ \(process group\)/);
    const still = await press(s, 'Enter', all(has('! STILL RUNNING since'), has('step 5/10')), 'the step still running');
    expect(still.join('\n')).toContain('│ migration started');
    expect(lastLine(still)).toMatch(/^w wait for it · t stop it · p done/);
    await press(s, 'w', has('waiting for pid'), 'the wait for it');
    writeFileSync(join(s.dir, 'go'), '');
    await waitFor(() => !isAlive(orphan), 'the step left running by the killed screen to end');
    // Once it is gone it is interrupted, shown with its output so far, and re-run only on enter.
    const interrupted = await see(s, all(has('! INTERRUPTED'), has('it ended: interrupted, not done')), 'the interrupted step');
    expect(interrupted.join('\n')).toContain('│ migration started');
    expect(lastLine(interrupted)).toMatch(/^enter re-run · s skip · p done · f fail/);
    await press(s, 'Enter', all(has('│ migration finished'), has('✔ passed')), 'the re-run migration');

    await press(s, 'Enter', all(has('$ echo "health: degraded"'), (l) => lastLine(l).startsWith('enter run')), 'the health check');
    const failed = await press(s, 'Enter', has('✘ The step failed: expectation not met'), 'the failed expectation');
    expect(failed.join('\n')).toContain('Expected: "health: ok" ✘ not met');
    expect(failed.join('\n')).toContain('│ health: degraded');
    expect(failed.join('\n')).toContain('d: decision tree · enter: continue with the next step');

    await press(s, 'd', all(has('DECISION TREE'), has('? Is the app healthy?'), has('▸ 1. Yes')), 'the decision tree');
    await press(s, 'j', has('▸ 2. No'), 'the second answer chosen');
    await press(s, 'Enter', has('Leads to the plan: Rollback Plan A: Undo (1 step)'), 'the leaf and its plan');
    await press(s, 'Enter', all(has('Why this path?'), has('failed: expectation not met')), 'the reason, suggested');
    await press(s, 'Enter', all(has('▸ Plan A: Undo'), has('plan step 1/1'), has('$ echo "rolled back')), 'the rollback plan');
    await press(s, 'Enter', all(has('│ rolled back to the previous release'), has('✔ passed')), 'the plan step after it ran');
    const back = await press(s, 'Enter', all(has('[ ] Error rate below 1% on the dashboard'), has('step 7/10')), 'the walk again after the plan');
    // The plan stays in the sidebar, finished; the line under the header says where the run is back.
    expect(back.some((l) => /^✔ Plan A: Undo +1\/1 │/.test(l))).toBe(true);
    expect(back[1]).toMatch(/^Plan A finished \(1 of 1 passed\) — back to step 7\/10: Error rate/);
    await see(s, has('[ ] Error rate below 1% on the dashboard'), 'the watcher back on the walk', watch);

    s.tmux.key(s.drive, 'q');
    const left = await exited(s);
    // Wrapped to the pane at spaces, the command to copy whole on one line.
    expect(left.join('\n').replace(/\s+/g, ' ')).toContain('Run paused (quit). Continue with: runbook resume');
    expect(left.join('\n')).toMatch(/^(.* )?runbook resume \S+run\.journal$/m);
    const paused = await show(s);
    expect(paused.state).toBe('in_progress');
    expect(paused.decisions).toEqual([{ tree: expect.any(String), path: [{ question: 'Is the app healthy?', answer: 'No' }], reason: 'echo "health: degraded" failed: expectation not met', at: expect.any(String) }]);
    expect(Object.fromEntries(paused.steps.map((x) => [x.id.split('/').at(-1), x.status]))).toMatchObject({
      'announce-the-deploy-in-ops': 'passed',
      release: 'done',
      'phase-2-database': 'passed',
      migrate: 'passed',
      health: 'failed',
      undo: 'passed',
      'error-rate-below-1-on-the-dashboard': 'pending',
    });
    expect(paused.steps.find((x) => x.id === 'health')?.expectation).toEqual({ text: '"health: ok"', result: 'failed' });
    expect(paused.captures.map((c) => c.name)).toEqual(['baseline']);
    expect(paused.chain.valid).toBe(true);

    // resume lands on the same step.
    s.tmux.command(s.drive, 'runbook resume run.journal');
    await see(s, all(has('[ ] Error rate below 1% on the dashboard'), has('step 7/10'), (l) => lastLine(l).startsWith('enter confirm')), 'the same step after resume');
    s.tmux.key(s.drive, 'q');
    await exited(s);
  }, 180_000);

  it('fits a 250×70 pane, and a resize mid-run (a step running, too) redraws it whole, the header once', async () => {
    const s = setUp({ columns: 250, rows: 70 });
    s.tmux.command(s.drive, 'runbook run deploy.md --journal run.journal --operator tester');
    const wide = await see(s, all(has('[ ] Announce the deploy in #ops'), has('step 1/10')), 'the first step at 250×70');
    // The header spans the whole width: the elapsed time at the right edge.
    expect([...(wide[0] ?? '')].length).toBe(250);
    await press(s, 'Enter', has('Release: ____'), 'the input');
    await press(s, 'Enter', has('journaled; later steps use it as ${release}'), 'the input prompt');
    s.tmux.type(s.drive, 'v2.0.0');
    await see(s, has('Release: v2.0.0'), 'the typed value');
    await press(s, 'Enter', has('$ echo "deploying ${release}"'), 'the shell step');
    await press(s, 'Enter', all(has('│ deploying v2.0.0'), has('✔ passed')), 'the shell step after it ran');

    s.tmux.resize(SMALL);
    await see(s, all(has('│ deploying v2.0.0'), has('✔ passed'), (l) => lastLine(l).startsWith('enter next')), 'the same screen at 80×24');
    await press(s, 'Enter', has('sql → pg'), 'the SQL step');
    await press(s, 'Enter', has('(3 rows)'), 'the SQL table at 80×24');
    await press(s, 'Enter', has('Phase 3: Migrate'), 'the migration step');
    await press(s, 'Enter', all(has('▸ running'), has('│ migration started')), 'the migration running');
    for (const size of [
      { columns: 120, rows: 40 },
      { columns: 50, rows: 16 },
      { columns: 250, rows: 70 },
      SMALL,
    ]) {
      s.tmux.resize(size);
      const lines = await see(s, all(has('▸ running'), has('migration started'), () => s.tmux.size(s.drive).columns === size.columns), `the running step at ${size.columns}×${size.rows}`);
      expect(lines.length).toBe(size.rows);
    }
    writeFileSync(join(s.dir, 'go'), '');
    await see(s, all(has('│ migration finished'), has('✔ passed')), 'the migration finished after the resizes');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    expect(status(await show(s), 'migrate')).toBe('passed');
  }, 120_000);
});

describe('every key in the footer, tried as a new user would', () => {
  it('works at each kind of step in an 80×24 pane, and nothing on screen is cut off or overlapping', async () => {
    const s = setUp();
    const user = new NewUser(s);
    s.tmux.command(s.drive, 'runbook run deploy.md --journal run.journal --operator tester');

    // A manual check: p passes it.
    await see(s, has('[ ] Announce the deploy in #ops'), 'the manual check');
    expect(await user.tryFooter('the manual check', 'Announce the deploy in #ops')).toEqual(['enter', 'p', 'f', 'q']);
    await user.key('p', all(has('Release: ____'), has('✔ passed')), 'p passes the check');

    // An input: enter asks for the value.
    expect(await user.tryFooter('the input', 'Phase 1: Prepare · input')).toEqual(['enter', 'q']);
    await user.key('enter', has('journaled; later steps use it as ${release}'), 'enter asks the value');
    s.tmux.type(s.drive, 'v9.9.9');
    await see(s, has('Release: v9.9.9'), 'the value typed');
    await user.key('enter', has('$ echo "deploying ${release}"; seq 1 5'), 'the shell step');

    // A shell step: before, and after it ran (r re-runs, o shows the whole output).
    expect(await user.tryFooter('the shell step', 'echo "deploying ${release}"; seq 1 5')).toEqual(['enter', 'q']);
    await user.key('enter', all(has('│ deploying v9.9.9'), has('✔ passed')), 'the shell step ran');
    // The message of the run is gone once a prompt opened and closed; a re-run brings it back.
    expect(await user.tryFooter('the shell step that ran', 'deploying v9.9.9')).toEqual(['enter', 'r', 'q']);
    await see(s, (l) => !l.some((x) => x.startsWith('✔ passed · expectation met')), 'no message after the prompts closed');
    await user.key('r', has('✔ passed · expectation met · enter: next step'), 'r re-runs it');

    // A SQL step: its result table, and the capture it made under b.
    await user.key('enter', has('sql → pg · capture=baseline'), 'the SQL step');
    expect(await user.tryFooter('the SQL step', 'generate_series(1, 3)')).toEqual(['enter', 'q']);
    await user.key('enter', has('(3 rows)'), 'the SQL step ran');
    expect(await user.tryFooter('the SQL step that ran', 'row 1')).toEqual(['enter', 'r', 'q']);

    // A running step: ctrl-c stops it, and the screen offers what to do after a failure.
    await user.key('enter', has('Phase 3: Migrate'), 'the migration step');
    expect(await user.tryFooter('the migration step', 'while [ ! -e go ]')).toEqual(['enter', 'q']);
    await user.key('enter', has('│ migration started'), 'the migration running');
    expect(await user.tryFooter('the running step', 'migration started')).toEqual(['ctrl-c']);
    await user.key('ctrl-c', has('✘ The step failed: stopped'), 'ctrl-c stops the step');
    expect(await user.tryFooter('the stopped step', 'migration started')).toEqual(['enter', 'r', 'q']);
    await user.key('enter', has('$ echo "health: degraded"'), 'enter goes on after a failure');
    await user.key('enter', has('✘ The step failed: expectation not met'), 'the failing health check');
    await user.key('enter', has('[ ] Error rate below 1% on the dashboard'), 'the next manual check');

    // A manual check failed with f.
    expect(await user.tryFooter('the second manual check', 'Error rate below 1% on the dashboard')).toEqual(['enter', 'p', 'f', 'q']);
    await user.key('f', has('✘ The step failed: marked failed'), 'f fails the check');
    await user.key('enter', all(has('Is the app healthy?'), (l) => lastLine(l).startsWith('enter choose')), 'the decision step');

    // The decision step: enter opens its tree; a digit answers.
    expect(await user.tryFooter('the decision step', 'Is the app healthy?')).toEqual(['enter', 'q']);
    await user.key('enter', has('▸ 1. Yes'), 'enter opens the tree');
    await user.key('1', has('Leads to Phase 6: Finish'), '1 answers Yes');
    await user.key('enter', has('Why this path?'), 'taking the path asks why');
    s.tmux.type(s.drive, 'healthy again');
    await see(s, has('Why this path? healthy again'), 'the reason typed');
    await user.key('enter', has('$ echo "all good"'), 'on to phase 6');
    await user.key('enter', all(has('│ all good'), has('✔ passed')), 'the last shell step ran');
    await user.key('enter', all(has('Deploy Lead: ____'), (l) => lastLine(l).startsWith('enter sign')), 'the sign-off');

    // The sign-off: enter asks the name (the operator's, prefilled).
    expect(await user.tryFooter('the sign-off', ' · signoff · line ')).toEqual(['enter', 'f', 'q']);
    await user.key('enter', has('Sign off as Deploy Lead, name: tester'), 'enter asks who signs');
    await user.key('enter', has('EVERY STEP IS DONE'), 'signed');

    // The end: q finishes the run.
    expect(await user.tryFooter('the end of the run', null)).toEqual(['q']);
    s.tmux.key(s.drive, 'q');
    user.pressed.add('q');
    await waitFor(() => s.tmux.commandPid(s.drive) === null, 'runbook to exit');
    expect(s.tmux.capture(s.drive).join('\n').replace(/\s+/g, ' ')).toContain('Run completed with failures. Evidence: runbook report');

    // Every key any footer listed was pressed at least once.
    expect([...user.listed].filter((k) => !user.pressed.has(k))).toEqual([]);
    const run = await show(s);
    expect(run.state).toBe('completed_with_failures');
    expect(Object.fromEntries(run.steps.map((x) => [x.id.split('/').at(-1), x.status]))).toMatchObject({
      'announce-the-deploy-in-ops': 'passed',
      release: 'done',
      migrate: 'failed',
      health: 'failed',
      'error-rate-below-1-on-the-dashboard': 'failed',
      'is-the-app-healthy': 'done',
      finish: 'passed',
      'deploy-lead': 'done',
    });
    expect(run.decisions.map((d) => [d.path, d.reason])).toEqual([[[{ question: 'Is the app healthy?', answer: 'Yes' }], 'healthy again']]);
  }, 180_000);
});
