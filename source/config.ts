// What runbook remembers between runs: the operator's name, the signing key, connection
// profiles (URLs without passwords), where journals were written, the team store. One
// small JSON file, read and written here: the `conf` package this replaces loaded a JSON
// schema validator and more for it (~25 ms of CPU before every screen's first frame).
// The file and its format are conf's, so a config written by an earlier version is read.

import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from './errors';
import { processExists } from './journal/process-alive';

export interface Remembered {
  operator?: string;
  signingKey?: string;
  profiles: Record<string, string>;
  journals: string[];
  /** The team store's URL (no password; `env:VAR` allowed), when `--store` and RUNBOOK_STORE are not given. */
  store?: string;
}

export interface Config {
  readonly path: string;
  get<K extends keyof Remembered>(key: K): Remembered[K];
  set<K extends keyof Remembered>(key: K, value: Remembered[K]): void;
  /**
   * Changes one setting from what the file holds now, the file locked meanwhile: what
   * another runbook (a second pane) writes at the same moment is kept, not lost.
   */
  update<K extends keyof Remembered>(key: K, change: (current: Remembered[K]) => Remembered[K]): void;
}

type Env = Record<string, string | undefined>;

const DEFAULTS: Remembered = { profiles: {}, journals: [] };

/** RUNBOOK_HOME/config.json, or runbook/config.json under the XDG config directory (where conf kept it). */
export function configPath(env: Env): string {
  if (env.RUNBOOK_HOME) return join(env.RUNBOOK_HOME, 'config.json');
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'runbook', 'config.json');
}

export function openConfig(env: Env): Config {
  const path = configPath(env);
  const update: Config['update'] = (key, change) =>
    withLock(path, () => {
      const current = read(path);
      write(path, { ...current, [key]: change(current[key]) });
    });
  return {
    path,
    // Read on every get, as another runbook (a second pane) may have written since. No
    // lock: a write renames a whole file over the old one, so a reader sees one or the other.
    get: (key) => read(path)[key],
    set: (key, value) => update(key, () => value),
    update,
  };
}

/**
 * Remembers a journal for `list`. Settings that cannot be written cost only that, never the
 * run: the problem in words (for a one-line notice), or null.
 */
export function rememberJournal(config: Config, path: string): string | null {
  try {
    config.update('journals', (journals) => [path, ...journals.filter((p) => p !== path)].slice(0, 500));
    return null;
  } catch (error) {
    return `this journal is not remembered for \`runbook list\` (${error instanceof Error ? error.message : String(error)})`;
  }
}

function read(path: string): Remembered {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULTS };
    throw new InputError(path, null, `cannot read runbook's settings: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(path, lineOfJsonError(text), "runbook's settings are not valid JSON; fix or remove the file");
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(path, 1, "runbook's settings must be a JSON object; fix or remove the file");
  }
  const settings = { ...DEFAULTS, ...(parsed as Partial<Remembered>) };
  const wrong = wrongSetting(settings);
  if (wrong) throw new InputError(path, null, `runbook's settings: ${wrong}; fix or remove the file`);
  return settings;
}

const isText = (value: unknown) => typeof value === 'string';

/** What a hand-edited file holds that runbook cannot use, in words; null when it is all usable. */
function wrongSetting(settings: Remembered): string | null {
  const { operator, signingKey, store, profiles, journals } = settings;
  if (operator !== undefined && !isText(operator)) return '"operator" must be a name';
  if (signingKey !== undefined && !isText(signingKey)) return '"signingKey" must be a path';
  if (store !== undefined && !isText(store)) return '"store" must be a URL';
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles) || !Object.values(profiles).every(isText)) return '"profiles" must map names to URLs';
  if (!Array.isArray(journals) || !journals.every(isText)) return '"journals" must be a list of paths';
  return null;
}

/**
 * The line of the first character that cannot be JSON: the shortest start of the text
 * that fails for a reason other than ending early (V8's message gives no line, and quotes
 * the file's text, new lines and all, which has no place in a one-line error).
 */
function lineOfJsonError(text: string): number {
  const failsBeforeEnd = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (error) {
      // Cut short, V8 says "end of JSON input" or names the position where the text ends.
      const { message } = error as Error;
      const at = /at position (\d+)/.exec(message)?.[1];
      return !message.includes('end of JSON input') && (at === undefined || Number(at) < n);
    }
  };
  let [low, high] = [0, text.length];
  if (!failsBeforeEnd(high)) return text.trimEnd().split('\n').length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (failsBeforeEnd(middle)) high = middle;
    else low = middle + 1;
  }
  return text.slice(0, low - 1).split('\n').length;
}

/** Written whole to a file beside it, then renamed over it: a crash leaves the old file or the new, never half of one. */
function write(path: string, value: Remembered): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value, undefined, '\t')}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(path, error);
  }
}

/** How long a runbook waits for another to finish writing the settings (a write takes a few ms). */
const LOCK_WAIT_MS = 2000;
/** A lock older than this was left by a runbook that died holding it (or one on another host). */
const LOCK_STALE_MS = 10_000;

/**
 * Runs `change` holding `<path>.lock`, a file created with O_EXCL and removed after. A
 * lock left by a runbook that died (its pid gone on this host, or too old) is broken; one
 * held past LOCK_WAIT_MS is given up on, in words, for the caller's one-line notice.
 */
function withLock(path: string, change: () => void): void {
  const lock = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw cannotWrite(path, error);
  }
  for (let attempt = 0; !tryLock(path, lock); attempt++) {
    const held = lockHolder(lock);
    if (Date.now() > deadline) {
      const who = held?.owner ? ` (${held.owner})` : '';
      throw new Error(`cannot write ${path}: another runbook${who} has held ${lock} for over ${LOCK_WAIT_MS / 1000} s; if none is running, remove that file`);
    }
    if (held !== null && isStale(held)) breakLock(lock, held.stat);
    else pause(Math.min(1 + attempt, 20));
  }
  try {
    change();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** True when the lock is now ours; false when another holds it. */
function tryLock(path: string, lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotWrite(path, error);
  }
  try {
    writeSync(fd, `pid ${process.pid} on ${hostname()}`);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface LockHeld {
  /** `pid 4242 on bastion-1`, or '' while its maker has not written it yet. */
  owner: string;
  stat: Stats;
}

function lockHolder(lock: string): LockHeld | null {
  try {
    const stat = statSync(lock);
    return { owner: readFileSync(lock, 'utf8'), stat };
  } catch {
    return null;
  }
}

function isStale({ owner, stat }: LockHeld): boolean {
  if (Date.now() - stat.mtimeMs > LOCK_STALE_MS) return true;
  const [, pid, host] = /^pid (\d+) on (.*)$/.exec(owner) ?? [];
  return pid !== undefined && host === hostname() && !processExists(Number(pid));
}

/**
 * Moves the stale lock aside, then removes it. Two runbooks may judge the same lock stale:
 * the second may have moved aside a lock the first has taken since, and puts that back.
 */
function breakLock(lock: string, judged: Stats): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
    const moved = statSync(aside);
    // An inode number is soon reused: the time it was written tells a new lock apart.
    if (moved.ino !== judged.ino || moved.mtimeMs !== judged.mtimeMs) linkSync(aside, lock);
  } catch {
    // Gone already, or taken again: the next attempt sees.
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Waits without giving up the thread: the settings are read and written synchronously. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function cannotWrite(path: string, error: unknown): Error {
  return new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}
