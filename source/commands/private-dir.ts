// A directory this account alone may write: what runbook keeps to speed up the next start
// (parsed runbooks, compiled code) tells it what to run, so it is only ever read from here.

import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

type Env = Record<string, string | undefined>;

const nonEmpty = (s: string | undefined): s is string => s !== undefined && s !== '';

/** `$RUNBOOK_HOME/cache`, else `$XDG_CACHE_HOME/runbook`, else `~/.cache/runbook`; null when RUNBOOK_NO_CACHE is set. */
export function cacheDir(env: Env): string | null {
  if (nonEmpty(env.RUNBOOK_NO_CACHE)) return null;
  if (nonEmpty(env.RUNBOOK_HOME)) return join(env.RUNBOOK_HOME, 'cache');
  if (nonEmpty(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'runbook');
  const home = nonEmpty(env.HOME) ? env.HOME : homedir();
  return join(home, '.cache', 'runbook');
}

/** Owned by this account, writable by nobody else. */
export function ownedAlone(stat: { uid: number; mode: number }): boolean {
  const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  return ours && (stat.mode & 0o022) === 0;
}

/**
 * Makes the directory and its missing parents (0700), one level at a time. Node's own
 * `mkdirSync(…, { recursive: true })` never returns under /proc, where a new directory is
 * ENOENT however often it is made (RUNBOOK_HOME=/proc/x hung `check`).
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const d of missing) mkdirSync(d, { mode: 0o700 });
}

/** True when dir is (after making it, if asked) a real directory that is ours alone; never throws. */
export function privateDir(dir: string, create: boolean): boolean {
  try {
    if (create) makeDirs(dir);
    const stat = lstatSync(dir);
    return stat.isDirectory() && ownedAlone(stat);
  } catch {
    return false;
  }
}
