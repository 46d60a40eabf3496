// `report --output` never writes over the run's record: the journal itself, the files that
// go with it, or another database. Before, `report run.sqlite --output run.sqlite` replaced
// the journal with its own report (exit 0), and verify then found no journal at all.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, copyFileSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { recordRun } from '../helpers/tamper';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('report --output', () => {
  it('refuses the journal, its anchor, its -wal and -shm files and another database, in one line, and leaves each as it was', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    const other = join(run.dir, 'other.runbook.sqlite');
    copyFileSync(run.journal, other);
    const cases: Array<[string, string]> = [
      ['run.runbook.sqlite', 'is the run journal'],
      [run.journal, 'is the run journal'],
      ['run.runbook.sqlite.anchor', 'is part of the run journal (.anchor)'],
      ['run.runbook.sqlite-wal', 'is part of the run journal (-wal)'],
      ['run.runbook.sqlite-shm', 'is part of the run journal (-shm)'],
      ['other.runbook.sqlite', 'is an SQLite database (a run journal?)'],
    ];
    const before = [run.journal, `${run.journal}.anchor`, other].map((f) => digest(f));
    for (const [output, why] of cases) {
      const result = await runCli(['report', 'run.runbook.sqlite', '--output', output], { env: run.env, cwd: run.dir });
      expect(result.code, output).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`runbook: ${output}: ${why}: report will not write over it; choose another --output`]);
    }
    expect([run.journal, `${run.journal}.anchor`, other].map((f) => digest(f))).toEqual(before);
    const verify = await runCli(['verify', 'run.runbook.sqlite'], { env: run.env, cwd: run.dir });
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('still writes a report beside the journal', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'evidence.md'], { env: run.env, cwd: run.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(run.dir, 'evidence.md'), 'utf8')).toMatch(/^# /);
  });

  // Before, the report was renamed over whatever --output named: a symlink became a
  // regular file (the file it pointed at kept the old report), and `--output /dev/stdout`
  // run as root replaced the system's /dev/stdout with a regular file.
  it('writes through a symlink to the file it points at, and keeps the link', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    mkdirSync(join(run.dir, 'tickets'));
    const target = join(run.dir, 'tickets', 'CHG-42.md');
    writeFileSync(target, 'old report\n');
    symlinkSync(target, join(run.dir, 'evidence.md'));
    const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'evidence.md'], { env: run.env, cwd: run.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(join(run.dir, 'evidence.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(run.dir, 'evidence.md'))).toBe(target);
    expect(readFileSync(target, 'utf8')).toMatch(/^# /);
  });

  it('writes into a FIFO or a device as it is, never replacing it with a file', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    const fifo = join(run.dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader is open first (non-blocking), so the report's writer never waits for one.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const devNull = join(run.dir, 'discard.md');
    symlinkSync('/dev/null', devNull);
    try {
      const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'report.fifo'], { env: run.env, cwd: run.dir });
      expect(result.code, result.stderr).toBe(0);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      const got = Buffer.alloc(1 << 16);
      expect(got.toString('utf8', 0, readSync(reader, got))).toMatch(/^# /);
      const toNull = await runCli(['report', 'run.runbook.sqlite', '--output', 'discard.md'], { env: run.env, cwd: run.dir });
      expect(toNull.code, toNull.stderr).toBe(0);
      expect(readlinkSync(devNull)).toBe('/dev/null');
      expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    } finally {
      closeSync(reader);
    }
  });

  it('refuses the journal\'s anchor named through a symlink', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    symlinkSync(`${run.journal}.anchor`, join(run.dir, 'evidence.md'));
    const before = digest(`${run.journal}.anchor`);
    const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'evidence.md'], { env: run.env, cwd: run.dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['runbook: evidence.md: is part of the run journal (.anchor): report will not write over it; choose another --output']);
    expect(digest(`${run.journal}.anchor`)).toBe(before);
  });
});

describe('report --output after a report killed mid-write', () => {
  it('removes the temp file the killed report left beside the target, and keeps one a live writer holds', async () => {
    const run = await recordRun('runbook-report-output-', 'stopAfterFailure');
    // What kill -9 between the temp file and its rename leaves: `.evidence.md.PID.tmp`, PID gone.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = join(run.dir, `.evidence.md.${gone}.tmp`);
    const live = join(run.dir, `.evidence.md.${process.pid}.tmp`);
    const unrelated = join(run.dir, `.other.md.${gone}.tmp`);
    for (const f of [stale, live, unrelated]) writeFileSync(f, '# half a report');
    const result = await runCli(['report', 'run.runbook.sqlite', '--output', 'evidence.md'], { env: run.env, cwd: run.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(run.dir, 'evidence.md'), 'utf8')).toContain('## Journal chain');
    expect(readdirSync(run.dir).filter((f) => f.endsWith('.tmp')).sort()).toEqual([`.evidence.md.${process.pid}.tmp`, `.other.md.${gone}.tmp`]);
  });
});
