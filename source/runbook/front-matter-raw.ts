// The front matter as plain data, unchecked: to compare the runbook a run began with (as
// its journal keeps it, secrets redacted — `secret: [REDACTED]` is no longer a valid input
// spec) with the file as it is now. Never used to run anything. Read as the parser reads
// it (front-matter-fences.ts): YAML between `---` lines or Hugo's TOML between `+++` lines,
// runbook's keys at the top or under a `runbook:` mapping.

import { parse } from 'yaml';
import { frontMatterYaml } from './front-matter-fences';

export type RawFrontMatter = Record<string, unknown>;

const isMap = (value: unknown): value is RawFrontMatter => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The front matter's keys and values, or {} when there is none or it is not a map. */
export function rawFrontMatter(source: string): RawFrontMatter {
  const found = frontMatterYaml(source.split('\n'));
  if (found === null) return {};
  try {
    const data: unknown = parse(found.value);
    if (!isMap(data)) return {};
    // As front-matter.ts applies them: the keys under `runbook:`, then those beside it.
    const { runbook, ...top } = data;
    return { ...(isMap(runbook) ? runbook : {}), ...top };
  } catch {
    return {};
  }
}
