// What a change to the runbook file means for a run under way: for each step not done yet,
// what differs (command or SQL text, expectation, annotations, whether it is destructive),
// and what the front matter changed (env, targets, shell). Resume lists these and asks
// before using the new version. Safety only tightens by itself: a step destructive when the
// run began stays so unless the operator accepts the change. Pure.

import type { Annotations, Runbook, Step } from '../runbook/model';
import type { RawFrontMatter } from '../runbook/front-matter-raw';
import type { RunState } from './state';
import { movesAndRenames, type Moved, type Place, type Renamed } from './runbook-moves';

export interface StepChange {
  id: string;
  title: string;
  /** What differs, a line each ("command was: …", "timeout=30s → timeout=60s"). */
  lines: string[];
  /** The safety the file drops ("destructive", "typed confirmation"): kept unless the operator accepts. */
  loosened: string[];
}

export interface RunbookDiff {
  /** Changed steps not done yet (pending, running, interrupted or failed). */
  steps: StepChange[];
  added: { id: string; title: string }[];
  /** Steps the file no longer has and the run has not done. */
  removed: { id: string; title: string }[];
  /** Front matter: `env FOO: "1" → "2"`, `target ledger: path ./a.db → ./b.db`, `shell: bash → zsh`. */
  frontMatter: string[];
  /** Target names the front matter defines differently now (or newly). */
  targets: { changed: string[]; removed: string[] };
  /** Changed steps the run has already done: the record keeps what ran. */
  done: string[];
  /** Phases and plans retitled. */
  renamed: Renamed[];
  /** Steps not done yet that stand in another phase or plan now. */
  moved: Moved[];
}

/** What a step asks before it runs, as the controller decides it (controller.confirmation). */
export function safetyOf(step: Step): { destructive: boolean; typed: boolean } {
  return { destructive: step.annotations.destructive ?? step.destructive, typed: step.annotations.confirm === 'typed' };
}

const DONE = new Set(['passed', 'done', 'skipped', 'rehearsed']);

/** One line per text line, the first labelled: a multi-line command stays readable. */
function textLines(label: string, text: string): string[] {
  const pad = ' '.repeat(label.length);
  const lines = text.split('\n');
  const shown = lines.length > 12 ? [...lines.slice(0, 11), `… ${lines.length - 11} more lines`] : lines;
  return shown.map((line, i) => `${i === 0 ? label : pad}${line}`);
}

/** `{timeout=30s}`, `{destructive}`: an annotation as the file writes it. */
function annotationText(key: string, value: Annotations[keyof Annotations]): string {
  return `{${value === true ? key : `${key}=${value === false ? 'no' : String(value)}`}}`;
}

function annotationChange(key: string, a: Annotations[keyof Annotations] | undefined, b: Annotations[keyof Annotations] | undefined): string {
  if (a === undefined) return `${annotationText(key, b)} added`;
  if (b === undefined) return `${annotationText(key, a)} removed`;
  return `${annotationText(key, a)} → ${annotationText(key, b)}`;
}

function stepLines(then: Step, now: Step, redact: (text: string) => string): { lines: string[]; loosened: string[] } {
  const lines: string[] = [];
  if (then.kind !== now.kind) lines.push(`kind: ${then.kind} → ${now.kind}`);
  for (const [label, a, b] of [
    ['command', then.command ?? then.offeredCommand, now.command ?? now.offeredCommand],
    ['SQL', then.sql, now.sql],
  ] as const) {
    const after = b === undefined ? undefined : redact(b);
    if (a === after) continue;
    lines.push(...textLines(`${label} was: `, a ?? '(none)'), ...textLines(`${' '.repeat(label.length)} now: `, after ?? '(none)'));
  }
  const expected = [then.expectation?.text, now.expectation?.text === undefined ? undefined : redact(now.expectation.text)];
  if (expected[0] !== expected[1]) lines.push(`expected: ${expected[0] ?? '(nothing)'} → ${expected[1] ?? '(nothing)'}`);
  const keys = [...new Set([...Object.keys(then.annotations), ...Object.keys(now.annotations)])] as (keyof Annotations)[];
  for (const key of keys.filter((k) => k !== 'id')) {
    const a = then.annotations[key];
    const b = now.annotations[key];
    if (a !== b) lines.push(annotationChange(key, a, b));
  }
  const [was, is] = [safetyOf(then), safetyOf(now)];
  const loosened = [...(was.destructive && !is.destructive ? ['destructive'] : []), ...(was.typed && !is.typed ? ['typed confirmation'] : [])];
  if (!was.destructive && is.destructive) lines.push('now DESTRUCTIVE: it asks a typed confirmation before it runs');
  if (loosened.length > 0) {
    const what = loosened.map((l) => (l === 'destructive' ? 'no longer destructive' : 'no typed confirmation'));
    lines.push(`${what.join(', ')} in the file: it still asks its typed confirmation unless you accept that`);
  }
  return { lines, loosened };
}

const shown = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));

function mapOf(raw: RawFrontMatter, key: string): Record<string, unknown> {
  const value = raw[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function frontMatterLines(then: RawFrontMatter, now: RawFrontMatter): { lines: string[]; changed: string[]; removed: string[] } {
  const lines: string[] = [];
  const [envThen, envNow] = [mapOf(then, 'env'), mapOf(now, 'env')];
  for (const name of [...new Set([...Object.keys(envThen), ...Object.keys(envNow)])]) {
    const [a, b] = [envThen[name], envNow[name]];
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`env ${name}: ${shown(a)} → ${shown(b)}`);
  }
  const [targetsThen, targetsNow] = [mapOf(then, 'targets'), mapOf(now, 'targets')];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const name of [...new Set([...Object.keys(targetsThen), ...Object.keys(targetsNow)])]) {
    const [a, b] = [targetsThen[name], targetsNow[name]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    lines.push(`target ${name}: ${shown(a)} → ${shown(b)}`);
    if (b === undefined) removed.push(name);
    else changed.push(name);
  }
  if (JSON.stringify(then.shell) !== JSON.stringify(now.shell)) lines.push(`shell: ${shown(then.shell)} → ${shown(now.shell)}`);
  return { lines, changed, removed };
}

/**
 * The changes that matter to the steps the run has not done. `then` is the runbook the run
 * began with, as re-read from the journal (secrets redacted; null when it cannot be read
 * again), `now` the file as it is; `redact` makes `now`'s text comparable with the journal's.
 */
export function diffRunbooks(args: {
  state: RunState;
  then: Runbook | null;
  now: Runbook;
  raw: { then: RawFrontMatter; now: RawFrontMatter };
  ids: { changed: string[]; added: string[]; removed: string[] };
  redact: (text: string) => string;
}): RunbookDiff {
  const { state, then, now, ids, redact } = args;
  const open = (id: string) => !DONE.has(state.steps[id]?.status ?? 'pending');
  // By id: a big runbook changed throughout is still compared in one pass.
  const [stepsThen, stepsNow] = [new Map(then?.steps.map((s) => [s.id, s])), new Map(now.steps.map((s) => [s.id, s]))];
  const titles = new Map(state.summaries.map((s) => [s.id, s.title]));
  const titleThen = (id: string) => titles.get(id) ?? id;
  const steps: StepChange[] = [];
  for (const id of ids.changed.filter(open)) {
    const [a, b] = [stepsThen.get(id), stepsNow.get(id)];
    const found = a && b ? stepLines(a, b, redact) : { lines: [], loosened: [] };
    // Its digest changed, yet nothing above differs: a title, or a part the journal keeps redacted.
    if (found.lines.length === 0) found.lines.push('its text changed (the title, or a part the journal keeps redacted)');
    steps.push({ id, title: titleThen(id), ...found });
  }
  const plansThen = then?.plans ?? [...new Set(state.summaries.flatMap((x) => (x.plan === null ? [] : [x.plan])))].map((id) => ({ id, title: id }));
  const places = (phases: { id: string; title: string }[], plans: { id: string; title: string }[]): Place[] => [
    ...phases.map((p) => ({ kind: 'phase' as const, id: p.id, title: p.title })),
    ...plans.map((p) => ({ kind: 'plan' as const, id: p.id, title: p.title })),
  ];
  const shape = movesAndRenames({ placesThen: places(state.phases, plansThen), placesNow: places(now.phases, now.plans), stepsThen: state.summaries, stepsNow: now.steps, open });
  const runnable = state.summaries.some((s) => (s.kind === 'shell' || s.kind === 'sql') && open(s.id));
  const fm = runnable ? frontMatterLines(args.raw.then, args.raw.now) : { lines: [], changed: [], removed: [] };
  return {
    steps,
    added: ids.added.map((id) => ({ id, title: stepsNow.get(id)?.title ?? id })),
    removed: ids.removed.filter(open).map((id) => ({ id, title: titleThen(id) })),
    frontMatter: fm.lines,
    targets: { changed: fm.changed, removed: fm.removed },
    done: ids.changed.filter((id) => !open(id)),
    ...shape,
  };
}

/** Whether anything in the diff changes what the run does from here. */
export function diffMatters(diff: RunbookDiff): boolean {
  return diff.steps.length + diff.added.length + diff.removed.length + diff.frontMatter.length + diff.renamed.length + diff.moved.length > 0;
}

/**
 * `runbook` with each of `steps` made as strict as it was when the run began: destructive
 * (a typed confirmation) and `confirm=typed` stay. The runbook itself is not changed.
 */
export function keepSafety(runbook: Runbook, steps: { id: string; loosened: string[] }[]): Runbook {
  const strict = new Map(steps.filter((s) => s.loosened.length > 0).map((s) => [s.id, s.loosened]));
  if (strict.size === 0) return runbook;
  return {
    ...runbook,
    steps: runbook.steps.map((step) => {
      const loosened = strict.get(step.id);
      if (!loosened) return step;
      const annotations: Annotations = { ...step.annotations };
      if (loosened.includes('destructive')) annotations.destructive = true;
      if (loosened.includes('typed confirmation')) annotations.confirm = 'typed';
      return { ...step, destructive: step.destructive || loosened.includes('destructive'), annotations };
    }),
  };
}
