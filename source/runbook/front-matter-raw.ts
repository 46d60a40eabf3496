// The front matter as plain YAML data, unchecked: to compare the runbook a run began with
// (as its journal keeps it, secrets redacted — `secret: [REDACTED]` is no longer a valid
// input spec) with the file as it is now. Never used to run anything. The fences are
// front-matter-fences.ts's: `---` on the first line up to the next `---`.

import { parse } from 'yaml';
import { FRONT_FENCE } from './front-matter-fences';

function closingLine(lines: string[]): number | null {
  if (!FRONT_FENCE.test(lines[0] ?? '')) return null;
  for (let i = 1; i < lines.length; i++) if (FRONT_FENCE.test(lines[i] ?? '')) return i;
  return null;
}

export type RawFrontMatter = Record<string, unknown>;

/** The front matter's keys and values, or {} when there is none or it is not a YAML map. */
export function rawFrontMatter(source: string): RawFrontMatter {
  const lines = source.split('\n');
  const closing = closingLine(lines);
  if (closing === null) return {};
  try {
    const data: unknown = parse(lines.slice(1, closing).join('\n'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as RawFrontMatter) : {};
  } catch {
    return {};
  }
}

/** The source with its front matter's lines blank (line numbers kept), or null when it has none. */
export function withoutFrontMatter(source: string): string | null {
  const lines = source.split('\n');
  const closing = closingLine(lines);
  return closing === null ? null : lines.map((line, i) => (i <= closing ? '' : line)).join('\n');
}
