// Loading a runbook for a command the operator waits on (check, run, resume): a parsed
// runbook kept from an earlier command (parse-cache.ts) is used when the file's content
// is the same, and the Markdown parser is loaded only when it is not.

import type { Runbook } from '../runbook/model';
import { openParseCache, parseCacheDir, type Kept, type ParseCache } from './parse-cache';
import type { DestructiveStatement } from './destructive-statements';
import { assertNesting, readRunbookText } from './read-runbook';
import type { LoadedRunbook } from './load';

/** Set by the bundle (.ci/build.mjs) to a hash of its sources; from source, nothing is cached. */
declare const __RUNBOOK_BUILD__: string | undefined;
const BUILD = typeof __RUNBOOK_BUILD__ === 'string' ? __RUNBOOK_BUILD__ : undefined;

type Env = Record<string, string | undefined>;

function cacheFor(env: Env, build: string | undefined): ParseCache | null {
  if (!build) return null;
  const dir = parseCacheDir(env);
  return dir ? openParseCache(dir, build) : null;
}

/** A loaded runbook, and each step's destructive statements when they were kept or found (check shows them). */
export interface LoadedCached extends LoadedRunbook {
  destructive?: DestructiveStatement[][];
}

/** The runbook in `source` (whose SHA-256 is `sha256`), as `file`; InputError when it is not usable. */
export async function parseRunbookCached(file: string, source: string, sha256: string, env: Env, build = BUILD): Promise<Runbook> {
  return (await parseKept(file, source, sha256, env, build)).runbook;
}

async function parseKept(file: string, source: string, sha256: string, env: Env, build: string | undefined): Promise<Kept> {
  const cache = cacheFor(env, build);
  const kept = cache?.getKept(sha256);
  // The same content under another name is the same runbook; only the name is this one's.
  if (kept) return { ...kept, runbook: { ...kept.runbook, file } };
  const { parseRunbookText } = await import('./load');
  const { judgeWithBash } = await import('./shell-judge');
  // bash -n judges once per content; the cache keeps its verdicts with the parse.
  const runbook = judgeWithBash(parseRunbookText(file, source, sha256), env);
  // The destructive rules have just run over these steps (warm now, ~1 ms): the statements
  // check shows are found once here and kept, so a cached check never runs the rules.
  const { statementsByStep } = await import('./destructive-statements');
  const destructive = statementsByStep(runbook);
  cache?.put(runbook, source, destructive);
  return { runbook, destructive };
}

export async function loadRunbookCached(file: string, env: Env, build = BUILD): Promise<LoadedCached> {
  const { source, bytes } = readRunbookText(file);
  // Found by its text, the runbook is known without hashing it (node:crypto stays unloaded).
  // That text passed the nesting check when it was parsed; any other is checked now.
  const kept = cacheFor(env, build)?.findKept(source);
  if (kept) return { ...kept, runbook: { ...kept.runbook, file }, source };
  assertNesting(file, source);
  const { sha256Of } = await import('./load');
  return { ...(await parseKept(file, source, sha256Of(bytes), env, build)), source };
}
