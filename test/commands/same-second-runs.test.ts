// Several operators on one bastion (one account, several tmux panes) start the same
// runbook at the same moment. Journals are named to the second, so these runs want one
// name: each must get a journal of its own, and none be refused or overwritten. The real
// CLI in real child processes, one RUNBOOK_HOME.

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { ScriptedRun } from '../faults/support/scripted-run';
import { readEvents } from '../faults/support/journal-file';

const RUNBOOK = '# Deploy orders\n\n- [ ] Look at the dashboard\n';
const PANES = 6;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runs started in the same second', () => {
  it('each get their own journal: none refused, none overwritten, each one remembered for list', async () => {
    dir = tempDir('rb-same-second-');
    writeFileSync(join(dir, 'deploy.md'), RUNBOOK);
    const env = cliEnv(dir);
    const panes = Array.from({ length: PANES }, () => new ScriptedRun(['run', 'deploy.md', '--plain'], { env, cwd: dir }));
    // No name is remembered yet, so every pane asks for one first. Answered together, the
    // runs go on at one moment: at least two of them start within one second.
    await Promise.all(panes.map((pane) => pane.sees('Your name')));
    for (const pane of panes) {
      pane.answer('ana');
      pane.answer('y');
    }
    const codes = await Promise.all(panes.map((pane) => pane.end()));
    for (const [i, pane] of panes.entries()) expect(codes[i], `pane ${i}:\n${pane.out}\n${pane.err}`).toBe(0);

    const journalDir = join(dir, 'runbook', 'journals');
    const journals = readdirSync(journalDir).filter((name) => name.endsWith('.runbook.sqlite'));
    expect(journals).toHaveLength(PANES);
    // The runs that shared a second were told apart by -2, -3, …
    expect(journals.some((name) => /Z-deploy-orders-\d+\.runbook\.sqlite$/.test(name)), journals.join('\n')).toBe(true);
    // Each pane named its own journal, and each journal holds one whole run.
    const named = panes.map((pane) => /runbook report (\S+)/.exec(pane.out)?.[1]);
    expect(new Set(named)).toEqual(new Set(journals.map((name) => join(journalDir, name))));
    for (const name of journals) {
      const types = readEvents(join(journalDir, name)).map((e) => e.type);
      expect(types.filter((t) => t === 'run.started'), name).toHaveLength(1);
      expect(types, name).toContain('run.ended');
      const verified = await runCli(['verify', join(journalDir, name)], { env, cwd: dir });
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    }
    // Every run is remembered for `runbook list`, none lost to another pane's write.
    const config = JSON.parse(readFileSync(join(dir, 'runbook', 'config.json'), 'utf8')) as { journals: string[]; operator: string };
    expect(new Set(config.journals)).toEqual(new Set(named));
    expect(config.operator).toBe('ana');
  }, 120_000);
});
