// The evidence tells the whole truth (issue 18, defects 6 and 10, and `verify --outcome`):
// real journals written by the real CLI (`run --plain` of small runbooks against a real
// SQLite target, a kill -9 mid-step and `resume --plain`), read back by `show`, `list`,
// `report` and `verify` as an operator, an auditor and a CI job would.

import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir, waitFor } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';
import { markdownlint } from '../report/helpers';

// Two steps fail, a comparison fails (and with it its step), the tree is taken after the
// first failure into Plan A, and its decision step later answers YES.
const FAILING = `---
title: Evidence check
targets:
  db:
    kind: sqlite
    path: ./ev.db
---

# Evidence check

## PHASE 1: Before

\`\`\`sql {#count-before capture=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

\`\`\`bash {#disk}
echo "disk almost full"; exit 3
\`\`\`

## PHASE 2: Change

\`\`\`sql {#insert}
INSERT INTO items (id) VALUES (5);
\`\`\`

\`\`\`sql {#count-after compare=counts}
SELECT 'items' AS k, COUNT(*) AS n FROM items;
\`\`\`

\`\`\`bash {#smoke}
echo "smoke failed"; exit 1
\`\`\`

## PHASE 3: Go or No-Go

- Is the system functional?
  - YES → proceed to [Phase 4](#phase-4-done)
  - NO → [Rollback Plan A](#rollback-plan-a-put-it-back)

### Rollback Plan A: Put it back

\`\`\`bash {#undo}
echo "undoing the change"
\`\`\`

## PHASE 4: Done

\`\`\`bash {#bye}
echo bye
\`\`\`
`;

// The walk's answers in --plain: disk fails → n (the tree) → 2 (NO: Plan A) → its step
// runs → the rest runs, each failure continued past → the decision step answers YES.
const ANSWERS = ['y', 'y', 'n', '2', 'y', 'y', 'y', 'y', 'y', 'y', 'y', 'y'].join('\n');

// A duration no other process sleeps for, so the test finds (and ends) only its own.
const NAP = '30.5151';
const KILLED = `# Kill test

## PHASE 1: Work

\`\`\`bash {#long}
echo "tick 1"; echo "tick 2"; if [ -f again.flag ]; then echo "second time, quick"; else touch again.flag; sleep ${NAP}; fi
\`\`\`

\`\`\`bash {#after}
echo after
\`\`\`
`;

function naps(): number[] {
  try {
    return execFileSync('pgrep', ['-f', `^sleep ${NAP}$`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

afterEach(() => {
  for (const pid of naps()) process.kill(pid, 'SIGKILL');
});

interface Place {
  dir: string;
  env: Record<string, string>;
}

function place(prefix: string): Place {
  const dir = tempDir(prefix);
  mkdirSync(join(dir, 'home'));
  return { dir, env: cliEnv(join(dir, 'home')) };
}

async function cli(p: Place, args: string[], input?: string) {
  return runCli(args, { env: p.env, cwd: p.dir, ...(input === undefined ? {} : { input }) });
}

/** `run --plain` of KILLED until its long step has printed and sleeps, then kill -9 of the runner (its sleep lives on). */
async function killMidStep(p: Place, journal: string): Promise<void> {
  writeFileSync(join(p.dir, 'k.md'), KILLED);
  const driver = startCli(['run', 'k.md', '--plain', '--journal', journal, '--operator', 'ana'], { env: p.env, cwd: p.dir });
  const exited = new Promise((resolve) => driver.on('close', resolve));
  driver.stdout?.resume();
  driver.stderr?.resume();
  driver.stdin?.write('y\n');
  const ticked = () => {
    try {
      return readEvents(journal).some((e) => e.type === 'output' && e.payload.step === 'long');
    } catch {
      return false; // the journal is still being created
    }
  };
  await waitFor(() => ticked() && naps().length > 0, 'the step to print and sleep', 20_000);
  driver.kill('SIGKILL');
  await exited;
}

describe('a run that completed with failures, and a plan chosen through the tree', () => {
  const p = place('runbook-evidence-');
  const journal = join(p.dir, 'run.runbook.sqlite');
  let printed = '';

  beforeAll(async () => {
    writeFileSync(join(p.dir, 'ev.md'), FAILING);
    const db = new Database(join(p.dir, 'ev.db'));
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    db.close();
    const run = await cli(p, ['run', 'ev.md', '--plain', '--journal', journal, '--operator', 'ana'], `${ANSWERS}\n`);
    printed = run.stdout;
    expect(run.code, run.stderr + run.stdout).toBe(1);
  });

  it('ends --plain saying so, and show headlines it: completed_with_failures, and what failed', async () => {
    expect(printed).toContain('Run completed with failures:');
    expect(printed.replace(/\s+/g, ' ')).toContain('Run completed with failures. Evidence: runbook report');
    const shown = await cli(p, ['show', journal]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^state completed_with_failures · operator ana/m);
    expect(shown.stdout).toContain('failed: 3 steps failed (disk, count-after, smoke), 1 comparison failed (counts)');
    const json = JSON.parse((await cli(p, ['show', journal, '--json'])).stdout) as { state: string; failures: { kind: string; step: string; why: string }[] };
    expect(json.state).toBe('completed_with_failures');
    expect(json.failures).toEqual([
      { kind: 'step', step: 'disk', title: 'echo "disk almost full"; exit 3', why: 'exit 3' },
      { kind: 'step', step: 'count-after', title: expect.any(String), why: 'comparison with counts failed' },
      { kind: 'step', step: 'smoke', title: 'echo "smoke failed"; exit 1', why: 'exit 1' },
      { kind: 'comparison', step: 'count-after', title: 'counts', why: expect.stringContaining('items (n 2 → 3 (+1))') },
    ]);
  });

  it('list says completed_with_failures, never completed', async () => {
    const listed = await cli(p, ['list']);
    expect(listed.stdout).toMatch(/^completed_with_failures \d{4}-\d\d-\d\d \d\d:\d\d {2}ana +Evidence check$/m);
    expect(listed.stdout).toContain(`\n                        ${journal}\n`);
    const json = JSON.parse((await cli(p, ['list', '--json'])).stdout) as { state: string }[];
    expect(json.map((r) => r.state)).toEqual(['completed_with_failures']);
  });

  it('the report headlines it in Markdown and JSON, each failure named', async () => {
    const md = (await cli(p, ['report', journal])).stdout;
    expect(md).toContain('- State: ✘ COMPLETED WITH FAILURES');
    expect(md).not.toContain('✔ COMPLETED');
    expect(md).toContain('> **COMPLETED WITH FAILURES**: every step was walked, but 3 steps and 1 comparison failed (see Failed, below).');
    expect(md).toMatch(/^- Failed: step 2 \(echo "disk almost full"; exit 3\): exit 3; step 4 \(.*\): comparison with counts failed; step 5 \(.*\): exit 1; comparison `counts` at step 4/m);
    const json = JSON.parse((await cli(p, ['report', journal, '--format', 'json'])).stdout) as { run: { state: string; failures: { step: string }[] } };
    expect(json.run.state).toBe('completed_with_failures');
    expect(json.run.failures.map((f) => f.step)).toEqual(['disk', 'count-after', 'smoke', 'count-after']);
  });

  it('reports the plan as entered through the tree, with the path and why, never "on purpose"', async () => {
    const md = (await cli(p, ['report', journal])).stdout;
    const plan = md.slice(md.indexOf('## Plan: Rollback Plan A: Put it back'));
    expect(plan).toMatch(/^- Entered .* UTC by ana through decision tree `[^`]+`: Is the system functional\? → NO\. Why: step disk failed$/m);
    expect(md).not.toContain('on purpose');
    writeFileSync(join(p.dir, 'report.md'), md);
    expect((await markdownlint(join(p.dir, 'report.md'))).output).toContain('Summary: 0 error(s)');
    const json = JSON.parse((await cli(p, ['report', journal, '--format', 'json'])).stdout) as { plans: { entered: Record<string, unknown>[] }[] };
    expect(json.plans[0]?.entered).toEqual([
      {
        at: expect.any(String),
        by: 'ana',
        from: null,
        fromTitle: null,
        how: 'tree',
        tree: expect.any(String),
        path: [{ question: 'Is the system functional?', answer: 'NO' }],
        reason: 'step disk failed',
      },
    ]);
  });

  it('show lists the plan under a heading of its own, saying how it was entered', async () => {
    // A wide output, so each line of show is whole here (show-fit.test.ts: wrapped at 80).
    const out = (await runCli(['show', journal], { env: { ...p.env, COLUMNS: '200' }, cwd: p.dir })).stdout;
    const lines = out.split('\n');
    const heading = lines.indexOf('Plan: Rollback Plan A: Put it back');
    expect(heading, out).toBeGreaterThan(lines.indexOf('PHASE 4: Done'));
    expect(lines[heading + 1]).toMatch(/^ {2}entered \S+ through the decision tree: Is the system functional\? → NO · why: step disk failed$/);
    expect(lines[heading + 2]).toMatch(/^ {2}finished \S+$/);
    expect(lines[heading + 3]).toMatch(/^ {2}✔ passed +echo "undoing the change"/);
    // Not under the last phase: the phase lists only its own step.
    expect(lines.slice(lines.indexOf('PHASE 4: Done') + 1, heading).filter((l) => l.trim() !== '')).toEqual([expect.stringMatching(/✔ passed +echo bye/)]);
    const json = JSON.parse((await cli(p, ['show', journal, '--json'])).stdout) as { plans: unknown[]; steps: { id: string; plan: string | null }[] };
    expect(json.plans).toEqual([
      {
        id: 'rollback-plan-a-put-it-back',
        title: 'Rollback Plan A: Put it back',
        entered: [{ at: expect.any(String), how: 'tree', from: null, tree: expect.any(String), decidedAt: null, path: [{ question: 'Is the system functional?', answer: 'NO' }], reason: 'step disk failed' }],
        leftAt: expect.any(String),
      },
    ]);
    expect(json.steps.find((s) => s.id === 'undo')?.plan).toBe('rollback-plan-a-put-it-back');
  });

  it('verify checks integrity (exit 0); verify --outcome also fails the run, in one line saying why', async () => {
    const plain = await cli(p, ['verify', journal]);
    expect(plain.code, plain.stdout).toBe(0);
    expect(plain.stdout).not.toContain('outcome');
    const outcome = await cli(p, ['verify', journal, '--outcome']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.split('\n').filter((l) => l.startsWith('outcome:'))).toEqual(['outcome: completed with failures: 3 steps failed (disk, count-after, smoke), 1 comparison failed (counts)']);
  });
});

describe('a step killed -9 mid-run and run again after resume', () => {
  const p = place('runbook-attempts-');
  const journal = join(p.dir, 'kill.runbook.sqlite');

  beforeAll(async () => {
    await killMidStep(p, journal);
    for (const pid of naps()) process.kill(pid, 'SIGKILL');
    await waitFor(() => naps().length === 0, 'the orphaned sleep to end');
  }, 60_000);

  it('verify --outcome fails a run cut short: in progress, one line', async () => {
    const outcome = await cli(p, ['verify', journal, '--outcome']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^outcome: not completed: in progress, 2 walk steps open$/m);
  });

  it('after resume, report and show list both attempts: the interrupted one with its output, then the re-run', async () => {
    const resumed = await cli(p, ['resume', journal, '--plain'], 'y\ny\n');
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('Run completed. Evidence:');

    const md = (await cli(p, ['report', journal])).stdout;
    const step = md.slice(md.indexOf('### 1. '), md.indexOf('### 2. '));
    expect(step).toMatch(/^Attempt 1 of 2: ! INTERRUPTED \(its process went away while it ran\) · started .* UTC · found interrupted .* UTC, output 2 lines:\n\n```text\ntick 1\ntick 2\n```$/m);
    expect(step).toMatch(/^Attempt 2 of 2: ✔ passed · .* · exit 0, output 3 lines:\n\n```text\ntick 1\ntick 2\nsecond time, quick\n```$/m);
    writeFileSync(join(p.dir, 'report.md'), md);
    expect((await markdownlint(join(p.dir, 'report.md'))).output).toContain('Summary: 0 error(s)');

    const json = JSON.parse((await cli(p, ['report', journal, '--format', 'json'])).stdout) as { phases: { steps: { id: string; attempts: number; history: Record<string, unknown>[] }[] }[] };
    const long = json.phases[0]?.steps.find((s) => s.id === 'long');
    expect(long?.attempts).toBe(2);
    expect(long?.history).toEqual([
      expect.objectContaining({ number: 1, state: 'interrupted', mark: '!', exitCode: null, durationMs: null, endedAt: expect.any(String), output: { lines: 2, head: ['tick 1', 'tick 2'], tail: [], omitted: 0 } }),
      expect.objectContaining({ number: 2, state: 'passed', mark: '✔', exitCode: 0, output: { lines: 3, head: ['tick 1', 'tick 2', 'second time, quick'], tail: [], omitted: 0 } }),
    ]);

    const shown = (await runCli(['show', journal], { env: { ...p.env, COLUMNS: '200' }, cwd: p.dir })).stdout;
    expect(shown).toMatch(/^ {6}attempt 1 ! interrupted · started \S+ · found interrupted \S+ · 2 lines\n {8}\| tick 1\n {8}\| tick 2\n {6}attempt 2 ✔ passed · \S+ → \S+ · exit 0 · 3 lines\n/m);
    const shownJson = JSON.parse((await cli(p, ['show', journal, '--json'])).stdout) as { steps: { id: string; history: { number: number; state: string; exitCode: number | null; output: { head: string[] } | null }[] }[] };
    const history = shownJson.steps.find((s) => s.id === 'long')?.history ?? [];
    expect(history.map((a) => [a.number, a.state, a.exitCode, a.output?.head])).toEqual([
      [1, 'interrupted', null, ['tick 1', 'tick 2']],
      [2, 'passed', 0, ['tick 1', 'tick 2', 'second time, quick']],
    ]);

    const outcome = await cli(p, ['verify', journal, '--outcome']);
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toContain('outcome: completed, nothing failed');
  });
});

describe('a step whose process outlived its killed runner, stopped at resume and run again', () => {
  const p = place('runbook-outlived-');
  const journal = join(p.dir, 'kill.runbook.sqlite');

  beforeAll(async () => {
    await killMidStep(p, journal);
  }, 60_000);

  it('the report says what became of the first attempt\'s process', async () => {
    expect(naps()).toHaveLength(1);
    // t stops the outlived process; y runs the step again; y runs the next one.
    const resumed = await cli(p, ['resume', journal, '--plain'], 't\ny\ny\n');
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(naps()).toEqual([]);
    const md = (await cli(p, ['report', journal])).stdout;
    expect(md).toMatch(/^Attempt 1 of 2: ! INTERRUPTED \(its process went away while it ran\) · started .* · its process \(pid \d+\) outlived the runner · the operator stopped its process, output 2 lines:$/m);
    expect(md).toMatch(/^Attempt 2 of 2: ✔ passed · .* · exit 0, output 3 lines:$/m);
  });
});
