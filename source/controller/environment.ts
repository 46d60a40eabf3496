// The environment a shell step starts in, as in a terminal: the operator's environment,
// the runbook's `env:`, the run's inputs, then whatever earlier steps exported or unset.

import type { RunState } from '../run/state';
import type { ShellContext } from '../executors/types';
import { REDACTED, secretsInEnv } from '../executors/redact';
import { isSensitiveName } from '../runbook/secret-shapes';

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

export type CarriedContext = RunState['context'];

/**
 * The context the next step starts in. `live` is the last step's context as this process
 * saw it, secrets included; without it (after a resume) the journaled one is used, where
 * a secret was recorded redacted and so is not carried (it cannot be, honestly).
 */
export function shellContext(base: BaseEnvironment, state: RunState, inputs: Record<string, string>, live?: CarriedContext | null): ShellContext {
  const env = baseEnv(base, inputs);
  const carried = live ?? state.context;
  for (const [name, value] of Object.entries(carried.exported)) if (live || !value.includes(REDACTED)) env[name] = value;
  for (const name of carried.unset) delete env[name];
  return { cwd: carried.cwd, env };
}

/** Exported variables whose names say they hold a credential (DB_PASSWORD, API_TOKEN, …). */
export function exportedSecrets(context: CarriedContext): string[] {
  return secretsInEnv(context.exported);
}

/**
 * The context as the journal records it: a variable whose name marks a credential
 * (DB_PASSWORD, MYSQL_PWD, REDIS_AUTH, …) is written as `[REDACTED]` whatever its value's
 * length (only yes/no flags stay), and so is not carried over a resume.
 */
export function journaledContext(context: CarriedContext): CarriedContext {
  const exported: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.exported)) exported[name] = isSensitiveName(name) && !FLAG.test(value) ? REDACTED : value;
  return { ...context, exported };
}

const FLAG = /^(?:|true|false|yes|no|on|off)$/i;

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
