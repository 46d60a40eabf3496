// A command that holds `[REDACTED]` where a secret was: the journal's copy of the runbook
// (resume with the file gone or unreadable), or a checklist pasted from a redacted ticket.
// Run as written, those ten letters go where the secret went: a login refused, a password
// set to them. Such a command runs only once the operator edits the secret back in; a
// rehearsal runs nothing, so it may go on.

import { REDACTED } from '../runbook/secret-shapes';

/** Why the command must not run as written (short: it goes after "Not run: " on an 80-column line), or null. */
export function heldSecret(command: string): string | null {
  if (!command.includes(REDACTED)) return null;
  return `it holds ${REDACTED} where a secret was: edit the secret in (e) first`;
}
