// The manners of the real built CLI: every verb's help, a mistake told in one line with
// what was probably meant, `--` ending the options, the version from package.json.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { VERBS, optionText } from '../../source/commands/usage';

const home = tempDir('runbook-usage-');
const env = cliEnv(home);
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A mistake: exit 2, nothing on stdout, one line on stderr and never a stack trace. */
function expectOneLine(result: { code: number | null; stdout: string; stderr: string }): string {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at |Error:|internal error/m);
  return result.stderr.trimEnd();
}

describe('help', () => {
  it.each(VERBS.map((v) => [v.verb, v] as const))('runbook %s --help: its usage, every option with its meaning, an example', async (verb, usage) => {
    const result = await runCli([verb, '--help'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const out = result.stdout;
    expect(out.startsWith(`Usage: runbook ${verb}`)).toBe(true);
    for (const option of usage.options) {
      // The option and its one-line meaning, on one line.
      const row = out.split('\n').find((l) => l.trimStart().startsWith(`${optionText(option)} `));
      expect(row, `${verb}: ${optionText(option)}`).toContain(option.meaning);
    }
    expect(out).toContain('-h, --help');
    expect(out).toMatch(/^Examples?:\n {2}runbook /m);
    for (const example of usage.examples) expect(out).toContain(`  ${example.command}\n`);
    // Laid out for an 80-column terminal.
    expect(out.split('\n').filter((l) => [...l].length > 80)).toEqual([]);
  });

  it('runbook help VERB says exactly what VERB --help and VERB -h say', async () => {
    for (const verb of ['run', 'report', 'demo']) {
      const [help, flag, short] = await Promise.all([runCli(['help', verb], { env }), runCli([verb, '--help'], { env }), runCli([verb, 'deploy.md', '-h'], { env })]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: runbook ${verb}`);
      expect(flag.stdout).toBe(help.stdout);
      expect(short.stdout).toBe(help.stdout);
    }
  });

  it('--help wins over any other mistake on the line', async () => {
    const result = await runCli(['run', '--operater', 'x', '--help'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: runbook run FILE');
  });

  it('runbook --help lists every verb and ends pointing at runbook help VERB', async () => {
    const result = await runCli(['--help'], { env });
    expect(result.code).toBe(0);
    for (const usage of VERBS) expect(result.stdout).toMatch(new RegExp(`^ {2}${usage.verb}\\b.* ${usage.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(result.stdout.trimEnd().split('\n').at(-1)).toContain('runbook help VERB');
    expect((await runCli(['help'], { env })).stdout).toBe(result.stdout);
  });

  it('runbook --version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runCli(['--version'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe('mistakes: one line, exit 2, what was probably meant', () => {
  it('an unknown option names the nearest one and the options there are', async () => {
    const line = expectOneLine(await runCli(['run', 'deploy.md', '--operater', 'ana'], { env }));
    expect(line).toBe('runbook run: unknown option --operater; did you mean --operator? Options: --journal PATH, --target NAME=URL, --operator NAME, --rehearse, --plain, --store [URL], --help');
  });

  it('an option of another verb says whose it is', async () => {
    const line = expectOneLine(await runCli(['check', 'deploy.md', '--plain'], { env }));
    expect(line).toBe('runbook check: --plain is not an option of check (it is one of run, resume, demo). Options: --json, --preflight, --help');
  });

  it('an option without its value, or a switch given one', async () => {
    expect(expectOneLine(await runCli(['run', 'deploy.md', '--operator'], { env }))).toBe('runbook run: --operator needs a value: --operator NAME');
    expect(expectOneLine(await runCli(['run', 'deploy.md', '--operator', '--plain'], { env }))).toContain('runbook run: --operator needs a value: --operator NAME');
    expect(expectOneLine(await runCli(['list', '--json=yes'], { env }))).toBe('runbook list: --json takes no value');
  });

  it('an option given twice with different values, never the last one silently', async () => {
    expect(expectOneLine(await runCli(['report', 'run.sqlite', '--format', 'md', '--format=json'], { env }))).toBe(
      'runbook report: --format is given twice, with different values; give it once: --format md|json',
    );
    const journals = expectOneLine(await runCli(['run', 'deploy.md', '--journal', 'a.sqlite', '--plain', '--journal', 'b.sqlite'], { env }));
    expect(journals).toBe('runbook run: --journal is given twice, with different values; give it once: --journal PATH');
    // The values are not echoed (a store URL, a name).
    expect(expectOneLine(await runCli(['list', '--store', 'postgres://ana@db-1/runbook', '--store', 'postgres://bob@db-2/runbook'], { env }))).not.toContain('postgres://');
    // Said twice alike, or a repeatable option: nothing to guess.
    const same = await runCli(['report', join(home, 'none.sqlite'), '--format', 'json', '--format', 'json'], { env });
    expect(same.stderr).toContain('no such journal');
    const targets = await runCli(['run', join(home, 'none.md'), '--target', 'app=postgres://a@db/app', '--target', 'audit=postgres://a@db/audit'], { env });
    expect(targets.stderr).toContain('no such file');
    // One target given two URLs is the same guess.
    writeFileSync(join(home, 'one.md'), '# One\n\n```sql\nSELECT 1;\n```\n');
    expect(expectOneLine(await runCli(['run', join(home, 'one.md'), '--plain', '--operator', 'a', '--target', 'app=postgres://a@db/app', '--target', 'app=postgres://a@db-2/app'], { env }))).toBe(
      'runbook: --target app is given twice, with different URLs; give it once',
    );
  });

  it('a missing or extra argument points at the verb’s help', async () => {
    expect(expectOneLine(await runCli(['show'], { env }))).toBe('runbook show: missing JOURNAL (see runbook help show)');
    expect(expectOneLine(await runCli(['list', 'extra'], { env }))).toBe('runbook list: unexpected argument "extra" (see runbook help list)');
  });

  it('an unknown command suggests the nearest verb', async () => {
    const line = expectOneLine(await runCli(['chek', 'deploy.md'], { env }));
    expect(line).toBe('runbook: unknown command "chek"; did you mean check? Verbs: check, run, resume, watch, list, show, report, verify, demo, store (runbook --help)');
    expect(expectOneLine(await runCli(['help', 'verfy'], { env }))).toContain('did you mean verify?');
    expect(expectOneLine(await runCli(['frobnicate'], { env }))).not.toContain('did you mean');
  });

  it('help and --version, mistyped where a verb goes, are suggested too; runbook help help is the help', async () => {
    expect(expectOneLine(await runCli(['hlep', 'check'], { env }))).toContain('unknown command "hlep"; did you mean help?');
    expect(expectOneLine(await runCli(['--verison'], { env }))).toBe("runbook: unknown option --verison; did you mean --version? (a verb's options go after it: runbook help VERB)");
    expect(expectOneLine(await runCli(['--plain'], { env }))).toBe('runbook: unknown option --plain; options go after the verb (runbook help VERB lists them)');
    const help = await runCli(['help', 'help'], { env });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toBe((await runCli(['--help'], { env })).stdout);
  });
});

describe('a name that holds a newline', () => {
  it('is spelled \\n in the one line of the error, never a second line', async () => {
    const named = "deploy.md\nok   everything is fine";
    expect(expectOneLine(await runCli(['check', named], { env, cwd: home }))).toBe('deploy.md\\nok   everything is fine: no such file');
    expect(expectOneLine(await runCli(['show', named], { env, cwd: home }))).toBe('runbook: deploy.md\\nok   everything is fine: no such journal');
  });
});

describe('-- ends the options', () => {
  it('checks a file whose name starts with dashes, and says how when it was taken for an option', async () => {
    writeFileSync(join(home, '--weird.md'), '# Weird\n\n- [ ] Look at the name of this file\n');
    const checked = await runCli(['check', '--', '--weird.md'], { env, cwd: home });
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('Weird');
    const refused = expectOneLine(await runCli(['check', '--weird.md'], { env, cwd: home }));
    expect(refused).toContain('runbook check: unknown option --weird.md.');
    expect(refused).toContain('a FILE whose name starts with - goes after --');
  });
});

describe('runbook demo --operator', () => {
  it('takes the operator as run does: nobody is asked for a name, and the run records it', async () => {
    const demoHome = tempDir('runbook-demo-operator-');
    const demoEnv = cliEnv(demoHome);
    try {
      // No answers: the demo starts, then stops at its first prompt, resumable.
      const result = await runCli(['demo', '--plain', '--operator', 'Dee Mo'], { env: demoEnv, cwd: demoHome, timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain('Your name');
      expect(result.stdout).toContain('operator Dee Mo');
      const journal = /runbook resume\s+(\S+)/.exec(result.stdout)?.[1] ?? '';
      const shown = await runCli(['show', journal, '--json'], { env: demoEnv });
      expect(shown.code, shown.stderr).toBe(0);
      expect((JSON.parse(shown.stdout) as { operator: string }).operator).toBe('Dee Mo');
    } finally {
      rmSync(demoHome, { recursive: true, force: true });
    }
  });
});
