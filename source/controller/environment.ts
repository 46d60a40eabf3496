// The environment a shell step starts in, as in a terminal: the operator's environment,
// the runbook's `env:`, the run's inputs, then whatever earlier steps exported or unset.

import type { RunState } from '../run/state';
import type { ShellContext } from '../executors/types';

export interface BaseEnvironment {
  /** The operator's environment when the process started. */
  process: Record<string, string | undefined>;
  /** Front matter `env:`. */
  runbook: Record<string, string>;
}

export function baseEnv(base: BaseEnvironment, inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base.process)) if (v !== undefined) env[k] = v;
  Object.assign(env, base.runbook);
  // Inputs reach commands as environment variables: `${commit_sha}` expands in the shell,
  // so a value with metacharacters can never change the command beyond the value.
  Object.assign(env, inputs);
  return env;
}

export function shellContext(base: BaseEnvironment, state: RunState, inputs: Record<string, string>): ShellContext {
  const env = baseEnv(base, inputs);
  Object.assign(env, state.context.exported);
  for (const name of state.context.unset) delete env[name];
  return { cwd: state.context.cwd, env };
}

/** What a step changed, relative to the base: journaled so resume rebuilds the same context. */
export function contextDelta(
  base: Record<string, string>,
  after: ShellContext,
): { cwd: string; exported: Record<string, string>; unset: string[] } {
  const exported: Record<string, string> = {};
  for (const [k, v] of Object.entries(after.env)) {
    if (base[k] !== v && !VOLATILE.has(k)) exported[k] = v;
  }
  const unset = Object.keys(base).filter((k) => !(k in after.env) && !VOLATILE.has(k));
  return { cwd: after.cwd, exported, unset };
}

// Variables bash sets on its own; carrying them over would only add noise.
const VOLATILE = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'BASH_EXECUTION_STRING', 'BASHOPTS', 'SHELLOPTS', 'COLUMNS', 'LINES']);
