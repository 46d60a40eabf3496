// Carrying cwd and exported variables from one shell step to the next, as in a terminal:
// the command is wrapped so that, whatever way it exits, the shell writes `pwd` and
// `env -0` to a private file (never to stdout, which is the operator's output).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ShellContext } from './types';

const END_MARK = '__runbook_end__';

// Variables the shell sets for itself on every start; carrying them would make SHLVL climb.
const SHELL_OWN = new Set(['SHLVL', '_']);

const BASH_LIKE = new Set(['bash', 'zsh', 'ksh', 'mksh']);

/** `-o pipefail` is not POSIX: only shells that know it get it. */
export function isBashLike(shell: string): boolean {
  return BASH_LIKE.has(path.basename(shell));
}

export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The user's command with an EXIT trap that records cwd and environment to `stateFile`,
 * keeping the command's own exit status (`exit 3` still reports 3 and still records).
 * The record is written only while the runner (`runnerPid`) is alive to read and remove
 * it: a step that outlives a killed runner removes the file's directory instead, since
 * the environment holds the run's secrets and nobody would ever clear it.
 */
export function wrapCommand(command: string, stateFile: string, runnerPid: number): string {
  const record = [
    '__runbook_rc=$?',
    `if command kill -0 ${runnerPid} 2>/dev/null; then { printf '%s\\0' "$(pwd)"; command -p env -0; printf '%s\\0' ${END_MARK}; } > ${shQuote(stateFile)} 2>/dev/null; else command -p rm -rf ${shQuote(path.dirname(stateFile))}; fi`,
    'exit $__runbook_rc',
  ].join('; ');
  // The newline before the command keeps a here-document or trailing comment intact.
  return `trap ${shQuote(record)} EXIT\n${command}\n`;
}

/** The context the step left behind, or null when it could not record it (killed, exec'd). */
export function readContext(stateFile: string): ShellContext | null {
  let raw: string;
  try {
    raw = readFileSync(stateFile, 'utf8');
  } catch {
    return null;
  }
  const parts = raw.split('\0');
  if (parts.at(-1) === '') parts.pop();
  // A file cut short (the shell died while writing) is not trusted at all.
  if (parts.length < 2 || parts.at(-1) !== END_MARK) return null;
  const [cwd, ...assignments] = parts.slice(0, -1);
  if (!cwd) return null;
  const env: Record<string, string> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) continue;
    const name = a.slice(0, eq);
    if (!SHELL_OWN.has(name)) env[name] = a.slice(eq + 1);
  }
  return { cwd, env };
}
