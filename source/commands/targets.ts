// The run's SQL targets: the front matter's, with `--target NAME=URL` overriding or adding.

import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors';
import type { Runbook, Target } from '../runbook/model';
import type { ResolvedTarget } from '../executors/types';
import { resolveTarget } from '../executors/targets';

/**
 * A rehearsal connects to nothing, so a target it cannot resolve (an unset env:VAR) is kept
 * as unresolved instead of stopping the walk.
 */
export function resolveTargets(
  runbook: Runbook,
  overrides: string[],
  env: Record<string, string | undefined>,
  profiles: Record<string, string>,
  options: { rehearse?: boolean } = {},
): ResolvedTarget[] {
  const given = new Map<string, string>();
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new UsageError(`--target ${o}: expected NAME=URL`);
    const name = o.slice(0, eq);
    // Which of two URLs for one target was meant is a guess (the last would win silently).
    if (given.has(name) && given.get(name) !== o.slice(eq + 1)) throw new UsageError(`--target ${name} is given twice, with different URLs; give it once`);
    given.set(name, o.slice(eq + 1));
  }
  const targets: Target[] = [...runbook.frontMatter.targets];
  for (const [name, url] of given) {
    if (targets.some((t) => t.name === name)) continue;
    const kind = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
    targets.push({ name, kind, ...(kind === 'postgres' ? { url } : { path: url }), statementTimeout: '60s', lockTimeout: '10s' });
  }
  const runbookDir = dirname(resolve(runbook.file));
  return targets.map((t) => {
    const override = given.get(t.name);
    try {
      return resolveTarget(t, { runbookDir, env, profiles, ...(override !== undefined ? { override } : {}) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (options.rehearse) return { name: t.name, kind: t.kind, location: `(not resolved: ${message})`, statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 };
      throw new UsageError(message);
    }
  });
}

/** Opens a target's executor; pg is loaded only when a postgres target is used. */
export async function openTarget(target: ResolvedTarget) {
  const { openTarget: open } = await import('../executors/targets');
  return open(target);
}

/** For `check --preflight`: connect to a target and close again; an error line or null. */
export function targetProbe(file: string, env: Record<string, string | undefined>, profiles: Record<string, string>) {
  return async (target: Target): Promise<string | null> => {
    try {
      const resolved = resolveTarget(target, { runbookDir: dirname(resolve(file)), env, profiles });
      const executor = await openTarget(resolved);
      await executor.close();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}
