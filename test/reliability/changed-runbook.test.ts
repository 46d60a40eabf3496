// A runbook file edited under a paused run. The journal records the exact text of every
// command and SQL that ran, and the report and `show --json` show that text — never the
// runbook's old text beside the new command's output.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { drivePlain, routineAnswer, type Prompt } from '../e2e/plain-driver';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = `---
targets:
  ledger: { kind: sqlite, path: ./ledger.db }
---
# Changes

## Phase 1: Steps

\`\`\`bash {#first}
echo first-ran
\`\`\`

\`\`\`bash {#second}
echo old-second
\`\`\`

\`\`\`sql {#count target=ledger}
SELECT count(*) AS old_n FROM t;
\`\`\`
`;

interface Setup {
  dir: string;
  file: string;
  journal: string;
  env: Record<string, string>;
}

function setUp(runbook: string): Setup {
  const dir = tempDir('runbook-changed-');
  mkdirSync(join(dir, 'home'));
  const file = join(dir, 'changes.md');
  writeFileSync(file, runbook);
  const db = new Database(join(dir, 'ledger.db'));
  db.exec('CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (2), (3);');
  db.close();
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home')) };
}

/** Runs the first step, then stops at the step `stopAt` (the run is left paused there). */
async function runUntil(s: Setup, stopAt: string): Promise<void> {
  const run = await drivePlain(['run', s.file, '--plain', '--journal', s.journal, '--operator', 'ana'], {
    env: s.env,
    cwd: s.dir,
    answer: (p) => (p.block.includes(stopAt) && p.prompt.startsWith('Run:') ? null : routineAnswer(p)),
  });
  expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
  expect(run.stdout).toContain('Run paused');
}

async function resume(s: Setup, answer: (p: Prompt) => string | null = routineAnswer) {
  const run = await drivePlain(['resume', s.journal, '--plain'], { env: s.env, cwd: s.dir, answer });
  expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
  return run;
}

describe('a runbook changed under a paused run', () => {
  it('the journal, the report and show --json carry the exact text that ran, for every step', async () => {
    const s = setUp(RUNBOOK);
    await runUntil(s, 'echo old-second');
    writeFileSync(s.file, RUNBOOK.replace('echo old-second', 'echo new-second').replace('AS old_n', 'AS new_n'));
    await resume(s);

    const started = readEvents(s.journal).filter((e) => e.type === 'step.started');
    expect(started.map((e) => [e.payload.step, e.payload.command])).toEqual([
      ['first', 'echo first-ran'],
      ['second', 'echo new-second'],
      ['count', 'SELECT count(*) AS new_n FROM t;'],
    ]);
    // Nobody edited a command: nothing is journaled as an operator's edit.
    expect(started.every((e) => !('original' in e.payload))).toBe(true);

    const md = await runCli(['report', s.journal], { env: s.env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain(
      'As the runbook had it when the run began (not what ran):\n\n```bash\necho old-second\n```\n\nThe runbook file changed it after the run began; this is what ran:\n\n```bash\necho new-second\n```\n\nOutput, 1 line:\n\n```text\nnew-second\n```',
    );
    expect(md.stdout).toContain('this is what ran:\n\n```sql\nSELECT count(*) AS new_n FROM t;\n```');
    // The step that ran as the runbook had it is shown once, with no note.
    expect(md.stdout.match(/```bash\necho first-ran\n```/g)).toHaveLength(1);

    const json = JSON.parse((await runCli(['report', s.journal, '--format', 'json'], { env: s.env })).stdout) as {
      phases: { steps: { id: string; command: { text: string; edited: string | null; ran: string | null } }[] }[];
    };
    const commands = Object.fromEntries(json.phases.flatMap((p) => p.steps).map((x) => [x.id, x.command]));
    expect(commands.first).toEqual({ language: 'bash', text: 'echo first-ran', edited: null, ran: 'echo first-ran' });
    expect(commands.second).toEqual({ language: 'bash', text: 'echo old-second', edited: null, ran: 'echo new-second' });
    expect(commands.count?.ran).toBe('SELECT count(*) AS new_n FROM t;');

    const shown = JSON.parse((await runCli(['show', s.journal, '--json'], { env: s.env })).stdout) as { steps: { id: string; command: string | null }[] };
    expect(shown.steps.map((x) => [x.id, x.command])).toEqual([
      ['first', 'echo first-ran'],
      ['second', 'echo new-second'],
      ['count', 'SELECT count(*) AS new_n FROM t;'],
    ]);
    expect(readFileSync(s.file, 'utf8')).toContain('echo new-second');
  });
});
