// A runbook file edited under a paused run. The journal records the exact text of every
// command and SQL that ran, and the report and `show --json` show that text — never the
// runbook's old text beside the new command's output. `resume` lists what changed for the
// steps not done yet (command and SQL text, annotations, env, targets) and asks before it
// uses the new version; a file change can make a step destructive, but drops a typed
// confirmation only when the operator types the word for it.

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
  // Wide output: the questions are matched whole here (resume-unusable.test.ts sees them flow at 80 columns).
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: { ...cliEnv(join(dir, 'home')), COLUMNS: '200' } };
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
    const resumed = await resume(s);

    // Listed and asked before anything ran: the question is the first prompt.
    const asked = resumed.answered[0]?.prompt;
    expect(asked?.prompt).toMatch(/^Use the new version\? \[y\] use it · q stop/);
    expect(asked?.block).toContain('! The runbook changed since the run began:');
    expect(asked?.block).toContain(
      ['    ~ second', '        command was: echo old-second', '                now: echo new-second', '    ~ count', '        SQL was: SELECT count(*) AS old_n FROM t;', '            now: SELECT count(*) AS new_n FROM t;'].join('\n'),
    );
    expect(asked?.block).not.toContain('new-second\n✔');
    const changed = readEvents(s.journal).filter((e) => e.type === 'runbook.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.payload).toMatchObject({ changed: ['second', 'count'], accepted: true, relaxed: [] });

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

describe('resume asks before it uses a changed runbook', () => {
  it('q leaves the run paused with nothing run; put back, the file resumes as it began without a question', async () => {
    const s = setUp(RUNBOOK);
    await runUntil(s, 'echo old-second');
    writeFileSync(s.file, RUNBOOK.replace('echo old-second', 'echo new-second'));
    const refused = await resume(s, (p) => (p.prompt.startsWith('Use the new version?') ? 'q' : routineAnswer(p)));
    expect(refused.stdout).toContain('Run paused (stopped by operator)');
    const events = readEvents(s.journal);
    expect(events.filter((e) => e.type === 'step.started').map((e) => e.payload.step)).toEqual(['first']);
    expect(events.some((e) => e.type === 'runbook.changed')).toBe(false);

    writeFileSync(s.file, RUNBOOK);
    const again = await resume(s);
    expect(again.answered.map((a) => a.prompt.prompt)).not.toContainEqual(expect.stringMatching(/^Use the new version/));
    expect(readEvents(s.journal).find((e) => e.type === 'step.started' && e.payload.step === 'second')?.payload.command).toBe('echo old-second');
  });

  const WIPE = `# Wipe

## Phase 1: Steps

\`\`\`bash {#first}
echo first-ran
\`\`\`

\`\`\`bash {#wipe destructive}
echo wiping
\`\`\`
`;

  it('a step the file no longer marks destructive keeps its typed confirmation unless "loosen" is typed', async () => {
    for (const answer of ['y', 'loosen']) {
      const s = setUp(WIPE);
      await runUntil(s, 'echo wiping');
      writeFileSync(s.file, WIPE.replace('{#wipe destructive}', '{#wipe}'));
      const resumed = await resume(s, (p) => (p.prompt.startsWith('Type "loosen"') ? answer : routineAnswer(p)));
      const prompts = resumed.answered.map((a) => a.prompt.prompt);
      const listing = resumed.answered[0]?.prompt.block ?? '';
      expect(listing).toContain('    ~ wipe\n        {destructive} removed\n        no longer destructive in the file: it still asks its typed confirmation unless you accept that');
      expect(prompts.slice(0, 2)).toEqual([
        'Use the new version? [y] use it · q stop (the run stays paused; put the file back to go on as it began) >',
        'Type "loosen" to run it without it; anything else keeps the confirmation >',
      ]);
      const confirmation = prompts.find((p) => p.startsWith('DESTRUCTIVE'));
      const changed = readEvents(s.journal).find((e) => e.type === 'runbook.changed')?.payload;
      if (answer === 'loosen') {
        expect(confirmation).toBeUndefined();
        expect(changed).toMatchObject({ accepted: true, relaxed: ['wipe'] });
        expect(changed).not.toHaveProperty('keptStrict');
      } else {
        expect(confirmation).toBe('DESTRUCTIVE (marked). Type "yes" to run it >');
        expect(changed).toMatchObject({ accepted: true, relaxed: [], keptStrict: ['wipe'] });
      }
      expect(resumed.stdout).toContain('wiping\n✔ passed');
      const report = await runCli(['report', s.journal], { env: s.env });
      expect(report.stdout).toContain(answer === 'loosen' ? 'typed confirmation dropped, as accepted, for `wipe`' : 'typed confirmation kept for `wipe`');
    }
  });

  it('a step the file makes destructive asks its typed confirmation', async () => {
    const s = setUp(WIPE.replace('{#wipe destructive}', '{#wipe}'));
    await runUntil(s, 'echo wiping');
    writeFileSync(s.file, WIPE);
    const resumed = await resume(s, (p) => (p.prompt.startsWith('DESTRUCTIVE') ? 's' : routineAnswer(p)));
    expect(resumed.answered[0]?.prompt.block).toContain('    ~ wipe\n        {destructive} added\n        now DESTRUCTIVE: it asks a typed confirmation before it runs');
    expect(resumed.answered.map((a) => a.prompt.prompt)).toContain('DESTRUCTIVE (marked). Type "yes" to run it >');
    const events = readEvents(s.journal);
    expect(events.some((e) => e.type === 'step.started' && e.payload.step === 'wipe')).toBe(false);
    expect(events.find((e) => e.type === 'step.skipped')?.payload).toEqual({ step: 'wipe', reason: 'skipped at the typed confirmation' });
  });

  it('a changed env: is listed and asked about, then applied', async () => {
    const runbook = `---\nenv: { GREETING: hello }\n---\n# Env\n\n## Phase 1: Steps\n\n\`\`\`bash {#first}\necho first-ran\n\`\`\`\n\n\`\`\`bash {#greet}\necho "greeting=$GREETING"\n\`\`\`\n`;
    const s = setUp(runbook);
    await runUntil(s, 'greeting=');
    writeFileSync(s.file, runbook.replace('GREETING: hello', 'GREETING: bonjour, NEW_ONE: x'));
    const resumed = await resume(s);
    expect(resumed.answered[0]?.prompt.prompt).toMatch(/^Use the new version\?/);
    expect(resumed.answered[0]?.prompt.block).toContain('    env GREETING: "hello" → "bonjour"\n    env NEW_ONE: (none) → "x"');
    expect(resumed.stdout).toContain('greeting=bonjour');
    expect(readEvents(s.journal).find((e) => e.type === 'runbook.changed')?.payload.details).toEqual(['    env GREETING: "hello" → "bonjour"', '    env NEW_ONE: (none) → "x"']);
  });

  /** Paused before the SQL step, the file's target moved to other.db (7 rows), resumed: it is listed, and the SQL counts the new one. */
  async function retargeted(runbook: string): Promise<Setup> {
    const s = setUp(runbook);
    const other = new Database(join(s.dir, 'other.db'));
    other.exec('CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (2), (3), (4), (5), (6), (7);');
    other.close();
    await runUntil(s, 'SELECT count(*)');
    writeFileSync(s.file, runbook.replace('path: ./ledger.db', 'path: ./other.db'));
    const resumed = await resume(s);
    expect(resumed.answered[0]?.prompt.block).toContain('    target ledger: {"kind":"sqlite","path":"./ledger.db"} → {"kind":"sqlite","path":"./other.db"}');
    expect(resumed.stdout).toMatch(/old_n\n-+\n7\n/);
    return s;
  }

  it('a changed target is listed, asked about, and the SQL runs against the new one', async () => {
    const s = await retargeted(RUNBOOK);
    const changed = readEvents(s.journal).find((e) => e.type === 'runbook.changed')?.payload;
    expect(changed?.targets).toEqual([expect.objectContaining({ name: 'ledger', kind: 'sqlite', location: join(s.dir, 'other.db') })]);
  });

  // A runbook kept in a documentation site holds its keys under `runbook:` beside the
  // site's; before, resume compared only top-level keys, said nothing, and went on against
  // the old target while the file named the new one.
  it('a changed target under a runbook: mapping is listed, asked about, and the SQL runs against the new one', async () => {
    const nested = RUNBOOK.replace('---\ntargets:\n  ledger:', '---\nweight: 3\nrunbook:\n  targets:\n    ledger:');
    expect(nested).toContain('runbook:\n  targets:');
    await retargeted(nested);
  });

  it("a changed shell in Hugo's TOML front matter is listed and asked about", async () => {
    const runbook = `+++\nshell = "bash"\nweight = 3\n+++\n# Shell\n\n## Phase 1: Steps\n\n\`\`\`bash {#first}\necho first-ran\n\`\`\`\n\n\`\`\`bash {#second}\necho second-ran\n\`\`\`\n`;
    const s = setUp(runbook);
    await runUntil(s, 'second-ran');
    writeFileSync(s.file, runbook.replace('shell = "bash"', 'shell = "sh"'));
    const resumed = await resume(s);
    expect(resumed.answered[0]?.prompt.prompt).toMatch(/^Use the new version\?/);
    expect(resumed.answered[0]?.prompt.block).toContain('    shell: "bash" → "sh"');
  });
});
