// Where journals live, what they are called, and whether a new one can be written.

import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const JOURNAL_SUFFIX = '.runbook.sqlite';

/** Below this much free space a run is refused: a journal that cannot be written is no record. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

export function journalDir(env: Record<string, string | undefined>): string {
  if (nonEmpty(env.RUNBOOK_HOME)) return join(env.RUNBOOK_HOME, 'journals');
  if (nonEmpty(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'runbook', 'journals');
  const home = nonEmpty(env.HOME) ? env.HOME : homedir();
  return join(home, '.local', 'share', 'runbook', 'journals');
}

/** The nth name for a new journal: `2026-11-23T18-10-12Z-sprint-3.runbook.sqlite`, then -2, -3, … (claim.ts takes the first free one). */
export function journalName(runbookTitle: string, now: Date, n = 1): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const base = `${stamp}-${slug(runbookTitle)}`;
  return `${n === 1 ? base : `${base}-${n}`}${JOURNAL_SUFFIX}`;
}

/** Journal files in dir, newest first (by the time in their name, else by modification time). */
export function listJournals(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(JOURNAL_SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const keyed = names.flatMap((name) => {
    const path = join(dir, name);
    const stamp = /^(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)/.exec(name)?.[1];
    const key = stamp ?? modified(path);
    // A symlink whose journal was moved away (or a file removed since the listing) is no journal.
    return key === null ? [] : [{ path, key: `${key}\u0000${name}` }];
  });
  keyed.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return keyed.map((entry) => entry.path);
}

/** The file's modification time as a journal name's stamp; null when there is no file (a dangling symlink). */
function modified(path: string): string | null {
  try {
    return new Date(statSync(path).mtimeMs).toISOString().slice(0, 19).replaceAll(':', '-') + 'Z';
  } catch {
    return null;
  }
}

/** Creates dir 0700, or tightens a looser mode on one of ours (owned by this user). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if (ours && (stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

/** For `check --preflight` and the refusal to start a run on a full disk. */
export function checkWritable(
  dir: string,
  minFreeBytes = MIN_FREE_BYTES,
): { ok: boolean; freeBytes: number | null; message: string } {
  const existing = nearestExisting(resolve(dir));
  let freeBytes: number | null = null;
  try {
    const fs = statfsSync(existing);
    freeBytes = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    // Not every file system reports space; writability still decides.
  }
  const problem = writeProblem(dir, existing);
  if (problem !== undefined) return { ok: false, freeBytes, message: `journal directory ${dir} is not writable: ${problem}` };
  if (freeBytes !== null && freeBytes < minFreeBytes) {
    return { ok: false, freeBytes, message: `journal directory ${dir} has only ${formatBytes(freeBytes)} free (needs ${formatBytes(minFreeBytes)})` };
  }
  const room = freeBytes === null ? 'free space unknown' : `${formatBytes(freeBytes)} free`;
  return { ok: true, freeBytes, message: `journal directory ${dir} is writable, ${room}` };
}

/** Writes a probe file where it can (permission bits alone mislead root and read-only mounts). */
function writeProblem(dir: string, existing: string): string | undefined {
  try {
    if (!statSync(existing).isDirectory()) return `${existing} is not a directory`;
    if (existing !== resolve(dir)) {
      accessSync(existing, constants.W_OK | constants.X_OK);
      return undefined;
    }
    const probe = join(existing, `.runbook-probe-${process.pid}`);
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function slug(title: string): string {
  const text = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return text === '' ? 'run' : text;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
