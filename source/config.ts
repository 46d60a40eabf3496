// What runbook remembers between runs: the operator's name, the signing key, connection
// profiles (URLs without passwords), where journals were written, the team store. One
// small JSON file, read and written here: the `conf` package this replaces loaded a JSON
// schema validator and more for it (~25 ms of CPU before every screen's first frame).
// The file and its format are conf's, so a config written by an earlier version is read.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from './errors';

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
  return {
    path,
    // Read on every get, as another runbook (a second pane) may have written since.
    get: (key) => read(path)[key],
    set: (key, value) => {
      const next = { ...read(path), [key]: value };
      write(path, next);
    },
  };
}

/**
 * Remembers a journal for `list`. Settings that cannot be written cost only that, never the
 * run: the problem in words (for a one-line notice), or null.
 */
export function rememberJournal(config: Config, path: string): string | null {
  try {
    const journals = config.get('journals').filter((p) => p !== path);
    config.set('journals', [path, ...journals].slice(0, 500));
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
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(value, undefined, '\t')}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
