// The run engine end to end through the real CLI in --plain: real bash, the real
// PostgreSQL server, a real SQLite file, real journals on disk.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir, waitFor } from '../helpers/cli';

const FIXTURES = new URL('../fixtures/engine/', import.meta.url).pathname;

interface ShownStep {
  id: string;
  status: string;
  outputLines: number;
  exitCode: number | null;
  expectation: { text: string; result: string } | null;
}

function setUp(fixture: string): { dir: string; file: string; journal: string; env: Record<string, string> } {
  const dir = tempDir('runbook-engine-');
  const file = join(dir, fixture);
  copyFileSync(join(FIXTURES, fixture), file);
  const work = join(dir, 'work');
  mkdirSync(work);
  return { dir, file, journal: join(dir, 'run.sqlite'), env: cliEnv(dir, { WORK_DIR: work }) };
}

async function show(journal: string, env: Record<string, string>): Promise<{ state: string; steps: ShownStep[]; chain: { valid: boolean } }> {
  const result = await runCli(['show', journal, '--json'], { env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

function byId(steps: ShownStep[], suffix: string): ShownStep {
  const step = steps.find((s) => s.id === suffix || s.id.endsWith(`/${suffix}`) || s.id.includes(suffix));
  if (!step) throw new Error(`no step ${suffix} in ${steps.map((s) => s.id).join(', ')}`);
  return step;
}

describe('a whole run in --plain', () => {
  let run: ReturnType<typeof setUp>;
  let stdout = '';

  beforeAll(async () => {
    run = setUp('engine.md');
    const db = new Database(join(run.dir, 'engine.db'));
    db.exec('CREATE TABLE items (id INTEGER); INSERT INTO items VALUES (1), (2), (3);');
    db.close();
    const result = await runCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'tester'], {
      env: run.env,
      input: 'y\nrel-1\ny\ny\ny\ny\ny\n',
    });
    stdout = result.stdout;
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('runs shell, PostgreSQL, SQLite, manual and input steps, and records each one', async () => {
    const shown = await show(run.journal, run.env);
    expect(shown.state).toBe('completed');
    expect(shown.chain.valid).toBe(true);
    expect(shown.steps.map((s) => s.status)).toEqual(['passed', 'done', 'passed', 'passed', 'passed', 'passed', 'passed']);
    expect(byId(shown.steps, 'pg-check')).toMatchObject({ expectation: { text: '1 row', result: 'passed' } });
    expect(byId(shown.steps, 'sqlite-count')).toMatchObject({ expectation: { text: '3', result: 'passed' } });
    expect(byId(shown.steps, 'sqlite-count').outputLines).toBeGreaterThan(0);
    expect(byId(shown.steps, 'final')).toMatchObject({ exitCode: 0, outputLines: 1 });
  });

  it('carries cd and export from one step into the next', async () => {
    const shown = await show(run.journal, run.env);
    const pwd = shown.steps[3];
    expect(pwd).toMatchObject({ status: 'passed', outputLines: 2, expectation: { result: 'passed' } });
    expect(stdout).toContain(`${run.dir}/work\nmark=ok-rel-1`);
  });

  it('binds an input into SQL as a parameter and into shell as a variable', () => {
    expect(stdout).toMatch(/1\s+\| rel-1/);
    expect(stdout).toContain('done with rel-1');
  });

  it('lists the run, and verify passes', async () => {
    const list = await runCli(['list', '--json'], { env: run.env });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ journal: run.journal, state: 'completed', operator: 'tester' })]);
    const verify = await runCli(['verify', run.journal], { env: run.env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^chain valid: \d+ events/);
  });

  it('names the event when one byte of a payload or an output chunk changes', async () => {
    for (const tamper of [
      "UPDATE events SET payload = replace(payload, 'rel-1', 'rel-2') WHERE type = 'input.given'",
      "UPDATE output SET text = replace(text, 'mark=ok-rel-1', 'mark=ok-rel-2') WHERE text LIKE '%mark=ok-rel-1%'",
    ]) {
      const copy = join(run.dir, `tampered-${Math.random().toString(36).slice(2)}.sqlite`);
      copyFileSync(run.journal, copy);
      const db = new Database(copy);
      const changed = db.prepare(tamper).run().changes;
      const seq = tamper.includes('output')
        ? (db.prepare("SELECT seq FROM events WHERE type = 'output' AND payload LIKE '%pwd%'").get() as { seq: number } | undefined)?.seq
        : (db.prepare("SELECT seq FROM events WHERE type = 'input.given'").get() as { seq: number }).seq;
      db.close();
      expect(changed).toBe(1);
      const verify = await runCli(['verify', copy], { env: run.env });
      expect(verify.code).toBe(1);
      expect(verify.stdout).toMatch(new RegExp(`chain BROKEN at event ${seq ?? '\\d+'}:`));
    }
  });
});

describe('a crash in the middle of a step that prints continuously', () => {
  it('leaves the step interrupted, every committed line in the journal, the chain valid, and resume continuing', async () => {
    const run = setUp('stream.md');
    const child = startCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'tester'], { env: run.env });
    child.stdout?.resume();
    child.stdin?.write('y\n');
    const lines = await waitFor(() => {
      if (!existsSync(run.journal)) return false;
      const db = new Database(run.journal, { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare("SELECT COALESCE(SUM(json_extract(payload, '$.lines')), 0) AS n FROM events WHERE type = 'output'").get() as { n: number };
        return row.n > 5000 ? row.n : false;
      } catch {
        return false; // still being created
      } finally {
        db.close();
      }
    }, 'the flood to reach the journal');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const shown = await show(run.journal, run.env);
    const flood = byId(shown.steps, 'flood');
    expect(flood.status).toBe('interrupted');
    expect(flood.outputLines).toBeGreaterThanOrEqual(lines);
    // Every committed line is there, in order, with no gap.
    const db = new Database(run.journal, { readonly: true });
    const text = (db.prepare("SELECT text FROM output WHERE step = ? ORDER BY id").all(flood.id) as { text: string }[]).map((r) => r.text).join('\n');
    db.close();
    const numbers = text.split('\n').map((l) => Number(l.replace('line ', '')));
    expect(numbers.length).toBe(flood.outputLines);
    numbers.forEach((n, i) => expect(n).toBe(i + 1));
    const verified = await runCli(['verify', run.journal], { env: run.env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const resumed = await runCli(['resume', run.journal, '--plain'], { env: run.env, input: 'n\ny\n' });
    // The interrupted step was marked failed, so the run ends with exit 1 (a check failed).
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(resumed.stdout).toContain('it is INTERRUPTED, not done');
    expect(resumed.stdout).toContain('after the flood');
    const after = await show(run.journal, run.env);
    expect(after.state).toBe('completed_with_failures');
    expect(byId(after.steps, 'flood').status).toBe('failed');
    expect(byId(after.steps, 'after').status).toBe('passed');
    expect((await runCli(['verify', run.journal], { env: run.env })).code).toBe(0);
  });
});

describe('secrets', () => {
  it('never writes a secret input, a PGPASSWORD or a URL password to the journal, show or report', async () => {
    const run = setUp('secrets.md');
    const result = await runCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'tester'], { env: run.env, input: 's3cr3t-Value-99\ny\n' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('the password is [REDACTED]'.slice(0, 16));
    const files = [run.journal, `${run.journal}-wal`].filter((f) => existsSync(f));
    const shown = (await runCli(['show', run.journal, '--json'], { env: run.env })).stdout;
    const report = (await runCli(['report', run.journal], { env: run.env })).stdout;
    for (const secret of ['s3cr3t-Value-99', 'plain-text-pg-secret-42', 'url-secret-pass-77']) {
      for (const f of files) expect(readFileSync(f).includes(secret), `${secret} in ${f}`).toBe(false);
      expect(shown).not.toContain(secret);
      expect(report).not.toContain(secret);
    }
    expect(report).toContain('[REDACTED]');
  });
});

describe('stopping a step', () => {
  it('Ctrl-C stops the step and its grandchildren, and the run goes on', async () => {
    const run = setUp('stop.md');
    const child = startCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'tester'], { env: run.env });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stdin?.write('y\n');
    const pgrep = () => {
      try {
        return execFileSync('pgrep', ['-f', '^sleep 987.654'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    const spawned = await waitFor(() => (pgrep().length >= 2 ? pgrep() : false), 'both grandchildren to start');
    expect(spawned).toHaveLength(2);
    child.kill('SIGINT');
    await waitFor(() => out.includes('Step failed'), 'the runner to report the stopped step');
    expect(pgrep()).toEqual([]);
    child.stdin?.end('y\ny\n');
    const code = await new Promise((r) => child.on('close', r));
    // The stopped step counts as failed, so the finished run exits 1.
    expect(code).toBe(1);
    const shown = await show(run.journal, run.env);
    expect(byId(shown.steps, 'spawner').status).toBe('failed');
    expect(byId(shown.steps, 'next').status).toBe('passed');
  });
});

describe('one driver at a time', () => {
  it('refuses a second driver and names the holder', async () => {
    const run = setUp('stop.md');
    const first = startCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'ana'], { env: run.env });
    let out = '';
    first.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    await waitFor(() => out.includes('Run: [y] run'), 'the first driver to wait at its prompt');
    const second = await runCli(['resume', run.journal, '--plain', '--operator', 'bo'], { env: run.env });
    expect(second.code).toBe(2);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain('ana');
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(second.stderr).toContain('runbook watch');
    first.stdin?.end('q\n');
    expect(await new Promise((r) => first.on('close', r))).toBe(0);
  });

  it('without a terminal, run stops at once with a hint to use --plain', async () => {
    const run = setUp('stop.md');
    const result = await runCli(['run', run.file], { env: run.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--plain/);
    expect(existsSync(run.journal)).toBe(false);
  });
});
