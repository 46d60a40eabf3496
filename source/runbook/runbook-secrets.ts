// The credential values a runbook itself holds — set in its commands and SQL, given in its
// front matter's `env:` or as a secret input's default — known before anything runs, so a
// later step that prints one (`echo "$DB_PASSWORD"`, a config file it writes and cats) is
// redacted too, and so is the runbook's own text as the journal keeps it.

import type { Runbook } from './model';
import { secretsIn, worthHunting } from './redact-shapes';
import { isSensitiveName } from './secret-shapes';

export function secretsInRunbook(runbook: Runbook, source?: string): string[] {
  const found = new Set<string>(source === undefined ? [] : secretsIn(source));
  for (const step of runbook.steps) {
    for (const text of [step.command, step.sql, step.offeredCommand]) if (text) for (const s of secretsIn(text)) found.add(s);
  }
  for (const [name, value] of Object.entries(runbook.frontMatter.env)) {
    if (isSensitiveName(name) && worthHunting(value) && !value.includes('$')) found.add(value);
  }
  // A secret input's default is the secret itself once the operator takes it with enter
  // (of any length, as a typed secret input is).
  for (const input of runbook.inputs) {
    if (input.secret && input.default !== undefined && input.default !== '') found.add(input.default);
  }
  return [...found];
}
