// Creating and opening journal files: private modes, format checks, one-line errors.

import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { removeAnchor, writeAnchor } from './anchor';
import { createPrivateFile, takeClaim } from './claim';
import { FORMAT_NAME, FORMAT_VERSION, GENESIS_HASH, applyWriterPragmas, initializeSchema } from './format';
import { JournalError, errorMessage } from './errors';

/** A new journal in path: a file this process claimed for it (claim.ts), else one it creates; never a file already there. */
export function createJournalFile(path: string, createdAt: string): Database.Database {
  if (!takeClaim(path)) createEmptyFile(path);
  let db: Database.Database | undefined;
  try {
    // The anchor first: a journal that says it is anchored never stands without one.
    writeAnchor(path, { events: 0, head: GENESIS_HASH });
    db = new Database(path, { fileMustExist: true });
    applyWriterPragmas(db);
    initializeSchema(db, createdAt);
    return db;
  } catch (error) {
    db?.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    removeAnchor(path);
    throw new JournalError('write-failed', path, `cannot create the journal: ${errorMessage(error)}`);
  }
}

function createEmptyFile(path: string): void {
  try {
    createPrivateParents(path);
  } catch (error) {
    throw new JournalError('write-failed', path, `cannot create the journal: ${errorMessage(error)}`);
  }
  // Created here, not by SQLite, so it is 0600 from its first byte; never over a file already there.
  if (!createPrivateFile(path)) throw new JournalError('exists', path, 'a file is already there; refusing to overwrite it');
}

export interface OpenedFile {
  db: Database.Database;
  /** Called once the connection is closed: removes a private copy, if one was read. */
  release(): void;
}

/**
 * Why a path is no journal file before SQLite opens it: of a directory SQLite would say
 * "disk I/O error"; a named pipe (`show <(ssh bastion cat run.runbook.sqlite)`) it would
 * wait on for a writer, forever.
 */
function notAJournalFile(path: string): string | null {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return null; // missing: SQLite says so
  }
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'is a directory, not a journal';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a journal';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a journal';
  if (stats.isSocket()) return 'is a socket, not a journal';
  return 'is not a regular file, not a journal';
}

/** `copyIfNeeded`: a reader that only looks once (show, verify, report) may read a copy; a follower may not. */
export function openJournalFile(path: string, readonly: boolean, copyIfNeeded = readonly): OpenedFile {
  const kind = notAJournalFile(path);
  if (kind !== null) throw new JournalError('unreadable', path, kind);
  try {
    return { db: openAt(path, path, readonly), release: () => undefined };
  } catch (error) {
    // A journal on read-only media (an archive, a read-only mount): SQLite cannot make the
    // -shm file a WAL reader needs beside it. Its bytes are all there: read a private copy.
    const code = error instanceof JournalError ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
    if (!readonly || !copyIfNeeded || code !== 'SQLITE_CANTOPEN') throw error;
    return openCopy(path);
  }
}

function openAt(file: string, path: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: true });
  } catch (error) {
    throw new JournalError('unreadable', path, `cannot open the journal: ${errorMessage(error)}`, error);
  }
  try {
    checkFormat(db, path);
    if (readonly) db.pragma('busy_timeout = 5000');
    else applyWriterPragmas(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof JournalError) throw error;
    throw new JournalError('unreadable', path, `cannot read the journal: ${errorMessage(error)}`, error);
  }
}

/** The journal and its write-ahead log copied to a private temp directory, read there. */
function openCopy(path: string): OpenedFile {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-journal-'));
  const release = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, 'journal.sqlite');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    return { db: openAt(copy, path, true), release };
  } catch (error) {
    release();
    if (error instanceof JournalError) throw error;
    throw new JournalError('unreadable', path, `cannot read the journal: ${errorMessage(error)}`);
  }
}

function checkFormat(db: Database.Database, path: string): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new JournalError('not-a-journal', path, 'not a runbook journal (not an SQLite database)');
    }
    throw error;
  }
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  const format = hasMeta
    ? (db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined)?.value
    : undefined;
  if (format !== FORMAT_NAME) {
    // No table at all: empty, as a run killed between claiming its journal's name and writing
    // its first event leaves the file (claim.ts). Said as what it is, not as a stranger.
    const empty = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0;
    throw new JournalError('not-a-journal', path, empty ? 'not a runbook journal (empty: what a run leaves when it stops before recording anything)' : 'not a runbook journal (an SQLite database without its tables)');
  }
  if (version > FORMAT_VERSION) {
    throw new JournalError('newer-format', path, `written by a newer runbook (journal format ${version}; this one reads ${FORMAT_VERSION})`);
  }
  if (version < 1) throw new JournalError('not-a-journal', path, 'not a runbook journal (no format version)');
  // A table dropped by hand would surface later as an SQLite error in the middle of a command.
  for (const table of REQUIRED_TABLES) {
    if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) === undefined) {
      throw new JournalError('not-a-journal', path, `not a runbook journal (its ${table} table is missing)`);
    }
  }
}

/** The tables every command reads (meta is checked above, lock only by a driver). */
const REQUIRED_TABLES = ['events', 'output'];

/** Creates the missing directories above a new journal, each 0700 whatever the umask. */
function createPrivateParents(path: string): void {
  const dir = resolve(dirname(path));
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    chmodSync(d, 0o700);
    if (d === first || d === dirname(d)) break;
  }
}
