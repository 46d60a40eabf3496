// resume with the runbook file gone (or unreadable) goes on with the journal's copy of the
// runbook, which is redacted: where the file had a secret, a command there holds
// `[REDACTED]`. Run as written, those ten letters go where the secret went (a login refused,
// a password set to them), so such a command runs only once the operator edits the secret
// back in. A rehearsal runs nothing, so it may go on. A runbook's own `[REDACTED]` (a grep
// for redacted log lines) is the author's, and runs.

import type { Runbook, Step } from '../runbook/model';
import { REDACTED } from '../runbook/secret-shapes';

/** The runbook read from the journal's copy: each step whose command lost a secret is marked, the marker a placeholder to fill. */
export function withSecretsTakenOut(runbook: Runbook): Runbook {
  const steps = runbook.steps.map((step): Step => {
    const text = step.command ?? step.sql ?? '';
    if ((step.kind !== 'shell' && step.kind !== 'sql') || !text.includes(REDACTED)) return step;
    return { ...step, secretTakenOut: true, placeholders: [...new Set([...(step.placeholders ?? []), REDACTED])] };
  });
  return { ...runbook, steps };
}

/** Why the command must not run as written (short: it goes after "Not run: " on an 80-column line), or null. */
export function heldSecret(step: Step, command: string): string | null {
  if (!step.secretTakenOut || !command.includes(REDACTED)) return null;
  return `it holds ${REDACTED} where a secret was: edit the secret in (e) first`;
}
