// The steps as a run records them when it starts: enough to show the run without the
// runbook, and a digest per step so a resume can tell which steps changed since.

import { createHash } from 'node:crypto';
import type { Runbook, Step } from '../runbook/model';
import type { StepSummary } from '../run/events';

export function stepDigest(step: Step): string {
  const content = JSON.stringify([step.kind, step.title, step.command ?? null, step.sql ?? null, step.expectation?.text ?? null, step.annotations]);
  return createHash('sha256').update(content).digest('hex');
}

export function summaries(runbook: Runbook): StepSummary[] {
  return runbook.steps.map((s) => ({
    id: s.id,
    kind: s.kind,
    title: s.title,
    line: s.line,
    phase: s.phase,
    plan: s.plan,
    digest: stepDigest(s),
    ...(s.annotations.at || s.dueAfter ? { dueAfter: s.annotations.at ?? s.dueAfter } : {}),
  }));
}
