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
import { cacheDir, ownedAlone, privateDir } from './private-dir';

/** Entries kept; past this the least recently written go. A parsed runbook is tens of KB. */
const MAX_ENTRIES = 64;

export interface ParseCache {
  /** The runbook parsed from content with this SHA-256 by this build, or null. */
  get(sha256: string): Runbook | null;
  put(runbook: Runbook): void;
}

interface Entry {
  build: string;
  sha256: string;
  runbook: Runbook;
}

type Env = Record<string, string | undefined>;

/** `parsed/` under runbook's cache directory (commands/private-dir.ts); null when turned off. */
export function parseCacheDir(env: Env): string | null {
  const base = cacheDir(env);
  return base === null ? null : join(base, 'parsed');
}

const SHA256 = /^[0-9a-f]{64}$/;

export function openParseCache(dir: string, build: string): ParseCache {
  const entryPath = (sha256: string) => join(dir, `${sha256}.json`);

  /** The directory, made if missing; false when it is not ours alone (then the cache is not used). */
  const usableDir = (create: boolean): boolean => privateDir(dir, create);

  return {
    get(sha256) {
      if (!SHA256.test(sha256) || !usableDir(false)) return null;
      let fd: number | undefined;
      try {
        // O_NOFOLLOW: an entry that is a link to elsewhere is not ours to trust.
        fd = openSync(entryPath(sha256), constants.O_RDONLY | constants.O_NOFOLLOW);
        const stat = fstatSync(fd);
        if (!stat.isFile() || !ownedAlone(stat)) return null;
        const entry = JSON.parse(readFileSync(fd, 'utf8')) as Partial<Entry>;
        if (entry.build !== build || entry.sha256 !== sha256 || entry.runbook?.sha256 !== sha256) return null;
        return entry.runbook;
      } catch {
        return null;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },

    put(runbook) {
      if (!SHA256.test(runbook.sha256) || !usableDir(true)) return;
      const target = entryPath(runbook.sha256);
      const partial = `${target}.${process.pid}.partial`;
      try {
        const entry: Entry = { build, sha256: runbook.sha256, runbook };
        // Written whole, then renamed: a reader sees the old entry, the new one, or none.
        writeFileSync(partial, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
        renameSync(partial, target);
        evict();
      } catch {
        rmSync(partial, { force: true });
      }
    },
  };

  function evict(): void {
    const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
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
    for (const { name } of byAge.slice(0, byAge.length - MAX_ENTRIES)) rmSync(join(dir, name), { force: true });
  }
}
