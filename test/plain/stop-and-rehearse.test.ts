// `--plain` through the real CLI: the author's stop condition fails an input and leads to
// the decision tree; a skip needs a reason; a rehearsal says "rehearsed", practises the
// typed confirmation and runs nothing — the same as the screen (test/e2e/*-tui.test.ts).

import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

interface Shown {
  state: string;
  rehearsal: boolean;
  steps: { id: string; title: string; status: string; exitCode: number | null; outputLines: number; expectation: { text: string; result: string } | null }[];
  decisions: { path: { question: string; answer: string }[]; reason: string }[];
}

function copy(fixture: string): { dir: string; file: string; journal: string; env: Record<string, string> } {
  const dir = tempDir('runbook-plain-');
  const file = join(dir, 'runbook.md');
  copyFileSync(join(FIXTURES, fixture), file);
  return { dir, file, journal: join(dir, 'run.journal'), env: cliEnv(dir) };
}

async function show(journal: string, env: Record<string, string>): Promise<Shown> {
  const r = await runCli(['show', journal, '--json'], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Shown;
}

describe('--plain: a stop condition beside a blank', () => {
  it('refuses a value it cannot judge, fails the step on a value that meets it (quoting it), and offers the decision tree', async () => {
    const { file, journal, env } = copy('stop/tests.md');
    // run: y · total: 412 · failed: none (refused), 3 · after the failure: n (tree) · answer 2 ·
    // the plan's step: y · migrate: s, an empty reason (refused), a reason · the decision: q
    const input = ['y', '412', 'none', '3', 'n', '2', 'y', 's', '', 'tests failed', 'q', ''].join('\n');
    const run = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'tester'], { env, input });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Checked: STOP if > 0');
    expect(run.stdout).toContain('a number is needed (STOP if > 0)');
    expect(run.stdout).toContain('✘ failed · 3 meets "STOP if > 0"\nStep failed: [y] continue · n decision tree · q stop >');
    expect(run.stdout).toContain('→ Entering Rollback Plan A: Revert');
    expect(run.stdout).not.toMatch(/Failed > 3\n(✔|Noted)/);
    expect(run.stdout).toContain('Reason for skipping > \nA reason is needed for the record (q stops).\nReason for skipping > tests failed');

    const shown = await show(journal, env);
    const step = (t: string) => shown.steps.find((x) => x.title === t);
    expect(step('Failed')).toMatchObject({ status: 'failed', expectation: { text: 'STOP if > 0', result: 'failed' } });
    expect(step('Total tests')?.status).toBe('done');
    expect(step('echo "migrating"')?.status).toBe('skipped');
    expect(shown.decisions).toHaveLength(1);
    expect(shown.decisions[0]?.reason).toContain('3 meets "STOP if > 0"');

    const report = (await runCli(['report', journal, '--format', 'json'], { env })).stdout;
    type ReportStep = { title: string; skipReason: string | null };
    const steps = (JSON.parse(report) as { phases: { steps: ReportStep[] }[] }).phases.flatMap((p) => p.steps);
    expect(steps.find((x) => x.title === 'echo "migrating"')?.skipReason).toBe('tests failed');
  });

  it('a value that does not meet it is recorded and the walk goes on', async () => {
    const { file, journal, env } = copy('stop/tests.md');
    const run = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'tester'], { env, input: 'y\n412\n0\nq\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('Step failed');
    expect((await show(journal, env)).steps.find((x) => x.title === 'Failed')?.status).toBe('done');
  });

  it('s on a manual check, an input or a sign-off asks the reason too; the end of input while asked leaves the run resumable', async () => {
    const { file, journal, env } = copy('stop/tests.md');
    const run = await runCli(['run', file, '--plain', '--journal', journal, '--operator', 'tester'], { env, input: 'y\ns\n\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Total tests > s\nReason for skipping > \nA reason is needed for the record (q stops).\nReason for skipping >');
    expect(run.stdout).toContain('Run paused');
    expect((await show(journal, env)).steps.find((x) => x.title === 'Total tests')?.status).toBe('pending');
  });

  it('check --json shows the condition on the input, and check names it', async () => {
    const { file, env } = copy('stop/tests.md');
    const json = JSON.parse((await runCli(['check', file, '--json'], { env })).stdout) as { inputs: { name: string; stop: unknown }[] };
    expect(json.inputs).toEqual([
      expect.objectContaining({ name: 'total_tests', stop: null }),
      expect.objectContaining({ name: 'failed', stop: { text: 'STOP if > 0', op: '>', value: 0 } }),
    ]);
    expect((await runCli(['check', file], { env })).stdout).toMatch(/\$\{failed\} +Failed {2}\(checked: STOP if > 0\)/);
  });
});

describe('--plain --rehearse', () => {
  it('says "rehearse" and "rehearsed", practises the typed confirmation, runs nothing, and is marked a rehearsal', async () => {
    const { dir, file, journal, env } = copy('rehearse/deploy.md');
    // Six steps, then the destructive one: its word typed as practice; the rest; the check.
    const input = [...Array(7).fill('y'), 'rm', ...Array(6).fill('y'), 'y', ''].join('\n');
    const run = await runCli(['run', file, '--plain', '--rehearse', '--journal', journal, '--operator', 'tester'], { env, input });
    expect(run.code, run.stdout.slice(-1500)).toBe(0);
    expect(run.stdout).toContain('Rehearse (nothing runs): [y] rehearse · s skip · e edit · q stop >');
    expect(run.stdout).toContain('DESTRUCTIVE (rm -r). Practise: type "rm" (nothing runs) > rm\n○ rehearsed · confirmation "rm" practised · nothing ran');
    expect(run.stdout).not.toMatch(/✔ passed|rehearsal: not run/);
    expect(run.stdout).toContain('Run completed');
    expect(readdirSync(dir).filter((f) => f.endsWith('.ran'))).toEqual([]);

    const shown = await show(journal, env);
    expect(shown.rehearsal).toBe(true);
    expect(shown.state).toBe('completed');
    const commands = shown.steps.filter((x) => x.title.startsWith('echo') || x.title.startsWith('rm'));
    expect(commands).toHaveLength(13);
    for (const c of commands) expect(c, c.title).toMatchObject({ status: 'rehearsed', exitCode: null, outputLines: 0 });
    const list = await runCli(['list', '--json'], { env });
    expect((JSON.parse(list.stdout) as { journal: string; rehearsal: boolean }[]).find((r) => r.journal === journal)?.rehearsal).toBe(true);
  });

  it('a wrong word at the practised confirmation declines, as it would in the real run', async () => {
    const { file, journal, env } = copy('rehearse/deploy.md');
    const input = [...Array(7).fill('y'), 'yes', 'q', ''].join('\n');
    const run = await runCli(['run', file, '--plain', '--rehearse', '--journal', journal, '--operator', 'tester'], { env, input });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Not confirmed: the step is skipped.');
    expect((await show(journal, env)).steps.find((x) => x.title.startsWith('rm -rf'))?.status).toBe('skipped');
  });
});
