// Plans and the decision tree on the run screen, end to end: the real CLI in a real 80×24
// tmux pane, real bash steps, the journal read back with `runbook report` and `show`.
// The reason for a path is what the operator typed or the suggestion they took, never both
// run together; a plan is left with a line that says how it went and where the run is back;
// the tree asked again shows the earlier answer; entered plans stay in the sidebar.

import { copyFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir, waitFor } from '../helpers/cli';
import { all, exited, has, lastLine, notWhole, press, see, setUp, show, SMALL, tearDown, type Setup } from './tui-screen';
import { createSprint3Env, type Sprint3Env } from './sprint-3-env';
import { Tmux } from './tmux-pane';

const FIXTURE = new URL('../fixtures/tui/plans.md', import.meta.url).pathname;

let sprint3: { env: Sprint3Env; tmux: Tmux | null } | null = null;
afterEach(async () => {
  tearDown();
  if (!sprint3) return;
  sprint3.tmux?.close();
  await sprint3.env.drop();
  rmSync(sprint3.env.dir, { recursive: true, force: true });
  sprint3 = null;
});

function start(): Setup {
  const s = setUp();
  copyFileSync(FIXTURE, join(s.dir, 'plans.md'));
  s.tmux.command(s.drive, 'runbook run plans.md --journal run.journal --operator tester');
  return s;
}

async function report(s: Setup): Promise<string> {
  const result = await runCli(['report', join(s.dir, 'run.journal')], { env: s.env });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

/** From the first step to the failed health check and its decision tree's "No" leaf. */
async function toTheLeaf(s: Setup): Promise<void> {
  await see(s, all(has('$ echo "health: degraded"'), (l) => lastLine(l).startsWith('enter run')), 'the health check');
  await press(s, 'Enter', has('✘ The step failed: expectation not met'), 'the failed expectation');
  await press(s, 'd', all(has('DECISION TREE'), has('? Is the app healthy?')), 'the decision tree');
  await press(s, '2', has('Leads to the plan: Rollback Plan A: Undo (2 steps)'), 'the leaf, its plan');
}

describe('the decision reason on the screen and in the report', () => {
  it('offers why the tree opened as a suggestion: the first key typed replaces it, the report reads what was typed', async () => {
    const s = start();
    await toTheLeaf(s);
    const asked = await press(s, 'Enter', has('Why this path? echo "health: degraded" failed: expectation not met'), 'the reason, suggested');
    expect(asked.join('\n')).toContain('suggested: enter keeps it, typing replaces it');
    s.tmux.type(s.drive, 'health reports 3.0.9');
    const typed = await see(s, has('Why this path? health reports 3.0.9'), 'the reason typed over the suggestion');
    expect(typed.join('\n')).not.toContain('expectation not methealth');
    await press(s, 'Enter', has('plan step 1/2'), 'the plan entered');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    const text = await report(s);
    expect(text).toContain('Why: health reports 3.0.9\n');
    expect((await show(s)).decisions.map((d) => d.reason)).toEqual(['health reports 3.0.9']);
  }, 120_000);

  it('enter takes the suggestion as it is', async () => {
    const s = start();
    await toTheLeaf(s);
    await press(s, 'Enter', has('Why this path? echo "health: degraded" failed: expectation not met'), 'the reason, suggested');
    await press(s, 'Enter', has('plan step 1/2'), 'the plan entered');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    expect(await report(s)).toContain('Why: echo "health: degraded" failed: expectation not met\n');
  }, 120_000);
});

describe('after a plan', () => {
  it('says the plan finished, how it went and where the run is back; keeps it in the sidebar; shows the earlier answer where the tree asks again', async () => {
    const s = start();
    await toTheLeaf(s);
    await press(s, 'Enter', has('Why this path?'), 'the reason asked');
    s.tmux.type(s.drive, 'degraded after the deploy');
    await see(s, has('Why this path? degraded after the deploy'), 'the reason typed');
    const inPlan = await press(s, 'Enter', all(has('plan step 1/2'), has('$ echo "config restored"')), 'the first step of the plan');
    expect(inPlan.some((l) => /^▸ Plan A: Undo +0\/2 │/.test(l))).toBe(true);
    await press(s, 'Enter', has('│ config restored'), 'the first plan step ran');
    await press(s, 'Enter', all(has('plan step 2/2'), (l) => lastLine(l).startsWith('enter run')), 'the second plan step');
    // Under the header, as soon as the last step of the plan is done.
    const line = /^Plan A finished \(2 of 2 passed\) — back to step 2\/4: Error rate below 1%/;
    const last = await press(s, 'Enter', all(has('│ release rolled back'), has('Plan A finished')), 'the last plan step ran, the plan finished');
    expect(last[1]).toMatch(line);
    const back = await press(s, 'Enter', all(has('[ ] Error rate below 1% on the dashboard'), has('step 2/4')), 'the walk again');
    // Still said where the operator landed, and the plan kept in the sidebar with its progress.
    expect(back[1]).toMatch(line);
    expect(back.some((l) => /^✔ Plan A: Undo +2\/2 │/.test(l))).toBe(true);
    expect(back.some((l) => /^ {2}Full Rollback… +0\/2 │/.test(l))).toBe(true);
    // The help still has every key at 80×24 (the line gives it its room back).
    await press(s, '?', all(has('KEYS'), has('d / P')), 'the help');
    await see(s, has('leave, resumable; every step done: finish'), 'the last key of the help');
    await press(s, 'Escape', has('[ ] Error rate below 1% on the dashboard'), 'the help closed');

    const asked = await press(s, 'p', all(has('│ Is the app healthy?'), has('step 3/4')), 'the decision step, asked again');
    expect(asked.join('\n')).not.toContain('Plan A finished');
    expect(asked.some((l) => /│ earlier \(\d\d:\d\d:\d\d\): No → Rollback Plan A: Undo$/.test(l))).toBe(true);
    expect(asked.some((l) => /^✔ Plan A: Undo +2\/2 │/.test(l))).toBe(true);
    const tree = await press(s, 'Enter', has('▸ 1. Yes'), 'the tree opened again');
    expect(tree.some((l) => /^earlier \(\d\d:\d\d:\d\d\): No → Rollback Plan A: Undo$/.test(l))).toBe(true);
    s.tmux.key(s.drive, 'Escape');
    await see(s, (l) => lastLine(l).startsWith('enter choose'), 'the tree closed');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    const run = await show(s);
    expect(run.decisions.map((d) => d.reason)).toEqual(['degraded after the deploy']);
  }, 120_000);
});

describe('P: every plan, to open one on purpose', () => {
  it('lists the plans with their steps and destructive marks, asks why (an empty reason refused), enters the plan; the sidebar lists the plans', async () => {
    const s = start();
    const first = await see(s, all(has('$ echo "health: degraded"'), (l) => lastLine(l).startsWith('enter run')), 'the first step');
    // Under the phases: every plan, with its progress.
    expect(first.some((l) => /^PLANS · P +│/.test(l))).toBe(true);
    expect(first.some((l) => /^ {2}Plan A: Undo +0\/2 │/.test(l))).toBe(true);
    expect(first.some((l) => /^ {2}Full Rollback… +0\/2 │/.test(l))).toBe(true);

    const menu = await press(s, 'P', has('PLANS · entered on purpose'), 'P opens the plans');
    expect(menu).toContain('▸ 1. Rollback Plan A: Undo · 2 steps');
    expect(menu).toContain('  2. Full Rollback (Nuclear Option) · 2 steps');
    expect(lastLine(menu)).toBe('esc back · ctrl-c close');
    const nuclear = await press(s, 'j', has('Full Rollback (Nuclear Option) (2 steps):'), 'the second plan, its steps');
    expect(nuclear).toContain('  1. echo "stopping everything"');
    expect(nuclear).toContain('! 2. rm -rf ./cache  (destructive)');
    await press(s, 'Enter', has('Why open Full Rollback (Nuclear Option)?'), 'entering asks why');
    await press(s, 'Enter', has('✘ a reason is needed for the record'), 'an empty reason is refused');
    s.tmux.type(s.drive, 'the cache is poisoned');
    await see(s, has('Why open Full Rollback (Nuclear Option)? the cache is poisoned'), 'the reason typed');
    const entered = await press(s, 'Enter', all(has('plan step 1/2'), has('$ echo "stopping everything"')), 'the plan entered');
    expect(entered.some((l) => /^▸ Full Rollback +0\/2 │/.test(l))).toBe(true);
    expect(entered.join('\n')).toContain('→ entering Full Rollback (Nuclear Option) (opened on purpose)');
    s.tmux.key(s.drive, 'q');
    await exited(s);
    expect(await report(s)).toMatch(/- Opened on purpose .* by tester\. Why: the cache is poisoned\n/);
    // show: the plan under its own heading, opened on purpose, and why.
    const shown = await runCli(['show', join(s.dir, 'run.journal')], { env: s.env });
    expect(shown.stdout).toMatch(/^Plan: Full Rollback \(Nuclear Option\)\n {2}opened on purpose \S+ · why: the cache is poisoned\n {2}not finished$/m);
  }, 120_000);

  it("reaches Sprint 3's 6.7 Full Rollback (Nuclear Option), which no answer of its tree leads to, at 80×24", async () => {
    const env = await createSprint3Env();
    sprint3 = { env, tmux: null };
    const tmux = new Tmux(env.dir, { ...env.env, USER: 'ana', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SMALL);
    sprint3.tmux = tmux;
    const pane = tmux.paneId('main:0');
    const whole = (test: (l: string[]) => boolean) => (l: string[]) => test(l) && notWhole(l, SMALL, 'Sprint 3') === null;
    tmux.command(pane, `cd ${env.work} && runbook run ../${basename(env.file)} --journal ../${basename(env.journal)} --operator ana`);
    const first = await tmux.waitFor(pane, whole(has('step 1/126')), 'the first step', 30_000);
    // Ten phases and six plans share the 80×24 sidebar.
    expect(first.some((l) => /^PLANS · P +│/.test(l))).toBe(true);
    expect(first.some((l) => /^ {2}6\.7 Full Roll… +0\/6 │/.test(l)), first.join("\n")).toBe(true);
    tmux.key(pane, 'P');
    await tmux.waitFor(pane, whole(has('▸ 1. 6.2 Rollback Plan A: Database Migration · 5 steps')), 'the plans menu');
    // One key at a time, each once the screen shows the one before.
    for (let n = 2; n <= 6; n++) {
      tmux.key(pane, 'j');
      await tmux.waitFor(pane, has(`▸ ${n}. `), `the cursor on plan ${n}`);
    }
    const menu = await tmux.waitFor(pane, whole(has('6.7 Full Rollback (Nuclear Option) (6 steps):')), 'the nuclear option, its steps');
    expect(menu).toContain('▸ 6. 6.7 Full Rollback (Nuclear Option) · 6 steps');
    expect(menu.filter((l) => /^! \d\. .*\(destructive\)$/.test(l))).toHaveLength(2);
    tmux.key(pane, 'Enter');
    await tmux.waitFor(pane, whole(has('Why open Full Rollback (Nuclear Option)?')), 'why');
    tmux.type(pane, 'the database is beyond repair');
    await tmux.waitFor(pane, has('the database is beyond repair'), 'the reason typed');
    tmux.key(pane, 'Enter');
    const entered = await tmux.waitFor(pane, whole(all(has('plan step 1/6'), has('6.7 Full Rollback (Nuclear Option)'))), 'the plan entered');
    // The plan being run is marked, its whole title on screen (wrapped in the narrow column).
    const at = entered.findIndex((l) => /^▸ 6\.7 Full +0\/6 │/.test(l));
    expect(at, entered.join('\n')).toBeGreaterThan(0);
    expect(entered.slice(at + 1, at + 3).map((l) => l.split('│')[0]?.trim())).toEqual(['Rollback (Nuclear', 'Option)']);
    tmux.key(pane, 'q');
    await waitFor(() => tmux.commandPid(pane) === null, 'runbook to exit', 15_000);
    const result = await runCli(['report', env.journal], { env: env.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/- Opened on purpose .* by ana\. Why: the database is beyond repair\n/);
  }, 180_000);
});

describe('--plain after a plan', () => {
  it('prints the plan finished line and, where the tree is asked again, the earlier answer', async () => {
    const dir = tempDir('runbook-plans-plain-');
    try {
      copyFileSync(FIXTURE, join(dir, 'plans.md'));
      const env = cliEnv(dir, { USER: 'tester' });
      // Run the health check (it fails) · n: the tree · 2: No → Plan A · its two steps ·
      // the manual check · the decision step, asked again: 1 (Yes) · the last step.
      const input = ['y', 'n', '2', 'y', 'y', 'y', '1', 'y', ''].join('\n');
      const result = await runCli(['run', join(dir, 'plans.md'), '--plain', '--journal', join(dir, 'run.journal'), '--operator', 'tester'], { env, input, cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(1);
      const out = result.stdout;
      // Wrapped to the terminal's width, as every line of ours.
      expect(out.replace(/\s+/g, ' ')).toContain(' Plan A finished (2 of 2 passed) — back to step 2/4: Error rate below 1% on the dashboard ');
      const asked = out.lastIndexOf('? Is the app healthy?');
      expect(out.slice(0, asked)).toMatch(/\nearlier \(\d\d:\d\d:\d\d\): No → Rollback Plan A: Undo\n\n$/);
      expect(out.indexOf('Plan A finished')).toBeGreaterThan(out.indexOf('release rolled back'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
