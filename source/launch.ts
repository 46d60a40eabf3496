#!/usr/bin/env node
// The process entry (dist/cli.js). Three things must happen before any of runbook loads:
// refuse a Node too old to run it (better-sqlite3 13 crashes on Node 20, so one line and
// exit 2 beats a segfault mid-run), turn on Node's compile cache, so a second start reads
// compiled code instead of parsing every chunk again, and answer the chunks' imports of one
// another directly (chunk-resolution.ts). Then cli.tsx takes over.

import module from 'node:module';
import { join } from 'node:path';
import { cacheDir, privateDir } from './commands/private-dir';
import { resolveOwnChunksDirectly } from './chunk-resolution';

const OLDEST_MAJOR = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < OLDEST_MAJOR) {
  process.stderr.write(`runbook needs Node ${OLDEST_MAJOR} or newer; this is ${process.versions.node}\n`);
  process.exitCode = 2;
} else {
  enableCompileCache(process.env);
  resolveOwnChunksDirectly(import.meta.url);
  await import('./cli');
}

/**
 * Compiled code is kept beside the parsed runbooks, in a directory this account alone can
 * write (a cache another account could write would decide what runs). Any failure only
 * means a slower start.
 */
function enableCompileCache(env: Record<string, string | undefined>): void {
  const base = cacheDir(env);
  if (base === null || typeof module.enableCompileCache !== 'function') return;
  const dir = join(base, 'compiled');
  if (!privateDir(dir, true)) return;
  try {
    module.enableCompileCache(dir);
  } catch {
    // A cache is an optimisation: never a reason not to start.
  }
  // Node passes the cache on to child processes through this variable; the steps an
  // operator runs are theirs, not ours to speed up or to write into our cache.
  delete process.env.NODE_COMPILE_CACHE;
}
