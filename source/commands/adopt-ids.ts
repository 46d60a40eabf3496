// The ids the run knows, given to the file's steps on resume (run/step-matching.ts says which
// step is which). An id made from a step's text changes with the text: a typo fixed in a
// command, a repeat's `-2` when its twin is edited, and, until ids were made from redacted
// text, a credential in the step (`…/pgpassword-hunter2-psql`, as a journal begun then still
// names it). The same step keeps the id its journal knows, so an edited step reads as
// changed (was / now) and is offered with its new text, instead of being taken for a new
// step while the journal's one is skipped as gone.

import type { Runbook } from '../runbook/model';
import type { StepSummary } from '../run/events';
import { matchSteps } from '../run/step-matching';
import { stepDigest } from '../controller';

export function adoptJournalIds(runbook: Runbook, journaled: StepSummary[]): Runbook {
  const now = runbook.steps.map((s) => ({ id: s.id, digest: stepDigest(s), title: s.title, explicit: s.annotations.id !== undefined }));
  const renamed = matchSteps(journaled, now);
  if (renamed.size === 0) return runbook;
  const rename = (id: string): string => renamed.get(id) ?? id;
  return {
    ...runbook,
    steps: runbook.steps.map((s) => (renamed.has(s.id) ? { ...s, id: rename(s.id) } : s)),
    decisions: runbook.decisions.map((d) => (d.step !== null && renamed.has(d.step) ? { ...d, step: rename(d.step) } : d)),
  };
}
