// `runbook report JOURNAL [--format md|json] [--output FILE]`: the evidence for the change
// ticket, from the journal alone. --output writes the file atomically (temp + rename), 0600.

import { closeSync, fsyncSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors';
import type { CommandContext } from './context';
import { openRecordedRun } from '../controller';
import { buildReport } from '../report/build';
import { gatherReport } from '../report/gather';
import { renderJson } from '../report/json';
import { renderMarkdown } from '../report/markdown';
import { terminalJson, visible } from '../run/terminal-text';
import { recordedSource } from './store-read';
import { processExists } from '../journal/process-alive';
import { damageWarning } from './journal-damage';

export type ReportFormat = 'md' | 'json';

/** `--format` as given (default md); anything else is a usage error. */
export function reportFormat(value: string | undefined): ReportFormat {
  if (value === undefined || value === 'md') return 'md';
  if (value === 'json') return 'json';
  throw new UsageError(`--format must be md or json, not "${value}"`, 'report');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * The file --output really names: the one a symlink points at (renaming over the link would
 * replace the link, and leave the file it points at with the old report).
 */
export function outputFile(path: string): string {
  return statOrNull(path)?.isFile() ? realpathSync(path) : path;
}

/** `.evidence.md.4242.tmp`: the temp file of the writer with pid 4242. */
const tempName = (base: string, pid: number) => `.${base}.${pid}.tmp`;

/**
 * Temp files of this target whose writer is gone (killed between writing and renaming, as
 * kill -9 does): removed, so they do not pile up beside the evidence. A live writer's stays.
 */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || name !== tempName(base, pid) || pid === process.pid || processExists(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

/** Writes next to the target and renames over it, so a reader never sees half a report. */
export function writeFileAtomic(given: string, text: string): void {
  const stat = statOrNull(given);
  if (stat?.isDirectory()) throw new InputError(given, null, 'is a directory');
  if (stat !== null && !stat.isFile()) {
    // A FIFO or a device (/dev/stdout, /dev/null) is written into: a file renamed over it
    // would replace the node itself — as root, the system's /dev/stdout.
    try {
      writeFileSync(given, text);
    } catch (error) {
      throw new InputError(given, null, `cannot write (${errorCode(error)})`);
    }
    return;
  }
  const path = outputFile(given);
  removeStaleTemps(dirname(path), basename(path));
  const temp = join(dirname(path), tempName(basename(path), process.pid));
  let fd: number;
  try {
    rmSync(temp, { force: true });
    fd = openSync(temp, 'wx', 0o600);
  } catch (error) {
    const code = errorCode(error);
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' ? 'permission denied' : `cannot write (${code})`;
    throw new InputError(given, null, why);
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw new InputError(given, null, `cannot write (${errorCode(error)})`);
  }
}

/** What every SQLite database file begins with: a journal, or any other database. */
const SQLITE_HEADER = 'SQLite format 3\0';

function startsLikeSqlite(path: string): boolean {
  let fd: number;
  try {
    // Only a regular file is read: opening a FIFO would wait for a writer. A directory is
    // no database either (writeFileAtomic says what it is).
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * `--output` naming the journal (or its -wal, -shm or .anchor file, or any other database)
 * would replace the run's record with its report: `report run.sqlite --output run.sqlite`
 * is a slip of the hand, and the record is what the report stands on.
 */
function refuseRecordAsOutput(given: string, output: string, journal: string | null): void {
  const part = journal === null ? undefined : ['', '-wal', '-shm', '-journal', '.anchor'].find((suffix) => output === `${journal}${suffix}`);
  if (part !== undefined) throw new InputError(given, null, `is ${part === '' ? 'the run journal' : `part of the run journal (${part})`}: report will not write over it; choose another --output`);
  if (startsLikeSqlite(output)) throw new InputError(given, null, 'is an SQLite database (a run journal?): report will not write over it; choose another --output');
}

export async function reportCommand(ctx: CommandContext, args: { journal: string; format: ReportFormat; output: string | undefined; store?: string | undefined }): Promise<number> {
  // Checked before any work: a refused --output costs the operator nothing.
  if (args.output !== undefined) refuseRecordAsOutput(args.output, outputFile(resolve(ctx.cwd, args.output)), args.store === undefined ? outputFile(resolve(ctx.cwd, args.journal)) : null);
  const source = await recordedSource(ctx, args, 'report');
  let text: string;
  let warning: string | null;
  try {
    const run = openRecordedRun(source.path, ctx.cwd, source.driver);
    try {
      const sources = await gatherReport(source.label === null ? run : { ...run, path: source.label }, new Date());
      const storage = run.verifyStorage();
      const report = buildReport(sources);
      warning = damageWarning(args, sources.chain, storage);
      text = args.format === 'json' ? renderJson(report) : renderMarkdown(report, storage);
    } finally {
      run.close();
    }
  } finally {
    source.dispose();
  }
  // Evidence from a damaged journal: said where the operator looks, whatever the form and wherever it goes.
  if (warning !== null) ctx.stderr(warning);
  if (args.output === undefined) {
    // On stdout the report meets a terminal: nothing in it is obeyed. A file keeps the text.
    ctx.stdout(args.format === 'json' ? terminalJson(text) : visible(text));
    return 0;
  }
  const path = resolve(ctx.cwd, args.output);
  writeFileAtomic(path, text);
  ctx.stderr(`report written to ${args.output}\n`);
  return 0;
}
