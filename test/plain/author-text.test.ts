// The author's own text in the --plain walk (the real CLI, a real shell): the words that
// lead to a step are printed before it, once, and what follows a phase's last step after it
// is done. Before, --plain showed only each step's command: "As root, run the upgrade" in
// the item holding the fence never reached the operator.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const RUNBOOK = [
  '# Upgrade',
  '',
  '## Upgrading',
  '',
  '1. Download the release:',
  '',
  '   ```bash',
  '   echo downloaded',
  '   ```',
  '',
  '1. As root, run the upgrade. It takes a few minutes and prints one line for each of the services it restarts \u001b[2Kquietly:',
  '',
  '   ```bash',
  '   echo upgraded',
  '   ```',
  '',
  '1. Check the services came back:',
  '',
  '   ```console',
  '   app-django   RUNNING',
  '   ```',
  '',
].join('\n');

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the author's text in the --plain walk", () => {
  it('prints what leads to each step before it, and what follows the last step after it', async () => {
    dir = tempDir('rb-plain-text-');
    writeFileSync(join(dir, 'upgrade.md'), RUNBOOK);
    const run = await runCli(['run', 'upgrade.md', '--plain', '--operator', 'ana', '--journal', 'j.sqlite'], { env: cliEnv(dir), cwd: dir, input: 'y\ny\n' });
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    const at = (text: string) => {
      const i = out.indexOf(text);
      expect(i, `${text} in:\n${out}`).toBeGreaterThan(-1);
      return i;
    };
    expect(at('1. Download the release:\n\n── Upgrading · step 1/2')).toBeLessThan(at('$ echo downloaded'));
    // Flowed at 80 columns under its own words; an escape sequence in it spelled out, never obeyed.
    expect(out).toContain('2. As root, run the upgrade. It takes a few minutes and prints one line for each\n   of the services it restarts \\e[2Kquietly:\n\n── Upgrading · step 2/2');
    expect(at('2. As root, run the upgrade.')).toBeGreaterThan(at('downloaded\n'));
    expect(at('3. Check the services came back:\n    app-django   RUNNING')).toBeGreaterThan(at('upgraded\n'));
    expect(at('3. Check the services came back:')).toBeLessThan(at('Run completed'));
    expect(out.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  it('flows a paragraph the author broke at odd places to the terminal, keeping a hard break', async () => {
    dir = tempDir('rb-plain-flow-');
    const md = [
      '# Flow',
      '',
      '## Only',
      '',
      'A practice deployment in a sandbox folder, about five minutes. Its shell steps only print',
      '(`echo`, `date`, `ls`, `cat`) and write one small file in the sandbox; its SQL runs against',
      '`demo.db`, a small SQLite database made for this demo. Nothing else on your',
      'machine is touched.\\',
      'This line stands on its own.',
      '',
      'Then:',
      '',
      '```bash',
      'echo done',
      '```',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'flow.md'), md);
    const run = await runCli(['run', 'flow.md', '--plain', '--operator', 'ana', '--journal', 'j.sqlite'], { env: cliEnv(dir, { COLUMNS: '60' }), cwd: dir, input: 'y\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      [
        'A practice deployment in a sandbox folder, about five',
        'minutes. Its shell steps only print (`echo`, `date`, `ls`,',
        '`cat`) and write one small file in the sandbox; its SQL runs',
        'against `demo.db`, a small SQLite database made for this',
        'demo. Nothing else on your machine is touched.',
        'This line stands on its own.',
      ].join('\n'),
    );
  });

  it("flows a step's own description under its indent", async () => {
    dir = tempDir('rb-plain-desc-');
    const md = ['# Flow', '', '## Only', '', 'Deploy the release, which takes a minute or two and prints one line for each', 'service it restarts.', '', '```bash', 'echo done', '```', ''].join('\n');
    writeFileSync(join(dir, 'flow.md'), md);
    const run = await runCli(['run', 'flow.md', '--plain', '--operator', 'ana', '--journal', 'j.sqlite'], { env: cliEnv(dir, { COLUMNS: '60' }), cwd: dir, input: 'y\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('── Only · step 1/1 · shell\n   Deploy the release, which takes a minute or two and\n   prints one line for each service it restarts.\n$ echo done');
  });
});

