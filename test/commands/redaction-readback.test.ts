// Redaction must never rewrite what the run reads back from its own journal. Before: a
// credential from the environment that was also a word of a step (MYSQL_PWD=root and
// `mysql -u root`) cut the step's id apart in the journal, so the run skipped that step
// unseen as "no longer in the runbook"; a secret input that was a word of a later step made
// that step run again and again; one `-----BEGIN PRIVATE KEY-----` line with no END in a
// step's output blanked every later string of the journal, the working directory too; a
// line over 1 MB was cut for the journal before redaction, so a password across the cut was
// written in clear. The real CLI, a real shell, a real journal (read with SQLite).

import Database from 'better-sqlite3';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every event's type and payload text, and every output row's step and text. */
function journalText(path: string): { events: string[]; output: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const events = (db.prepare('SELECT type, payload FROM events ORDER BY seq').all() as { type: string; payload: string }[]).map((e) => `${e.type} ${e.payload}`);
    const output = (db.prepare('SELECT step, text FROM output ORDER BY rowid').all() as { step: string; text: string }[]).map((o) => `${o.step} ${o.text}`);
    return { events, output };
  } finally {
    db.close();
  }
}

const fence = (...lines: string[]): string => ['```bash', ...lines, '```'].join('\n');

describe('redaction and what the run reads back', () => {
  it('runs a step whose words hold a credential from the environment, in a directory named like it', async () => {
    dir = tempDir('rb-readback-');
    const work = join(dir, 'root');
    mkdirSync(work);
    writeFileSync(join(work, 'm.md'), ['# M', '', '## P', '', fence('[ ] echo mysql -u root -e show', '[ ] pwd'), ''].join('\n'));
    const env = { ...cliEnv(dir), MYSQL_PWD: 'root' };
    const journal = join(dir, 'j.runbook.sqlite');
    const run = await runCli(['run', 'm.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: work, input: 'y\ny\n' });
    expect(run.stdout, run.stderr).toContain('── P · step 1/2 · shell');
    expect(run.stdout).toContain('\nmysql -u root -e show\n');
    expect(run.stdout).toContain(`\n${work}\n`);
    expect(run.stdout).toContain('Run completed: 2 passed');
    const { events } = journalText(journal);
    expect(events.join('\n')).not.toContain('step.skipped');
    expect(events.find((e) => e.startsWith('step.finished'))).toContain('"step":"p/echo-mysql-u-root-e-show"');
    // The credential is still cut out of what the step printed.
    expect(journalText(journal).output.join('\n')).toContain('mysql -u [REDACTED] -e show');
  });

  it('goes on past a step whose words hold a secret input typed earlier', async () => {
    dir = tempDir('rb-readback-');
    const runbook = ['---', 'inputs:', '  svc_token: { prompt: Service token, secret: true }', '---', '# Sid', '', '## P', '', fence('[ ] echo restarting appserver now', '[ ] echo done'), ''].join('\n');
    writeFileSync(join(dir, 's.md'), runbook);
    const journal = join(dir, 'j.runbook.sqlite');
    const run = await runCli(['run', 's.md', '--plain', '--operator', 'ana', '--journal', journal], { env: cliEnv(dir), cwd: dir, input: 'appserver\ny\ny\n' });
    expect(run.stdout, run.stderr).toContain('Run completed: 1 done, 2 passed');
    expect(run.stdout.split('$ echo restarting appserver now').length - 1).toBe(1);
    const { events, output } = journalText(journal);
    const finished = events.filter((e) => e.startsWith('step.finished'));
    expect(finished).toHaveLength(2);
    // The step's id, in its events and in its output rows, is the one the runbook gives it.
    expect(finished[0]).toContain('"step":"p/echo-restarting-appserver-now"');
    expect(output.some((o) => o.startsWith('p/echo-restarting-appserver-now '))).toBe(true);
    // What it printed holds the secret: redacted there.
    expect(output.join('\n')).toContain('restarting [REDACTED] now');
  });

  it('ends a private key that never ends with its body, and with its step', async () => {
    dir = tempDir('rb-readback-');
    writeFileSync(join(dir, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n');
    writeFileSync(join(dir, 'c.md'), ['# Key', '', '## P', '', fence('[ ] head -2 key.pem; echo "status: still here"', '[ ] echo visible', '[ ] pwd'), ''].join('\n'));
    const env = cliEnv(dir);
    const journal = join(dir, 'j.runbook.sqlite');
    const first = await runCli(['run', 'c.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'y\nq\n' });
    expect(first.stdout, first.stderr).toContain('Run paused');
    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'y\ny\n' });
    expect(resumed.stdout, resumed.stderr).toContain('Run completed: 3 passed');
    expect(resumed.stdout).toContain(`\n${dir}\n`);
    const { events, output } = journalText(journal);
    expect(output).toContain('p/head-2-key-pem-echo-status-still-here -----BEGIN PRIVATE KEY-----\n[REDACTED]\nstatus: still here');
    expect(output).toContain('p/echo-visible visible');
    expect(output.join('\n')).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(events.find((e) => e.startsWith('run.started'))).toContain(`"cwd":${JSON.stringify(dir)}`);
    const report = await runCli(['report', journal], { env, cwd: dir });
    expect(report.stdout).not.toContain('changed it after the run began');
  });

  it('cuts a line over 1 MB where no password is cut in two', async () => {
    dir = tempDir('rb-readback-');
    const script = join(dir, 'state.py');
    // One line of about 5 MB, as `terraform show -json` prints: a password in every record.
    writeFileSync(script, "import json\nprint(json.dumps({'resources': [{'name': 'db%d' % i, 'values': {'password': 'TfStatePw%06dQQ' % i, 'pad': 'xx'}} for i in range(100000)]}))\n");
    writeFileSync(join(dir, 'tf.md'), ['# TF', '', '## P', '', fence('[ ] python3 state.py'), ''].join('\n'));
    const journal = join(dir, 'j.runbook.sqlite');
    const run = await runCli(['run', 'tf.md', '--plain', '--operator', 'ana', '--journal', journal], { env: cliEnv(dir), cwd: dir, input: 'y\n' });
    expect(run.stdout, run.stderr).toContain('Run completed: 1 passed');
    const { output } = journalText(journal);
    const text = output.join('\n');
    expect(text).toContain('"password": "[REDACTED]"');
    expect(text).not.toMatch(/TfStatePw|Pw\d{6}QQ|\d{4}QQ"/);
  }, 60_000);

  it('refuses to resume a journal whose tables are gone, in one line naming it', async () => {
    dir = tempDir('rb-readback-');
    writeFileSync(join(dir, 'e.md'), ['# E', '', '## P', '', fence('[ ] echo one', '[ ] echo two'), ''].join('\n'));
    const env = cliEnv(dir);
    const journal = join(dir, 'j.runbook.sqlite');
    await runCli(['run', 'e.md', '--plain', '--operator', 'ana', '--journal', journal], { env, cwd: dir, input: 'y\nq\n' });
    const db = new Database(journal);
    db.exec('DROP TABLE events');
    db.close();
    const resumed = await runCli(['resume', journal, '--plain'], { env, cwd: dir, input: 'y\n' });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/^runbook: .*j\.runbook\.sqlite: not a runbook journal \(its events table is missing\)\n$/);
  });
});
