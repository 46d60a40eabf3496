// Fences of the real seed checklists, for dialect tests that run against the seeds as they are.
// A line scan is enough here: the seeds' fences are plain ``` fences at column 0.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The five real checklists, copied from shared/seeds so a fresh clone tests against them.
export const SEEDS_DIR = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));

export const SEED_FILES = [
  'sprint-3-checklist.md',
  'phase-4-governance-handoff.md',
  'golden-architecture-v5.1-checklist.md',
  'sprint-3-deployment-readme.md',
  'standard-deployment-checklist.md',
] as const;

export interface SeedFence {
  file: string;
  /** Line of the opening fence. */
  line: number;
  lang: string;
  /** Line of the first content line. */
  firstLine: number;
  text: string;
}

export function seedLines(file: string): string[] {
  return readFileSync(join(SEEDS_DIR, file), 'utf8').split('\n');
}

export function seedFences(file: string): SeedFence[] {
  const lines = seedLines(file);
  const fences: SeedFence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i] ?? '');
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    fences.push({ file, line: i + 1, lang: open[1] ?? '', firstLine: i + 2, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return fences;
}

/** The fence that opens at `line` (1-based) in a seed. */
export function seedFence(file: string, line: number): SeedFence {
  const fence = seedFences(file).find((f) => f.line === line);
  if (!fence) throw new Error(`no fence opens at ${file}:${line}`);
  return fence;
}
