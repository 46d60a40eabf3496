// The `show --json` shape (PRODUCT.md §2), built from a replayed run.

import type { RecordedRun } from '../controller';
import type { StepStatus } from '../run/state';
import { isOpen } from '../run/step-status';
import type { ExpectationResult } from '../run/events';
import type { UnreadableEvent } from '../run/event-shapes';
import { anchorSummary, type AnchorSummary, type AnchorVerdict } from '../journal/verify';

/** A captured result set: its rows (a big one's first and last, `omitted` saying how many between) and the count and digest of all of them. */
interface CapturedSet {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  omitted?: { at: number; count: number };
  digest?: string;
}

export interface RunView {
  journal: string;
  /** The hash of the run's first event: the same in the journal and the team store. */
  runId: string | null;
  runbook: { file: string; sha256: string; title: string };
  state: string;
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
  }[];
  captures: { name: string; step: string; at: string; resultSets: CapturedSet[]; digest: string }[];
  comparisons: { name: string; step: string; at: string; passed: boolean; baselineDigest: string; digest: string; rows: unknown[] }[];
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
  return {
    journal: run.path,
    runId: run.runId,
    runbook: s.runbook,
    state: s.lifecycle,
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
      };
    }),
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
    comparisons: s.comparisons.map((c) => ({ name: c.name, step: c.step, at: c.at, passed: c.passed, baselineDigest: c.baselineDigest, digest: c.digest, rows: c.rows })),
    decisions: s.decisions.map((d) => ({ tree: d.tree, path: d.path, reason: d.reason, at: d.at })),
    signoffs,
    due: s.due.filter((d) => isOpen(s.steps[d.step]?.status ?? 'pending')),
    chain: { events: chain.events, head: chain.head, valid: chain.valid, anchor: anchorSummary(anchor) },
    unreadable: run.unreadable,
  };
}
