// Ids an earlier build gave: until ids were made from redacted text, a step holding a
// credential got an id with the credential in it (`…/pgpassword-hunter2-psql`). A journal
// begun then still names the step so. On resume the same step — the same content — keeps
// the id its journal knows, instead of being taken for a new step while the journal's one
// is skipped as gone. Ids of steps without a credential never changed, so they all match.

import type { Runbook } from '../runbook/model';
import type { StepSummary } from '../run/events';
import { stepDigest } from '../controller';

export function adoptJournalIds(runbook: Runbook, journaled: StepSummary[]): Runbook {
  const current = new Set(runbook.steps.map((s) => s.id));
  const known = new Set(journaled.map((s) => s.id));
  const orphans = journaled.filter((s) => !current.has(s.id));
  if (orphans.length === 0) return runbook;
  const renamed = new Map<string, string>();
  for (const step of runbook.steps) {
    if (known.has(step.id)) continue;
    const digest = stepDigest(step);
    const same = orphans.filter((o) => o.digest === digest && ![...renamed.values()].includes(o.id));
    const match = same.length === 1 ? same[0] : same.find((o) => o.line === step.line);
    if (match) renamed.set(step.id, match.id);
  }
  if (renamed.size === 0) return runbook;
  const rename = (id: string): string => renamed.get(id) ?? id;
  return {
    ...runbook,
    steps: runbook.steps.map((s) => (renamed.has(s.id) ? { ...s, id: rename(s.id) } : s)),
    decisions: runbook.decisions.map((d) => (d.step !== null && renamed.has(d.step) ? { ...d, step: rename(d.step) } : d)),
  };
}
