// Journal → Report. Pure: the run's events and replayed state, the runbook as it was when
// the run began (when it can be re-read), output excerpts and the checks made on the file.

import type { SignatureCheck } from '../controller';
import type { Runbook, Step } from '../runbook/model';
import type { IdentityRecord, RunEvent } from '../run/events';
import type { RunState, StepStatus } from '../run/state';
import { isOpen, stillToDo } from '../run/step-status';
import { stepAttempts } from '../run/attempts';
import { runFailures, runOutcome, skippedSteps } from '../run/ending';
import { planVisits } from '../run/plan-entries';
import { statusMark } from '../run/status-mark';
import { findBaselineValueTables, fillBaselineValues } from './baseline-values';
import { reportCaptures, reportComparisons } from './build-baselines';
import { reportStep, type StepSources } from './build-steps';
import { REPORT_FORMAT, REPORT_VERSION } from './model';
import type { AnchorSummary } from '../controller';
import type { UnreadableEvent } from '../run/event-shapes';
import type { OutputExcerpt, Report, ReportAttempt, ReportDecision, ReportGroup, ReportInput, ReportPlan, ReportSession, ReportSignOff, ReportStep } from './model';

export interface ReportSources {
  journal: string;
  /** The hash of the run's first event (journal/run-id.ts). */
  runId: string | null;
  /** When the report is made: decides which scheduled checks are overdue. */
  now: Date;
  events: RunEvent[];
  state: RunState;
  /** The runbook parsed from the run's own copy of its text; null when that failed. */
  runbook: Runbook | null;
  runbookProblem: string | null;
  excerpts: Record<string, OutputExcerpt>;
  /** Each attempt's output excerpt, by step, in the order of run/attempts.ts (null: no output). */
  attemptExcerpts: Record<string, (OutputExcerpt | null)[]>;
  chain: { valid: boolean; events: number; head: string; firstBad?: { seq: number; reason: string } };
  anchor: AnchorSummary;
  /** Events left out of the run because they could not be read. */
  unreadable: UnreadableEvent[];
  /** Whether each of state.signoffs' signed chain head is still this journal's (false for a refusal). */
  signedHeadsInJournal: boolean[];
  /** The SSH signature check of each of state.signoffs, in order (null: no signature). */
  signatures: (SignatureCheck | null)[];
}

/** Who was at the keyboard at each event: the operator changes on a handover. */
function operatorsByEvent(events: RunEvent[], first: string): Map<number, string> {
  const by = new Map<number, string>();
  let operator = first;
  for (const e of events) {
    if (e.type === 'run.started') operator = e.payload.operator;
    if (e.type === 'operator.changed') operator = e.payload.to;
    by.set(e.seq, operator);
  }
  return by;
}

function session(at: string, kind: ReportSession['kind'], identity: IdentityRecord | null, operator: string, from: string | null): ReportSession {
  return {
    at,
    kind,
    operator,
    from,
    user: identity?.user ?? null,
    sudoUser: identity?.sudoUser ?? null,
    host: identity?.host ?? null,
    sshClient: identity?.sshClient ?? null,
    tmux: identity?.tmux ?? null,
    screen: identity?.screen ?? null,
    pid: identity?.pid ?? null,
  };
}

function sessions(events: RunEvent[], by: Map<number, string>): ReportSession[] {
  const out: ReportSession[] = [];
  for (const e of events) {
    const operator = by.get(e.seq) ?? '';
    switch (e.type) {
      case 'run.started':
        out.push(session(e.at, 'started', e.payload.identity, e.payload.operator, null));
        break;
      case 'session.started':
        // The first session is the start itself; later ones are resumes.
        if (e.payload.resumed) out.push(session(e.at, 'resumed', e.payload.identity, e.payload.identity.operator, null));
        break;
      case 'operator.changed': {
        const p = e.payload;
        const last = out.at(-1);
        // `resume --operator` journals the session, then the handover: one row says both.
        const same = last?.kind === 'resumed' && last.pid === p.identity.pid && last.host === p.identity.host;
        const row = session(same ? last.at : e.at, 'handover', p.identity, p.to, p.from);
        if (same) out[out.length - 1] = row;
        else out.push(row);
        break;
      }
      case 'lock.takeover': {
        const f = e.payload.from;
        out.push(session(e.at, 'lock-takeover', null, operator, `${f.operator} on ${f.host} (pid ${f.pid}, since ${f.since})`));
        break;
      }
      case 'lease.takeover': {
        const f = e.payload.from;
        out.push(session(e.at, 'lease-takeover', null, e.payload.to.operator, `${f.operator} (${f.user}@${f.host}, pid ${f.pid}; last renewed ${f.renewedAt}): ${e.payload.reason}`));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function inputs(events: RunEvent[], by: Map<number, string>): ReportInput[] {
  const latest = new Map<string, ReportInput>();
  for (const e of events) {
    if (e.type !== 'input.given') continue;
    const p = e.payload;
    latest.set(p.name, { name: p.name, step: p.step, value: p.secret ? null : p.value, secret: p.secret, by: by.get(e.seq) ?? null, at: e.at });
  }
  return [...latest.values()];
}

function decisions(events: RunEvent[], by: Map<number, string>, titleOf: (id: string) => string): ReportDecision[] {
  return events.flatMap((e) => {
    if (e.type !== 'decision.taken') return [];
    const p = e.payload;
    return [{ at: e.at, by: by.get(e.seq) ?? '', step: p.step, stepTitle: p.step === null ? null : titleOf(p.step), tree: p.tree, path: p.path, leadsTo: p.leadsTo, reason: p.reason }];
  });
}

function signoffs(sources: ReportSources): ReportSignOff[] {
  const list = sources.state.signoffs.map((so, i): ReportSignOff => {
    const check = sources.signatures[i] ?? null;
    return {
      step: so.step,
      role: so.role,
      name: so.name,
      at: so.at,
      refused: so.refused,
      chainHead: so.chainHead,
      chainHeadInJournal: sources.signedHeadsInJournal[i] ?? false,
      statement: so.statement,
      signature: so.signature ? { keyFingerprint: so.signature.keyFingerprint, valid: check?.valid ?? false, problem: check && !check.valid ? check.message : null } : null,
      note: so.signatureNote,
      sameKeyAs: [],
      enteredBy: so.enteredBy,
    };
  });
  for (const so of list) {
    if (!so.signature) continue;
    const key = so.signature.keyFingerprint;
    so.sameKeyAs = [...new Set(list.filter((o) => o !== so && o.signature?.keyFingerprint === key && o.role !== so.role).map((o) => o.role))];
  }
  return list;
}

function plans(sources: ReportSources, stepsOf: (plan: string) => ReportStep[], by: Map<number, string>, titleOf: (id: string) => string): ReportPlan[] {
  const { events, state, runbook } = sources;
  const visits = planVisits(events);
  const order = visits.map((v) => v.plan);
  // A plan step reached without an entry event (opened some other way) still shows.
  for (const s of state.summaries) {
    if (s.plan !== null && !order.includes(s.plan) && (state.steps[s.id]?.status ?? 'pending') !== 'pending') order.push(s.plan);
  }
  const planTitle = (id: string) => runbook?.plans.find((p) => p.id === id)?.title ?? visits.find((v) => v.plan === id)?.title ?? id;
  return order.map((id) => {
    const visit = visits.find((v) => v.plan === id);
    const entered = (visit?.entries ?? []).map((e) => ({
      at: e.at,
      by: by.get(e.seq) ?? '',
      from: e.from,
      fromTitle: e.from === null ? null : titleOf(e.from),
      how: e.how,
      tree: e.tree,
      path: e.path,
      reason: e.reason,
    }));
    return { id, title: planTitle(id), steps: stepsOf(id), entered, leftAt: visit?.leftAt ?? null };
  });
}

/** Every attempt of every step that ran, with its output excerpt. */
function history(sources: ReportSources): Map<string, ReportAttempt[]> {
  const live = Object.values(sources.state.steps).some((s) => s.status === 'running');
  const out = new Map<string, ReportAttempt[]>();
  for (const [step, attempts] of stepAttempts(sources.events, live)) {
    out.set(
      step,
      attempts.map((a, i) => ({
        number: a.number,
        state: a.state,
        mark: statusMark(a.state),
        startedAt: a.startedAt,
        endedAt: a.endedAt,
        durationMs: a.durationMs,
        exitCode: a.exitCode,
        signal: a.signal,
        error: a.error,
        notes: a.notes,
        command: a.command,
        output: sources.attemptExcerpts[step]?.[i] ?? null,
      })),
    );
  }
  return out;
}

function phases(state: RunState, steps: ReportStep[]): ReportGroup[] {
  const groups: ReportGroup[] = [];
  state.summaries.forEach((s, i) => {
    if (s.plan !== null) return;
    const id = s.phase ?? '';
    let group = groups.find((g) => g.id === id);
    if (!group) {
      const fallback = groups.length === 0 ? 'Before the first phase' : 'Other steps';
      group = { id, title: state.phases.find((p) => p.id === s.phase)?.title ?? fallback, steps: [] };
      groups.push(group);
    }
    const step = steps[i];
    if (step) group.steps.push(step);
  });
  return groups;
}

function counts(state: RunState): { counts: Partial<Record<StepStatus, number>>; open: number } {
  const out: Partial<Record<StepStatus, number>> = {};
  let open = 0;
  for (const s of state.summaries) {
    const status = state.steps[s.id]?.status ?? 'pending';
    if (s.plan !== null && status === 'pending') continue;
    out[status] = (out[status] ?? 0) + 1;
    if (s.plan === null && stillToDo(state.steps[s.id])) open++;
  }
  return { counts: out, open };
}

export function buildReport(sources: ReportSources): Report {
  const { state, events } = sources;
  const by = operatorsByEvent(events, state.operator);
  const byId = new Map<string, Step>((sources.runbook?.steps ?? []).map((s) => [s.id, s]));
  const titleOf = (id: string) => state.summaries.find((s) => s.id === id)?.title ?? id;
  const changes = events.flatMap((e) => (e.type === 'runbook.changed' ? [{ at: e.at, ...e.payload }] : []));
  const stepSources: StepSources = { state, steps: byId, excerpts: sources.excerpts, history: history(sources), changed: new Set(state.changedSteps) };
  const steps = state.summaries.map((s, i) => reportStep(s, i + 1, stepSources));
  const stepsOf = (plan: string) => steps.filter((_, i) => state.summaries[i]?.plan === plan);
  const ended = events.findLast((e) => e.type === 'run.ended');
  const tally = counts(state);
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: sources.now.toISOString(),
    journal: sources.journal,
    runId: sources.runId,
    runbook: { ...state.runbook, changes, problem: sources.runbookProblem },
    run: {
      state: runOutcome(state),
      failures: runFailures(state),
      skipped: skippedSteps(state),
      rehearsal: state.rehearse,
      operator: state.operator,
      operators: [...new Set(by.values())],
      startedAt: state.startedAt,
      endedAt: state.endedAt,
      endReason: ended?.type === 'run.ended' ? (ended.payload.reason ?? null) : null,
      paused: state.paused,
      counts: tally.counts,
      open: tally.open,
    },
    sessions: sessions(events, by),
    targets: state.targets.map((t) => ({ name: t.name, kind: t.kind, location: t.location })),
    phases: phases(state, steps),
    plans: plans(sources, stepsOf, by, titleOf),
    inputs: inputs(events, by),
    captures: reportCaptures(state, titleOf),
    comparisons: reportComparisons(state, titleOf),
    baselineValues: fillBaselineValues(state, findBaselineValueTables(state.source)),
    decisions: decisions(events, by, titleOf),
    signoffs: signoffs(sources),
    scheduled: state.due.map((d) => {
      const status = state.steps[d.step]?.status ?? 'pending';
      return { step: d.step, title: titleOf(d.step), dueAt: d.dueAt, status, overdue: isOpen(status) && Date.parse(d.dueAt) <= sources.now.getTime() };
    }),
    chain: {
      valid: sources.chain.valid,
      events: sources.chain.events,
      head: sources.chain.head,
      problem: sources.chain.firstBad ? { seq: sources.chain.firstBad.seq, reason: sources.chain.firstBad.reason } : null,
      anchor: sources.anchor,
    },
    unreadableEvents: sources.unreadable,
  };
}
