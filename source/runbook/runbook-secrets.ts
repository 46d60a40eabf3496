// The credential values a runbook itself holds — set in its commands and SQL, given in its
// front matter's `env:` — known before anything runs, so a later step that prints one
// (`echo "$DB_PASSWORD"`, a config file it writes and cats) is redacted too.

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
  return [...found];
}
