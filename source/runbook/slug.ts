// Stable names from headings and labels: step ids, input names.
// Made from the text with its credentials redacted: an id is written to the journal, the
// report and `show --json` as it is, so `PGPASSWORD=x psql` must not become
// `pgpassword-x-psql`. Text without a credential gives the same slug as it always did.

import { redactSecretShapes } from './redact-shapes';

const MAX_SLUG = 60;
const NON_ASCII = /[\u0080-\uFFFF]/;

/**
 * `## 🔐 Pre-Deployment Security` → `pre-deployment-security`. Emoji and their mis-decoded
 * forms (`üîê`, `‚úÖ` in the seeds) are dropped: a word with no ASCII letter or digit
 * that holds any symbol, punctuation or private-use character. Accented words keep their
 * letters (`Café` → `cafe`).
 */
export function slugify(text: string): string {
  const kept = redactSecretShapes(text)
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w) || !/[^\p{L}\p{M}\p{N}]/u.test(w))
    .join(' ');
  // Plain ASCII has no accents to take apart (most headings and steps).
  const bare = NON_ASCII.test(kept) ? kept.normalize('NFKD').replace(/\p{M}/gu, '') : kept;
  const words = bare
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  // A single word longer than the limit is cut rather than lost.
  return slug === '' && words[0] ? words[0].slice(0, MAX_SLUG) : slug;
}

/**
 * A label as a variable name: "Deploy Lead" → `deploy_lead`, "Commit SHA" → `commit_sha`.
 * A parenthetical is a remark, not part of the name: "Failed (STOP if > 0)" → `failed`.
 */
export function snakeCase(label: string): string {
  const withoutRemarks = label.replace(/\([^)]*\)/g, ' ');
  const source = /[A-Za-z0-9]/.test(withoutRemarks) ? withoutRemarks : label;
  return slugify(source).replace(/-/g, '_');
}
