// `resume` when the runbook file changed since the run began: what changed for the steps
// not done yet (command and SQL text, annotations, env, targets, shell) is listed, and the
// new version is used only when the operator says so. A step the file no longer marks
// destructive keeps its typed confirmation unless the operator types the word that drops
// it; one the file makes destructive is destructive from here on.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors';
import type { Runbook } from '../runbook/model';
import type { RunTarget } from '../run/events';
import { rawFrontMatter } from '../runbook/front-matter-raw';
import { withoutFrontMatter } from '../runbook/front-matter-fences';
import { withProcedureMenu } from '../runbook/procedure-menu';
import { diffMatters, diffRunbooks, keepSafety, type RunbookDiff } from '../run/runbook-changes';
import { resolveTarget } from '../executors/targets';
import type { ResumingRun } from '../controller';
import type { Driving } from './drive';
import { whole, wrapHanging, wrapParagraph, wrapText } from '../wrap';

/** The word that lets a file change drop a typed confirmation the run began with. */
export const LOOSEN_WORD = 'loosen';

export interface Reconciled {
  runbook: Runbook;
  targets: RunTarget[];
}

/** The runbook the run began with, re-read from the journal (secrets redacted), or null. */
async function journaledRunbook(file: string, source: string): Promise<Runbook | null> {
  const { parseRunbookText } = await import('./load');
  const sha = createHash('sha256').update(source).digest('hex');
  // A redacted front matter (`secret: [REDACTED]`) no longer parses; the steps still do.
  for (const text of [source, withoutFrontMatter(source)]) {
    if (text === null) continue;
    try {
      return withProcedureMenu(parseRunbookText(file, text, sha));
    } catch {
      // next
    }
  }
  return null;
}

function shownLine(line: string, columns: number): string[] {
  if (/^ {8}/.test(line)) return [line];
  const [, head = '', text = ''] = /^(\s*(?:[+-] )?)(.*)$/.exec(line) ?? [];
  return wrapHanging(head, text, columns);
}

function diffLines(diff: RunbookDiff): string[] {
  const out: string[] = [];
  for (const step of diff.steps) {
    out.push(`    ~ ${step.id}`);
    for (const line of step.lines) out.push(`        ${line}`);
  }
  for (const step of diff.added) out.push(`    + ${step.id}: added; this run walks only the steps it began with`);
  for (const step of diff.removed) out.push(`    - ${step.id}: removed from the file`);
  for (const place of diff.renamed) out.push(`    ${place.kind} renamed: "${place.from}" → "${place.to}"`);
  for (const step of diff.moved) out.push(`    → ${step.id}: moved from ${step.from} to ${step.to}`);
  for (const line of diff.frontMatter) out.push(`    ${line}`);
  return out;
}

/** A question before the run goes on: true for `y` or an empty line, false for `q` or the end of input; anything else asks again. */
export async function goOn(driving: Driving, prompt: string): Promise<boolean> {
  for (;;) {
    const answer = await ask(driving, prompt);
    if (answer === null || answer === 'q') return false;
    if (answer === '' || answer === 'y') return true;
  }
}

/** One answer at a line prompt before the run goes on (null: end of input); the prompt flows at spaces to the terminal's width. */
async function ask(driving: Driving, prompt: string): Promise<string | null> {
  driving.out(`${wrapParagraph(prompt, driving.ctx.columns()).join('\n')} `);
  const line = await driving.lines.next();
  if (line === null) driving.out('\n');
  else if (!driving.ctx.isTTY) driving.out(`${line}\n`);
  return line;
}

/** The front matter's targets that changed, resolved as the file has them now; the rest as the run began. */
function targetsNow(runbook: Runbook, diff: RunbookDiff, before: RunTarget[], env: Record<string, string | undefined>, profiles: Record<string, string>, rehearse: boolean): RunTarget[] {
  const changed = new Set(diff.targets.changed);
  const kept = before.filter((t) => !changed.has(t.name) && !diff.targets.removed.includes(t.name));
  const fresh = runbook.frontMatter.targets
    .filter((t) => changed.has(t.name))
    .map((t) => {
      try {
        return resolveTarget(t, { runbookDir: dirname(resolve(runbook.file)), env, profiles });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (rehearse) return { name: t.name, kind: t.kind, location: `(not resolved: ${message})`, statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 };
        throw new UsageError(`the runbook's new version cannot be used: ${message}`);
      }
    });
  return [...kept, ...fresh];
}

/**
 * The runbook and targets the resumed run goes on with; null when the operator stopped
 * (the run stays paused). `source` is the file's text now; `redact` the journal's redaction.
 */
export async function reconcileRunbook(args: {
  resuming: ResumingRun;
  driving: Driving;
  runbook: Runbook;
  source: string;
  redact: (text: string) => string;
  env: Record<string, string | undefined>;
  profiles: Record<string, string>;
}): Promise<Reconciled | null> {
  const { resuming, driving, runbook } = args;
  const s = resuming.state;
  const targets = s.targets.map((t) => ({ ...t }));
  const ids = resuming.reconcile(runbook);
  if (ids === null) return { runbook, targets };
  // Prose flows at spaces under its indent (an added or removed step's note under its
  // mark); a changed step's own lines (its command, its fields) are shown as they are.
  const say = (lines: string[]) => driving.out(lines.flatMap((l) => shownLine(l, driving.ctx.columns())).map((l) => `${l}\n`).join(''));
  driving.out(wrapText([['! The runbook changed since the run began:', whole(s.runbook.file)]], driving.ctx.columns()));
  const then = await journaledRunbook(s.runbook.file, s.source);
  const diff = diffRunbooks({ state: s, then, now: runbook, raw: { then: rawFrontMatter(s.source), now: rawFrontMatter(args.redact(args.source)) }, ids, redact: args.redact });
  const record = { sha256: runbook.sha256, ...ids };
  if (!diffMatters(diff)) {
    // Nothing the run has still to do changed: the new version is used, as before.
    say([...ids.changed.map((id) => `    changed  ${id} (already done: the record keeps what ran)`), ...ids.removed.map((id) => `    removed  ${id}`)]);
    resuming.adopt(record);
    return { runbook, targets };
  }
  const details = diffLines(diff);
  say(['  What changed for the steps not done yet:', ...details]);
  if (diff.done.length > 0) say([`  Already done, changed in the file (the record keeps what ran): ${diff.done.join(', ')}`]);
  if (!(await goOn(driving, 'Use the new version? [y] use it · q stop (the run stays paused; put the file back to go on as it began) >'))) return null;
  const loosened = diff.steps.filter((step) => step.loosened.length > 0);
  let relaxed: string[] = [];
  if (loosened.length > 0) {
    say([`! The file drops the typed confirmation of ${loosened.length === 1 ? 'a step' : `${loosened.length} steps`} that asked one when the run began: ${loosened.map((x) => x.id).join(', ')}`]);
    const typed = await ask(driving, `Type "${LOOSEN_WORD}" to run ${loosened.length === 1 ? 'it' : 'them'} without it; anything else keeps the confirmation >`);
    if (typed === null || typed === 'q') return null;
    if (typed === LOOSEN_WORD) relaxed = loosened.map((x) => x.id);
    const one = loosened.length === 1;
    say([relaxed.length > 0 ? `Accepted: ${one ? 'its' : 'their'} typed confirmation is dropped, as the file says.` : `Kept: ${one ? 'it still asks its' : 'each still asks its'} typed confirmation.`]);
  }
  // The screen's first frame hides what was said here: its banner says the new shape again.
  driving.notices.push(...diff.renamed.map((p) => `! ${p.kind} renamed: "${p.from}" → "${p.to}"`), ...diff.moved.map((m) => `! ${m.id} moved from ${m.from} to ${m.to}`));
  const strict = loosened.filter((x) => !relaxed.includes(x.id));
  const now = targetsNow(runbook, diff, targets, args.env, args.profiles, s.rehearse);
  const retargeted = diff.targets.changed.length + diff.targets.removed.length > 0;
  resuming.adopt({ ...record, accepted: true, details, relaxed, ...(strict.length > 0 ? { keptStrict: strict.map((x) => x.id) } : {}), ...(retargeted ? { targets: now } : {}) });
  return { runbook: keepSafety(runbook, strict), targets: now };
}
