// What a run of the runbook will need, as `check` can tell without connecting anywhere:
// each target and what it needs (an environment variable, a file, a profile), and the
// statements that make each destructive step destructive. `--preflight` tries the rest.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Runbook, Step, Target } from '../runbook/model';
import { destructiveSpans } from '../runbook/destructive';

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

/** Where a destructive step is destructive: the file line, the rule, the line of text there. */
export interface DestructiveStatement {
  line: number;
  reason: string;
  text: string;
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
    const steps = rb.steps.filter((s) => s.kind === 'sql' && (s.annotations.target ?? targets[0]?.name) === t.name).length;
    return { name: t.name, kind: t.kind, default: i === 0, steps, needs: spec ? [needOf(spec, runbookDir, env, t.kind === 'sqlite')] : [] };
  });
}

/** The lines that make a step destructive, with their file lines; empty when only annotated so. */
export function destructiveStatements(step: Step): DestructiveStatement[] {
  const kind = step.kind === 'sql' ? 'sql' : step.kind === 'shell' ? 'shell' : null;
  const text = kind === 'sql' ? step.sql : step.command;
  if (!step.destructive || kind === null || !text) return [];
  const lines = text.split('\n');
  // Where its text starts in the file: a sql step's on the line after its fence.
  const first = step.commandLine ?? step.line + 1;
  // From the match to the end of its statement (up to its `;`) or command, on one line: SQL
  // handed to psql -c reads from its UPDATE, not from `docker compose exec`.
  return destructiveSpans(kind, text).map((span) => {
    const whole = lines.slice(span.first, Math.max(span.last, span.statement.last) + 1).map((l) => l.trim()).filter(Boolean).join(' ');
    return { line: first + span.first, reason: span.reason, text: fromReason(whole, span.reason) };
  });
}

/** SQL in a shell command (`psql -c "UPDATE …"`): the text from the SQL's verb, so a cut line still shows it. */
function fromReason(text: string, reason: string): string {
  const verb = /^[A-Z]+/.exec(reason)?.[0];
  const at = verb ? text.search(new RegExp(`\\b${verb}\\b`, 'i')) : -1;
  return at > 20 ? `… ${text.slice(at)}` : text;
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
