// A real run recorded through the CLI, then edited behind runbook's back as someone with
// write access to the file would: straight SQL on the SQLite file, re-hashing where an
// attacker who knows the format would.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../source/journal/format';
import { cliEnv, runCli, tempDir } from './cli';

const FIXTURE = new URL('../reliability/fixtures/tamper.md', import.meta.url).pathname;

export interface RecordedRun {
  dir: string;
  file: string;
  journal: string;
  env: Record<string, string>;
}

/**
 * `stopAfterFailure`: the operator stops at the failed second step (events end with its
 * step.finished and run.paused); otherwise the run goes on to the end and is signed off.
 */
export async function recordRun(prefix: string, how: 'stopAfterFailure' | 'signed'): Promise<RecordedRun> {
  const dir = tempDir(prefix);
  const file = join(dir, 'tamper.md');
  copyFileSync(FIXTURE, file);
  mkdirSync(join(dir, 'home'));
  const run = { dir, file, journal: join(dir, 'run.runbook.sqlite'), env: cliEnv(join(dir, 'home')) };
  const input = how === 'stopAfterFailure' ? 'y\ny\nq\n' : 'y\ny\ny\ny\ny\n';
  const result = await runCli(['run', file, '--plain', '--journal', run.journal, '--operator', 'ana'], { env: run.env, cwd: dir, input });
  expect(result.code, result.stdout.slice(-2000) + result.stderr).toBe(how === 'stopAfterFailure' ? 0 : 1);
  return run;
}

export interface Row {
  seq: number;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export function rows(journal: string): Row[] {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, at, type, payload, prev_hash, hash FROM events ORDER BY seq').all() as Row[];
  } finally {
    db.close();
  }
}

/** How many processes the journal's lock table names (0: nobody drives it). */
export function lockHolders(journal: string): number {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM lock').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export function sql(journal: string, statement: string, ...params: unknown[]): void {
  const db = new Database(journal, { fileMustExist: true });
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

/** Replaces every event with `kept`, renumbered 1… and re-hashed into a chain that verifies. */
export function rechain(journal: string, kept: Pick<Row, 'at' | 'type' | 'payload'>[]): void {
  const db = new Database(journal, { fileMustExist: true });
  try {
    db.transaction(() => {
      db.prepare('DELETE FROM events').run();
      const insert = db.prepare('INSERT INTO events (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
      let prev = GENESIS_HASH;
      kept.forEach((e, i) => {
        const hash = eventHash(prev, i + 1, e.at, e.type, e.payload);
        insert.run(i + 1, e.at, e.type, e.payload, prev, hash);
        prev = hash;
      });
    })();
  } finally {
    db.close();
  }
}

/** The seq of the first event of this type (and step, if given). */
export function seqOf(journal: string, type: string, step?: string): number {
  const row = rows(journal).find((r) => r.type === type && (step === undefined || (JSON.parse(r.payload) as { step?: string }).step === step));
  if (row === undefined) throw new Error(`no ${type} event${step ? ` of ${step}` : ''}`);
  return row.seq;
}

/** Every line of a CLI run's stderr and stdout, for "one line, no stack trace" checks. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

export async function cli(run: RecordedRun, ...args: string[]) {
  return runCli(args, { env: run.env, cwd: run.dir });
}
