// Step ids that survive edits elsewhere in the file: the `#id` annotation, else
// slug(section) + '/' + slug(step text); a repeat gets -2, -3 in document order.

import { DialectError } from './model';
import { slugify } from './slug';
import { redactSecretShapes } from './redact-shapes';

export interface IdRequest {
  /** From `{#id}` / `<!-- runbook: id=… -->`. */
  explicit?: string;
  section: string;
  text: string;
  /** Used when the text has no letters or digits. */
  fallback: string;
  line: number;
}

/** Ids in request order (document order). An explicit id used twice is an error. */
export function assignIds(requests: IdRequest[]): string[] {
  const explicit = new Map<string, number>();
  for (const r of requests) {
    if (r.explicit === undefined) continue;
    const other = explicit.get(r.explicit);
    if (other !== undefined) throw new DialectError(r.line, `step id "${r.explicit}" is already used at line ${other}`);
    // The journal keeps ids with credential shapes redacted: such an id would not be found again.
    if (redactSecretShapes(r.explicit) !== r.explicit) throw new DialectError(r.line, `step id "${r.explicit}" looks like a credential; give the step another id`);
    explicit.set(r.explicit, r.line);
  }
  const taken = new Set(explicit.keys());
  const counts = new Map<string, number>();
  // Most steps share their section's name with others: its slug is made once.
  const sectionSlugs = new Map<string, string>();
  const sectionSlug = (section: string): string => {
    let slug = sectionSlugs.get(section);
    if (slug === undefined) sectionSlugs.set(section, (slug = slugify(section) || 'runbook'));
    return slug;
  };
  return requests.map((r) => {
    if (r.explicit !== undefined) return r.explicit;
    const base = `${sectionSlug(r.section)}/${slugify(r.text) || r.fallback}`;
    let n = counts.get(base) ?? 0;
    let id: string;
    do {
      n++;
      id = n === 1 ? base : `${base}-${n}`;
    } while (taken.has(id));
    counts.set(base, n);
    taken.add(id);
    return id;
  });
}

/** Ids for nested decision questions under their root: `<root>/<question>`, repeats -2. */
export function childId(parent: string, text: string, taken: Set<string>): string {
  const base = `${parent}/${slugify(text) || 'question'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
