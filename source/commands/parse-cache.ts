// Parsed runbooks kept by content, so that `check` after `check`, and `run` after `check`,
// do not pay a cold Markdown parse again (most of their start-up time on a large file).
// The key is the file's SHA-256 and the build of runbook that parsed it: an edited file,
// or another runbook version, is a miss and parses afresh. The cache tells `run` what
// commands a file holds, so it is used only where nobody else can write it: a directory
// and entries owned by this account and not writable by group or others. Any failure
// (read-only home, full disk, a torn entry) is a miss, never an error.

import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runbook } from '../runbook/model';
import type { DestructiveStatement } from './destructive-statements';
import { cacheDir, ownedAlone, privateDir } from './private-dir';

/** Entries kept; past this the least recently written go. A parsed runbook is tens of KB. */
const MAX_ENTRIES = 64;
/**
 * What an eviction leaves. Finding the oldest stats every entry (~5 ms of a first check on
 * a full cache): done down to here, the next 16 first checks write without looking.
 */
const AFTER_EVICTION = 48;

/**
 * What an entry keeps: the parsed runbook and what `check` derives from the runbook alone,
 * each step's destructive statements in `runbook.steps` order (destructive-statements.ts).
 */
export interface Kept {
  runbook: Runbook;
  destructive?: DestructiveStatement[][];
}

export interface ParseCache {
  /** The runbook parsed from content with this SHA-256 by this build, or null. */
  get(sha256: string): Runbook | null;
  /** The same entry, with what was kept beside the runbook. */
  getKept(sha256: string): Kept | null;
  /**
   * The runbook parsed from exactly this text by this build, or null. Found without hashing
   * the text with SHA-256: a cached `check` then never loads node:crypto (~10 ms of CPU,
   * a third of Node's own start here). The entry holds the text it was parsed from, and a
   * hit is only ever text equal to it.
   */
  find(source: string): Runbook | null;
  /** The same entry, with what was kept beside the runbook. */
  findKept(source: string): Kept | null;
  /** Keeps the runbook (and its destructive statements); with its source text, `find` finds it too. */
  put(runbook: Runbook, source?: string, destructive?: DestructiveStatement[][]): void;
}

interface Entry extends Kept {
  build: string;
  sha256: string;
  source?: string;
}

type Env = Record<string, string | undefined>;

/** `parsed/` under runbook's cache directory (commands/private-dir.ts); null when turned off. */
export function parseCacheDir(env: Env): string | null {
  const base = cacheDir(env);
  return base === null ? null : join(base, 'parsed');
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A quick name for a text (two 32-bit FNV-1a-like hashes of its UTF-8 bytes taken four at
 * a time, and its length): where to look, not proof of anything — a hit compares the whole
 * text. Four bytes a step: the loop runs cold, in V8's interpreter (for the 30 KB seed,
 * 1.8 ms of CPU a UTF-16 unit at a time, 1.1 ms this way).
 */
export function textKey(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const words = new Int32Array((bytes.length + 3) >> 2);
  new Uint8Array(words.buffer).set(bytes);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < words.length; i++) {
    const c = words[i] ?? 0;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}${text.length.toString(16)}`;
}

export function openParseCache(dir: string, build: string): ParseCache {
  const entryPath = (sha256: string) => join(dir, `${sha256}.json`);
  // A key file, named by textKey(source), holds the SHA-256 of the entry parsed from it.
  const keyPath = (source: string) => join(dir, `${textKey(source)}.key`);

  /** The directory, made if missing; false when it is not ours alone (then the cache is not used). */
  const usableDir = (create: boolean): boolean => privateDir(dir, create);

  /** A file of ours alone (O_NOFOLLOW: a link to elsewhere is not ours to trust), or null. */
  function readOwn(path: string): string | null {
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      const stat = fstatSync(fd);
      return stat.isFile() && ownedAlone(stat) ? readFileSync(fd, 'utf8') : null;
    } catch {
      return null;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  function readEntry(sha256: string): Entry | null {
    if (!SHA256.test(sha256) || !usableDir(false)) return null;
    const text = readOwn(entryPath(sha256));
    try {
      const entry = text === null ? null : (JSON.parse(text) as Partial<Entry>);
      if (!entry || entry.build !== build || entry.sha256 !== sha256 || entry.runbook?.sha256 !== sha256) return null;
      return entry as Entry;
    } catch {
      return null;
    }
  }

  /** Written whole, then renamed: a reader sees the old file, the new one, or none. */
  function writeWhole(target: string, text: string): void {
    const partial = `${target}.${process.pid}.partial`;
    try {
      writeFileSync(partial, text, { mode: 0o600, flag: 'wx' });
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
  }

  return {
    get(sha256) {
      return readEntry(sha256)?.runbook ?? null;
    },

    getKept(sha256) {
      return kept(readEntry(sha256));
    },

    find(source) {
      return findEntry(source)?.runbook ?? null;
    },

    findKept(source) {
      return kept(findEntry(source));
    },

    put(runbook, source, destructive) {
      if (!SHA256.test(runbook.sha256) || !usableDir(true)) return;
      try {
        const entry: Entry = {
          build,
          sha256: runbook.sha256,
          runbook,
          ...(source === undefined ? {} : { source }),
          ...(destructive === undefined ? {} : { destructive }),
        };
        writeWhole(entryPath(runbook.sha256), JSON.stringify(entry));
        if (source !== undefined) writeWhole(keyPath(source), runbook.sha256);
        evict('.json');
        evict('.key');
      } catch {
        // A cache that cannot be written is only a slower next start.
      }
    },
  };

  function findEntry(source: string): Entry | null {
    if (!usableDir(false)) return null;
    const sha256 = readOwn(keyPath(source))?.trim() ?? '';
    const entry = readEntry(sha256);
    return entry && entry.source === source ? entry : null;
  }

  /** An entry as a Kept; its statements only when they are one list per step. */
  function kept(entry: Entry | null): Kept | null {
    if (!entry) return null;
    const { runbook, destructive } = entry;
    const fits = Array.isArray(destructive) && Array.isArray(runbook.steps) && destructive.length === runbook.steps.length && destructive.every(Array.isArray);
    return fits ? { runbook, destructive } : { runbook };
  }

  function evict(suffix: string): void {
    const names = readdirSync(dir).filter((n) => n.endsWith(suffix));
    if (names.length <= MAX_ENTRIES) return;
    const byAge = names
      .map((name) => {
        try {
          return { name, mtime: statSync(join(dir, name)).mtimeMs };
        } catch {
          return { name, mtime: 0 };
        }
      })
      .sort((a, b) => a.mtime - b.mtime);
    for (const { name } of byAge.slice(0, byAge.length - AFTER_EVICTION)) rmSync(join(dir, name), { force: true });
  }
}
