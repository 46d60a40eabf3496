// What reaches the terminal is shown, never obeyed: escape sequences, C1 controls and bidi
// characters in a runbook, in a step's output or in a database cell are spelled out by every
// verb (`\e[2K`, `\x9b`, `<U+202E>`), so a command shown for confirmation is byte for byte
// the command that runs. The journal keeps the real bytes.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents, readOutput } from '../faults/support/journal-file';

const ESC = '\u001b';
const BEL = '\u0007';
// What a terminal would obey or not draw; none of it may reach one raw.
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

const HIDDEN_COMMAND = `touch PWNED ${ESC}[2K${ESC}[1G$ echo hello`;
const CLIPBOARD = `printf 'A\\033]52;c;cm0gLXJmIH4K\\007B\\n'`;
const TRICKS = `printf 'x\\033[2J\\033[H\\033]2;owned\\007\\033[1A\\302\\233 2J\\342\\200\\256abc\\n'`;

const RUNBOOK = `---
targets:
  local:
    kind: sqlite
    path: ./cells.db
---

# Deploy ${ESC}]0;owned${BEL}checklist

## Phase ${ESC}[2J one

\`\`\`bash
[ ] ${HIDDEN_COMMAND}
[ ] ${CLIPBOARD}
[ ] ${TRICKS}
\`\`\`

\`\`\`sql {#cells target=local}
SELECT char(27) || '[2J' || 'cell' AS c, 'x' || char(155) || 'y' AS d, 'ab' || char(8238) || 'cd' AS e;
\`\`\`

- [ ] Confirm ${ESC}[1A the ${'\u202e'}deploy${'\u202c'} is up
`;

function setUp() {
  const dir = tempDir('runbook-escapes-');
  mkdirSync(join(dir, 'home'));
  const file = join(dir, 'escapes.md');
  writeFileSync(file, RUNBOOK);
  new Database(join(dir, 'cells.db')).close();
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home')) };
}

function expectNothingRaw(what: string, text: string): void {
  const at = text.search(RAW);
  expect(at, `${what} holds a raw control at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`).toBe(-1);
}

/** `\e` back to ESC, `\xNN` back to its character: what the operator can read off the screen. */
function unspell(shown: string): string {
  return shown.replace(/\\e/g, ESC).replace(/\\x([0-9a-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('escape sequences in a runbook, its output and its database cells', () => {
  it('run --plain shows the command that runs, spelled out, and obeys nothing in the output', async () => {
    const t = setUp();
    const run = await runCli(['run', t.file, '--plain', '--journal', t.journal, '--operator', 'ana'], { env: t.env, cwd: t.dir, input: 'y\n'.repeat(6) });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expectNothingRaw('run --plain stdout', run.stdout);
    expectNothingRaw('run --plain stderr', run.stderr);

    // The command shown for confirmation, and the note under it.
    const shown = run.stdout.split('\n').find((l) => l.startsWith('$ touch PWNED'));
    expect(shown).toBe('$ touch PWNED \\e[2K\\e[1G$ echo hello');
    expect(unspell(shown?.slice(2) ?? '')).toBe(HIDDEN_COMMAND);
    expect(run.stdout).toContain('! This command holds control or invisible characters, spelled out above as \\e, \\xNN or <U+…>: it runs exactly as shown.');
    // ...and it is what ran.
    expect(existsSync(join(t.dir, 'PWNED'))).toBe(true);

    // Output: the clipboard write, the screen clear, the title, the cursor-up, C1 and bidi.
    expect(run.stdout).toContain('A\\e]52;c;cm0gLXJmIH4K\\x07B');
    expect(run.stdout).toContain('x\\e[2J\\e[H\\e]2;owned\\x07\\e[1A\\x9b 2J<U+202E>abc');
    // Database cells.
    expect(run.stdout).toContain('\\e[2Jcell');
    expect(run.stdout).toContain('x\\x9by');
    expect(run.stdout).toContain('ab<U+202E>cd');
    // Step text and headings.
    expect(run.stdout).toContain('runbook · Deploy \\e]0;owned\\x07checklist');
    expect(run.stdout).toContain('[ ] Confirm \\e[1A the <U+202E>deploy<U+202C> is up');

    // The journal keeps the real bytes.
    const ids = (readEvents(t.journal).filter((e) => e.type === 'step.finished').map((e) => e.payload.step) as string[]).filter((id) => id !== 'cells');
    const outputs = ids.map((id) => readOutput(t.journal, id).join('\n'));
    expect(outputs).toContain(`A${ESC}]52;c;cm0gLXJmIH4K${BEL}B`);
    expect(readOutput(t.journal, 'cells').join('\n')).toContain(`${ESC}[2Jcell`);
  });

  it('show, list, check, verify and report spell out what the journal and the file hold', async () => {
    const t = setUp();
    const run = await runCli(['run', t.file, '--plain', '--journal', t.journal, '--operator', 'ana'], { env: t.env, cwd: t.dir, input: 'y\n'.repeat(6) });
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const verbs: string[][] = [
      ['show', t.journal],
      ['show', t.journal, '--json'],
      ['list'],
      ['list', '--json'],
      ['check', t.file],
      ['check', t.file, '--json'],
      ['verify', t.journal],
      ['report', t.journal],
      ['report', t.journal, '--format', 'json'],
    ];
    const results = await Promise.all(verbs.map((args) => runCli(args, { env: t.env, cwd: t.dir })));
    results.forEach((r, i) => {
      const what = `runbook ${verbs[i]?.join(' ')}`;
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      expectNothingRaw(`${what} stdout`, r.stdout);
      expectNothingRaw(`${what} stderr`, r.stderr);
    });
    const [show, showJson, list, listJson, check, checkJson, , report, reportJson] = results.map((r) => r.stdout);

    expect(show).toContain('touch PWNED \\e[2K\\e[1G$ echo hello');
    expect(show).toContain('Deploy \\e]0;owned\\x07checklist');
    expect(list).toContain('Deploy \\e]0;owned\\x07checklist');
    expect(check).toContain('Phase \\e[2J one');
    // JSON stays data: the values parse back to the real bytes.
    const view = JSON.parse(showJson ?? '') as { runbook: { title: string }; steps: { title: string }[] };
    expect(view.runbook.title).toBe(`Deploy ${ESC}]0;owned${BEL}checklist`);
    expect(view.steps.map((s) => s.title)).toContain(HIDDEN_COMMAND);
    expect((JSON.parse(listJson ?? '') as { title: string }[])[0]?.title).toBe(`Deploy ${ESC}]0;owned${BEL}checklist`);
    expect(JSON.stringify(JSON.parse(checkJson ?? ''))).toContain('Confirm \\u001b[1A the \u202edeploy\u202c is up');
    expect((JSON.parse(reportJson ?? '') as { runbook: { title: string } }).runbook.title).toBe(`Deploy ${ESC}]0;owned${BEL}checklist`);
    expect(reportJson).toContain('Confirm \\u001b[1A the \\u202edeploy\\u202c is up');
    // The Markdown report shows the command that ran, not the text the escapes would leave.
    expect(report).toContain('touch PWNED \\e[2K\\e[1G$ echo hello');
    expect(report).not.toContain('touch PWNED $ echo hello');
  });

  it('an error that quotes the runbook spells it out too', async () => {
    const t = setUp();
    writeFileSync(t.file, `# T\n\n\`\`\`sql {target=no${ESC}[2Jpe}\nSELECT 1;\n\`\`\`\n`);
    for (const args of [['run', t.file, '--plain', '--operator', 'ana'], ['check', t.file]]) {
      const result = await runCli(args, { env: t.env, cwd: t.dir });
      expect(result.code, result.stderr).toBe(2);
      expectNothingRaw(`runbook ${args[0]} stderr`, result.stderr);
      expect(result.stderr).toContain('bad value for annotation "target": "no\\e[2Jpe"');
    }
  });
});
