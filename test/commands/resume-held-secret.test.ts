// resume with the runbook file gone goes on with the journal's copy of the runbook, and that
// copy is redacted: where the file had a secret, it has `[REDACTED]`. Before, a step holding
// one ran as written: those ten letters went where the password was (written into a file
// here; set as a database password by `ALTER USER … PASSWORD`). Now such a command runs only
// once edited, on --plain as on the screen. The real CLI, a real shell, a real journal.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resume with the runbook file gone, a step whose command held a secret', () => {
  it('does not run [REDACTED] as written; an edit puts the secret back and runs', async () => {
    dir = tempDir('rb-held-');
    const file = join(dir, 'h.md');
    const conn = join(dir, 'conn.txt');
    writeFileSync(file, ['# H', '', '## P', '', '```bash', '[ ] echo first', `[ ] echo "postgres://app:S3cretPass99@db/app" > ${conn}`, '```', ''].join('\n'));
    const journal = join(dir, 'j.sqlite');
    const env = cliEnv(dir, { COLUMNS: '200' });
    const run = await runCli(['run', file, '--plain', '--operator', 't', '--journal', journal], { env, cwd: dir, input: 'y\nq\n' });
    expect(run.stdout, run.stderr).toContain('Run paused');
    rmSync(file);
    // No parsed copy of the file either (another host, a cache evicted): only the journal's.
    const later = { ...env, RUNBOOK_NO_CACHE: '1' };

    const refused = await runCli(['resume', journal, '--plain'], { env: later, cwd: dir, input: 'y\nq\n' });
    expect(refused.stdout).toContain('The runbook file is gone');
    expect(refused.stdout).toContain('! The command still holds [REDACTED]');
    expect(refused.stdout).toContain('! Not run: it holds [REDACTED] where a secret was: edit the secret in (e) first.');
    expect(existsSync(conn)).toBe(false);
    expect(readEvents(journal).filter((e) => e.type === 'step.started')).toHaveLength(1);

    const edited = await runCli(['resume', journal, '--plain'], { env: later, cwd: dir, input: `e\necho "postgres://app:S3cretPass99@db/app" > ${conn}\ny\n` });
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('Run completed');
    expect(readFileSync(conn, 'utf8')).toBe('postgres://app:S3cretPass99@db/app\n');
  });
});
