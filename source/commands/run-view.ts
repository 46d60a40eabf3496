// The `show --json` shape (PRODUCT.md §2), built from a replayed run.

import type { RecordedRun } from '../controller';
import type { StepStatus } from '../run/state';
import { isOpen } from '../run/step-status';
import type { ExpectationResult } from '../run/events';
import type { UnreadableEvent } from '../run/event-shapes';
import { anchorSummary, type AnchorSummary, type AnchorVerdict } from '../journal/verify';
import { stepAttempts, type AttemptState } from '../run/attempts';
import { runFailures, runOutcome, type RunFailure, type RunOutcome } from '../run/ending';
import { planVisits, type PlanEntry } from '../run/plan-entries';
import { attemptExcerpts, rereadRunbook } from '../report/gather';
import type { OutputExcerpt } from '../report/model';

/** A captured result set: its rows (a big one's first and last, `omitted` saying how many between) and the count and digest of all of them. */
interface CapturedSet {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  omitted?: { at: number; count: number };
  digest?: string;
}

/** One attempt at running a step (see run/attempts.ts). */
export interface ShownAttempt {
  number: number;
  state: AttemptState;
  startedAt: string;
  /** When it finished, or when a resume found it interrupted. */
  endedAt: string | null;
  exitCode: number | null;
  outputLines: number;
  output: OutputExcerpt | null;
}

export interface ShownPlan {
  id: string;
  title: string;
  entered: Omit<PlanEntry, 'seq'>[];
  leftAt: string | null;
}

export interface RunView {
  journal: string;
  /** The hash of the run's first event: the same in the journal and the team store. */
  runId: string | null;
  runbook: { file: string; sha256: string; title: string };
  /** `completed_with_failures`: completed, and something failed (`failures` says what). */
  state: RunOutcome;
  failures: RunFailure[];
  /** A rehearsal: walked, nothing run (added to the documented shape). */
  rehearsal: boolean;
  operator: string;
  startedAt: string;
  endedAt: string | null;
  steps: {
    id: string;
    kind: string;
    title: string;
    status: StepStatus;
    startedAt: string | null;
    endedAt: string | null;
    exitCode: number | null;
    outputLines: number;
    expectation: ExpectationResult | null;
    /** The exact text of the command or SQL the latest attempt ran, as journaled; null before it ran. */
    command: string | null;
    /** SQL steps: per statement its command tag and exact row count (returned, or touched by DML). */
    resultSets?: { statement: number; command: string; rowCount: number }[];
    notes: string[];
    /** The plan it belongs to (null: a step of the walk). */
    plan: string | null;
    /** Every attempt at running it, oldest first. */
    history: ShownAttempt[];
  }[];
  /** Plans entered (or reached), in order: how each entry came about. */
  plans: ShownPlan[];
  captures: { name: string; step: string; at: string; resultSets: CapturedSet[]; digest: string }[];
  comparisons: { name: string; step: string; at: string; passed: boolean; summary: string; baselineDigest: string; digest: string; rows: unknown[] }[];
  decisions: { tree: string; path: { question: string; answer: string }[]; reason: string; at: string }[];
  signoffs: { role: string; name: string; at: string; chainHead: string; signature: { keyFingerprint: string; valid: boolean } | null }[];
  due: { step: string; dueAt: string }[];
  chain: { events: number; head: string; valid: boolean; anchor: AnchorSummary };
  /** Events set aside as unreadable (added to the documented shape; empty in a sound journal). */
  unreadable: UnreadableEvent[];
}

export async function runView(run: RecordedRun, chain: { valid: boolean; events: number; head: string }, anchor: AnchorVerdict): Promise<RunView> {
  const s = run.state;
  const signoffs = await Promise.all(
    s.signoffs
      .filter((so) => !so.refused)
      .map(async (so) => ({
        role: so.role,
        name: so.name,
        at: so.at,
        chainHead: so.chainHead,
        signature: so.signature ? { keyFingerprint: so.signature.keyFingerprint, valid: (await run.checkSignature(so))?.valid === true } : null,
      })),
  );
  const live = run.driver !== undefined;
  const attempts = stepAttempts(run.events, live);
  const excerpts = attemptExcerpts(run);
  return {
    journal: run.path,
    runId: run.runId,
    runbook: s.runbook,
    state: runOutcome(s),
    failures: runFailures(s),
    rehearsal: s.rehearse,
    operator: s.operator,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    steps: s.summaries.map((summary) => {
      const st = s.steps[summary.id];
      return {
        id: summary.id,
        kind: summary.kind,
        title: summary.title,
        status: st?.status ?? 'pending',
        startedAt: st?.startedAt ?? null,
        endedAt: st?.endedAt ?? null,
        exitCode: st?.exitCode ?? null,
        outputLines: st?.outputLines ?? 0,
        expectation: st?.expectation ?? null,
        command: st?.ran ?? st?.command ?? null,
        ...(st?.resultSets ? { resultSets: st.resultSets.map((rs) => ({ statement: rs.statement, command: rs.command, rowCount: rs.rowCount })) } : {}),
        notes: st?.notes ?? [],
        plan: summary.plan,
        history: (attempts.get(summary.id) ?? []).map((a, i) => ({
          number: a.number,
          state: a.state,
          startedAt: a.startedAt,
          endedAt: a.endedAt,
          exitCode: a.exitCode,
          outputLines: a.outputLines,
          output: excerpts[summary.id]?.[i] ?? null,
        })),
      };
    }),
    plans: shownPlans(run),
    captures: Object.values(s.captures).map((c) => ({
      name: c.name,
      step: c.step,
      at: c.at,
      resultSets: c.resultSets.map((rs) => ({
        columns: rs.columns.map((col) => col.name),
        rows: rs.rows,
        rowCount: rs.rowCount,
        ...(rs.omitted ? { omitted: rs.omitted } : {}),
        ...(rs.digest ? { digest: rs.digest } : {}),
      })),
      digest: c.digest,
    })),
    comparisons: s.comparisons.map((c) => ({ name: c.name, step: c.step, at: c.at, passed: c.passed, summary: c.summary, baselineDigest: c.baselineDigest, digest: c.digest, rows: c.rows })),
    decisions: s.decisions.map((d) => ({ tree: d.tree, path: d.path, reason: d.reason, at: d.at })),
    signoffs,
    due: s.due.filter((d) => isOpen(s.steps[d.step]?.status ?? 'pending')),
    chain: { events: chain.events, head: chain.head, valid: chain.valid, anchor: anchorSummary(anchor) },
    unreadable: run.unreadable,
  };
}

/** Every plan entered or reached, titled as the runbook titles it (read from the journal's copy). */
function shownPlans(run: RecordedRun): ShownPlan[] {
  const s = run.state;
  const visits = planVisits(run.events);
  const ids = visits.map((v) => v.plan);
  for (const summary of s.summaries) {
    if (summary.plan !== null && !ids.includes(summary.plan) && (s.steps[summary.id]?.status ?? 'pending') !== 'pending') ids.push(summary.plan);
  }
  if (ids.length === 0) return [];
  const runbook = rereadRunbook(run).runbook;
  return ids.map((id) => {
    const visit = visits.find((v) => v.plan === id);
    return {
      id,
      title: runbook?.plans.find((p) => p.id === id)?.title ?? visit?.title ?? id,
      entered: (visit?.entries ?? []).map(({ seq: _seq, ...entry }) => entry),
      leftAt: visit?.leftAt ?? null,
    };
  });
}
