// A rehearsal on the run screen, end to end at 80×24: the real CLI in a real tmux pane.
// It says one thing throughout — enter "rehearse", a step "rehearsed" (○), never "passed" or
// "skipped" — goes on from where the operator is, practises the typed confirmation (and
// journals it), and list, show and the report say it was a rehearsal. Nothing runs.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { all, exited, has, lastLine, tearDown } from './tui-screen';
import { fixtureRun } from './fixture-screen';

afterEach(tearDown);

interface Shown {
  state: string;
  rehearsal: boolean;
  steps: { id: string; title: string; status: string; exitCode: number | null; outputLines: number }[];
}

describe('a rehearsal on the run screen (80×24)', () => {
  it('says "rehearse" and "rehearsed", goes on from where the operator is, practises the typed confirmation, and is marked a rehearsal in list, show and the report', async () => {
    const s = fixtureRun('rehearse/deploy.md', 'deploy.md', 'Rehearsal fixture');
    s.tmux.command(s.drive, 'runbook run deploy.md --rehearse --journal run.journal --operator tester');
    const first = await s.see(all(has("$ echo 'step 1' > step-1.ran"), has('step 1/14')), 'the first step');
    expect(first[0]).toContain('REHEARSAL: nothing runs');
    // The footer says what enter does here: it rehearses, it does not run.
    expect(lastLine(first)).toMatch(/^enter rehearse · /);

    const second = await s.press('Enter', all(has('step 2/14'), has('○ rehearsed')), 'the next step after enter');
    const text = second.join('\n');
    // One word for what happened to step 1, on the status line and in the step list.
    expect(text).toContain("○ echo 'step 1' > step-1.ran");
    expect(text).not.toMatch(/passed|skipped|↷|✔/);
    expect(lastLine(second)).toMatch(/^enter rehearse · /);

    // ] twice: Phase 3's first step (8/14). Enter rehearses it and goes on to 9/14, not back to 2/14.
    await s.press(']', has('Phase 2: Part 2'), 'phase 2');
    await s.press(']', all(has('Phase 3: Part 3'), has('step 8/14')), 'phase 3, step 8');
    const onward = await s.press('Enter', all(has('step 9/14'), has('○ rehearsed')), 'step 9 after rehearsing step 8');
    expect(onward.join('\n')).toContain("$ echo 'step 8' > step-8.ran");

    // Back to the destructive step (7/14): its typed confirmation is asked, as practice.
    await s.press('[', all(has('Phase 2: Part 2'), has('step 4/14')), 'phase 2 again');
    await s.press('j', has('step 5/14'), 'step 5');
    await s.press('j', has('step 6/14'), 'step 6');
    await s.press('j', all(has('step 7/14'), has('$ rm -rf ./cache')), 'the destructive step');
    const asked = await s.press('Enter', has('Practise: type "rm" (nothing runs):'), 'the typed confirmation, practised');
    expect(asked.join('\n')).toContain('DESTRUCTIVE (rm -r): rehearsal: the real run asks this word');
    const practised = await s.type('rm', has('Practise: type "rm" (nothing runs): rm'), 'the word typed');
    expect(practised.join('\n')).toContain('$ rm -rf ./cache');
    // On from there: step 8 is rehearsed already, so step 9.
    const after = await s.press('Enter', all(has('step 9/14'), has('○ rehearsed · confirmation "rm" practised · nothing ran')), 'on from the destructive step');
    expect(after.join('\n')).toContain('REHEARSAL: nothing runs');

    // q leaves: the screen is gone at once, so nothing of it is waited for.
    s.tmux.key(s.drive, 'q');
    await exited(s);
    // Nothing ran: not one of the steps' files exists.
    expect(readdirSync(s.dir).filter((f) => f.endsWith('.ran'))).toEqual([]);

    const journal = join(s.dir, 'run.journal');
    const shown = JSON.parse((await runCli(['show', journal, '--json'], { env: s.env })).stdout) as Shown;
    expect(shown.rehearsal).toBe(true);
    const byTitle = (t: string) => shown.steps.find((x) => x.title.startsWith(t))?.status;
    expect(byTitle("echo 'step 1'")).toBe('rehearsed');
    expect(byTitle("echo 'step 7'")).toBe('rehearsed');
    expect(byTitle('rm -rf ./cache')).toBe('rehearsed');
    expect(byTitle("echo 'step 2'")).toBe('pending');
    expect(shown.steps.filter((x) => x.exitCode !== null || x.outputLines > 0)).toEqual([]);

    const human = (await runCli(['show', journal], { env: s.env })).stdout;
    expect(human).toContain('REHEARSAL: nothing was run');
    expect(human).toMatch(/○ rehearsed +rm -rf \.\/cache/);

    const list = (await runCli(['list'], { env: s.env })).stdout;
    expect(list).toMatch(/in_progress .* tester +REHEARSAL · Rehearsal fixture/);
    const listed = JSON.parse((await runCli(['list', '--json'], { env: s.env })).stdout) as { journal: string; rehearsal: boolean }[];
    expect(listed.find((r) => r.journal === journal)?.rehearsal).toBe(true);

    const report = (await runCli(['report', journal], { env: s.env })).stdout;
    expect(report).toContain('**REHEARSAL**');
    expect(report).toContain('rehearsed (nothing ran)');
    expect(report).toContain('Rehearsed: the typed confirmation practised (`rm` typed); nothing ran');
  }, 240_000);
});
