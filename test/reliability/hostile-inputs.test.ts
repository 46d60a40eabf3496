// Shell metacharacters in inputs never change a command beyond the value: inputs reach
// shell steps as environment variables (so `$(…)`, backticks, `;`, quotes and newlines
// stay data) and SQL steps as bind parameters (so a quote cannot end the literal).

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readOutput } from '../faults/support/journal-file';

const FIXTURE = new URL('fixtures/hostile-inputs.md', import.meta.url).pathname;

const VALUES = [
  '$(touch "$PWN_DIR/dollar")',
  '`touch "$PWN_DIR/backtick"`',
  'x; touch "$PWN_DIR/semicolon"; rm -rf "$VICTIM_DIR"',
  `it's "quoted" and \\ back\\slashed`,
  "'; DROP TABLE sentinel; --",
  '&& touch "$PWN_DIR/and" || true | tee "$PWN_DIR/pipe" > /dev/null',
  '${PATH} $HOME %s %n $((1+1)) !! \\$(id)',
];

describe('hostile input values', () => {
  it.each(VALUES)('%s stays a value in shell and SQL steps', async (value) => {
    const dir = tempDir('runbook-hostile-');
    const pwn = join(dir, 'pwned');
    const victim = join(dir, 'victim');
    const out = join(dir, 'out');
    for (const d of [pwn, victim, out, join(dir, 'home')]) mkdirSync(d);
    copyFileSync(FIXTURE, join(dir, 'hostile.md'));
    const db = new Database(join(dir, 'ledger.db'));
    db.exec('CREATE TABLE sentinel (id INTEGER); INSERT INTO sentinel VALUES (1);');
    db.close();
    const env = cliEnv(join(dir, 'home'), { PWN_DIR: pwn, VICTIM_DIR: victim, OUT_DIR: out });
    const journal = join(dir, 'run.runbook.sqlite');

    // The value, the multi-line default (empty line), then yes to every step.
    const run = await runCli(['run', join(dir, 'hostile.md'), '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir, input: `${value}\n\n${'y\n'.repeat(10)}` });
    expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(0);

    expect(readdirSync(pwn)).toEqual([]);
    expect(existsSync(victim)).toBe(true);
    expect(readFileSync(join(out, 'value.txt'), 'utf8')).toBe(value);
    expect(readFileSync(join(out, 'multiline.txt'), 'utf8')).toBe('first line\n$(touch "$PWN_DIR/from-newline")`touch "$PWN_DIR/from-newline-tick"`');
    expect(readOutput(journal, 'quoted')).toEqual([`value is: ${value}`]);
    // SQL: the value comes back as itself, and the table it tried to drop is still there.
    const sql = readOutput(journal, 'bound').join('\n');
    expect(sql).toContain(value);
    expect(sql).toMatch(/sentinels\n-+\n1\b/);
    const check = new Database(join(dir, 'ledger.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM sentinel').get()).toEqual({ n: 1 });
    check.close();
  });
});
