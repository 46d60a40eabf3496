// A runbook run to its end through the real CLI in --plain (its one prompt answered y), in a
// directory of its own; and every place a secret could be written after it: the journal
// file's bytes, `show --json` and the report.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { journalBytes } from '../faults/support/journal-file';
import { cliEnv, runCli, tempDir } from './cli';

export interface RunToEnd {
  dir: string;
  journal: string;
  env: Record<string, string>;
  /** What the operator saw. */
  stdout: string;
}

/** `files`: the runbook first, then what its steps read; `env`: beside the CLI's own. */
export async function runToEnd(prefix: string, files: Record<string, string>, env: Record<string, string> = {}): Promise<RunToEnd> {
  const dir = tempDir(prefix);
  const journal = join(dir, 'run.runbook.sqlite');
  mkdirSync(join(dir, 'home'));
  const cli = cliEnv(join(dir, 'home'), env);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const runbook = Object.keys(files)[0] ?? '';
  const run = await runCli(['run', runbook, '--plain', '--journal', journal, '--operator', 'ana'], { env: cli, cwd: dir, input: 'y\n' });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { dir, journal, env: cli, stdout: run.stdout };
}

/** The journal file's bytes, `show --json` and the report of the run. */
export async function writtenEverywhere(run: RunToEnd): Promise<string[]> {
  const shown = await runCli(['show', run.journal, '--json'], { env: run.env, cwd: run.dir });
  const report = await runCli(['report', run.journal], { env: run.env, cwd: run.dir });
  return [journalBytes(run.journal).toString('latin1'), shown.stdout, report.stdout];
}
