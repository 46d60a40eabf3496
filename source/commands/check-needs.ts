// What a run of the runbook will need, as `check` can tell without connecting anywhere:
// each target and what it needs (an environment variable, a file, a profile), found anew
// on every check. The statements that make each destructive step destructive depend on
// the runbook alone: destructive-statements.ts, kept with the parse. `--preflight` tries the rest.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Runbook, Step, Target } from '../runbook/model';
import { stepTarget } from '../runbook/step-target';
import type { DestructiveStatement } from './destructive-statements';

/** One thing a target needs; `ready` null: check cannot tell (a profile lives in the config). */
export interface Need {
  kind: 'env' | 'file' | 'profile' | 'url';
  /** The variable, the file (as resolved), the profile, or the URL as written. */
  name: string;
  ready: boolean | null;
}

export interface TargetNeeds {
  name: string;
  kind: Target['kind'];
  /** The first target: sql fences without `target=` use it. */
  default: boolean;
  /** Sql steps (plans' too) that run against it. */
  steps: number;
  needs: Need[];
}

function needOf(spec: string, runbookDir: string, env: Record<string, string | undefined>, sqlite: boolean): Need {
  if (spec.startsWith('env:')) {
    const name = spec.slice('env:'.length);
    return { kind: 'env', name, ready: Boolean(env[name]) };
  }
  if (spec.startsWith('profile:')) return { kind: 'profile', name: spec.slice('profile:'.length), ready: null };
  if (sqlite) {
    const path = resolve(runbookDir, spec.replace(/^(?:sqlite:(?:\/\/)?|file:(?:\/\/)?)/, ''));
    return { kind: 'file', name: path, ready: existsSync(path) };
  }
  // A URL without a password (the front matter refuses one): nothing to be missing here.
  return { kind: 'url', name: spec, ready: true };
}

export function targetNeeds(rb: Runbook, env: Record<string, string | undefined>): TargetNeeds[] {
  const runbookDir = dirname(resolve(rb.file));
  const targets = rb.frontMatter.targets;
  return targets.map((t, i) => {
    const spec = t.kind === 'sqlite' ? (t.path ?? t.url) : t.url;
    const steps = rb.steps.filter((s) => s.kind === 'sql' && stepTarget(s, targets) === t.name).length;
    return { name: t.name, kind: t.kind, default: i === 0, steps, needs: spec ? [needOf(spec, runbookDir, env, t.kind === 'sqlite')] : [] };
  });
}

/** What is missing now, in words ("GOVOS_DATABASE_URL is not set"): `check` then suggests --preflight. */
export function missingNeeds(rb: Runbook, targets: TargetNeeds[]): string[] {
  const missing: string[] = [];
  for (const t of targets) {
    for (const n of t.needs) {
      if (n.ready !== false) continue;
      missing.push(n.kind === 'env' ? `${n.name} is not set (target ${t.name})` : `${n.name} does not exist (target ${t.name})`);
    }
  }
  const sql = rb.steps.filter((s) => s.kind === 'sql').length;
  if (sql > 0 && targets.length === 0) missing.push(`${sql} sql steps but no targets: run needs --target NAME=URL`);
  return missing;
}

/** A step's destructive statements, as check-format and check-json ask for them. */
export type StatementsOf = (step: Step) => DestructiveStatement[];

/**
 * The statements kept with the parse (statementsByStep, in `rb.steps` order) as a lookup;
 * null when there are none or they are not this runbook's (another count of steps).
 */
export function keptStatements(rb: Runbook, byStep: DestructiveStatement[][] | undefined): StatementsOf | null {
  if (!Array.isArray(byStep) || byStep.length !== rb.steps.length) return null;
  const of = new Map(rb.steps.map((step, i) => [step, byStep[i] ?? []]));
  return (step) => of.get(step) ?? [];
}
