// `check --preflight`: tries what a run will need — programs on PATH, a writable journal
// directory with room, a signing key, each target connecting — one line per finding.

import { runbookShell } from '../runbook/default-shell';
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Runbook, Target } from '../runbook/model';
import { programsOf } from '../executors/programs';
import { findSigningKey } from '../executors/ssh-sign';
import { checkWritable, journalDir } from '../journal/paths';

export type Verdict = 'ok' | 'warn' | 'FAIL';

export interface Finding {
  verdict: Verdict;
  /** `program docker`, `journal`, `signing key`, `target govos`. */
  subject: string;
  /** Empty for a plain ok. */
  detail: string;
}

export type Env = Record<string, string | undefined>;

/** `ok   program docker` / `FAIL program alembic: not on PATH (lines 49, 53)` */
export function formatFinding(f: Finding): string {
  return `${f.verdict.padEnd(4)} ${f.subject}${f.detail ? `: ${f.detail}` : ''}`;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(program: string, pathVar: string | undefined): boolean {
  return (pathVar ?? '').split(delimiter).some((dir) => dir !== '' && isExecutableFile(join(dir, program)));
}

function lines(numbers: number[]): string {
  const shown = numbers.slice(0, 4).join(', ');
  return numbers.length > 4 ? `lines ${shown}, +${numbers.length - 4} more` : `line${numbers.length > 1 ? 's' : ''} ${shown}`;
}

/** Each program a shell step runs (plan steps too: a rollback must be able to run). */
export function checkPrograms(rb: Runbook, env: Env, baseDir: string): Finding[] {
  const uses = new Map<string, number[]>();
  for (const step of rb.steps) {
    if (step.kind !== 'shell' || !step.command) continue;
    // The shell first: it starts every command (`shell:` in the front matter, else bash).
    const shell = runbookShell(rb.frontMatter);
    uses.set(shell, [...(uses.get(shell) ?? []), step.line]);
    for (const program of programsOf(step.command)) if (program !== shell) uses.set(program, [...(uses.get(program) ?? []), step.line]);
  }
  return [...uses.entries()].map(([program, at]) => {
    const found = program.includes('/') ? isExecutableFile(isAbsolute(program) ? program : resolve(baseDir, program)) : onPath(program, env.PATH);
    if (found) return { verdict: 'ok', subject: `program ${program}`, detail: '' };
    return { verdict: 'FAIL', subject: `program ${program}`, detail: `${program.includes('/') ? 'not an executable file' : 'not on PATH'} (${lines(at)})` };
  });
}

export function checkJournalDir(env: Env): Finding {
  const dir = journalDir(env);
  const result = checkWritable(dir);
  return { verdict: result.ok ? 'ok' : 'FAIL', subject: 'journal', detail: result.message };
}

/** A key for signing sign-offs; without one they carry the chain hash but no SSH signature. */
export async function checkSigningKey(rb: Runbook, env: Env): Promise<Finding> {
  const home = env.HOME && env.HOME !== '' ? env.HOME : homedir();
  const signoffs = rb.steps.some((s) => s.kind === 'signoff');
  let key: Awaited<ReturnType<typeof findSigningKey>> = null;
  try {
    key = await findSigningKey({ home, env });
  } catch (error) {
    return { verdict: 'FAIL', subject: 'signing key', detail: error instanceof Error ? error.message : String(error) };
  }
  if (key) return { verdict: 'ok', subject: 'signing key', detail: `${key.path} (${key.fingerprint})` };
  const why = onPath('ssh-keygen', env.PATH) ? 'none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa with its .pub' : 'ssh-keygen is not on PATH';
  return { verdict: 'warn', subject: 'signing key', detail: `${why}; sign-offs will carry no SSH signature${signoffs ? '' : ' (this runbook has none)'}` };
}

/**
 * Each target connects. `connect` tries one and says what went wrong (null when it
 * connected); the caller wires it to the SQL executors.
 */
export async function checkTargets(rb: Runbook, connect: (target: Target) => Promise<string | null>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const target of rb.frontMatter.targets) {
    let problem: string | null;
    try {
      problem = await connect(target);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    // The finding names the target already: `FAIL target db: connection refused`, not `target db: target db: …`.
    const detail = problem?.startsWith(`target ${target.name}: `) ? problem.slice(`target ${target.name}: `.length) : (problem ?? '');
    findings.push({ verdict: problem === null ? 'ok' : 'FAIL', subject: `target ${target.name}`, detail });
  }
  return findings;
}

export interface PreflightOptions {
  env: Env;
  /** Wired by the caller to the SQL executors; without it targets are not tried. */
  checkTarget?: (target: Target) => Promise<string | null>;
}

export async function preflight(rb: Runbook, options: PreflightOptions): Promise<Finding[]> {
  const baseDir = resolve(dirname(rb.file), rb.frontMatter.cwd ?? '.');
  const findings: Finding[] = [...checkPrograms(rb, options.env, baseDir), checkJournalDir(options.env), await checkSigningKey(rb, options.env)];
  const sqlSteps = rb.steps.filter((s) => s.kind === 'sql').length;
  if (sqlSteps > 0 && rb.frontMatter.targets.length === 0) {
    findings.push({ verdict: 'warn', subject: 'target', detail: `${sqlSteps} sql steps but no targets: in the front matter; run needs --target NAME=URL` });
  }
  if (options.checkTarget) findings.push(...(await checkTargets(rb, options.checkTarget)));
  else if (rb.frontMatter.targets.length > 0) {
    for (const t of rb.frontMatter.targets) findings.push({ verdict: 'warn', subject: `target ${t.name}`, detail: 'connection not tried' });
  }
  return findings;
}
