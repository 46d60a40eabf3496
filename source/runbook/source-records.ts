// What became of each fence and each command span of the text, for `check` to say (its
// Fences and Commands-in-text sections, and `check --json`): a step, shown, or reference. Pure.

import type { Collected, StepDraft } from './drafts';
import type { FenceRecord, SpanRecord, Step } from './model';
import type { Unparsable } from './syntax-check';

/** Each command span: the check that offers it, or shown where it stands, never run. */
export function spanRecords(spans: Collected['spans'], steps: Step[]): SpanRecord[] {
  // Looked up, not searched per span: 40,000 checks each offering a command took minutes.
  const offeringLines = new Map<string, number[]>();
  for (const s of steps) {
    if (s.offeredCommand === undefined) continue;
    const lines = offeringLines.get(s.offeredCommand);
    if (lines) lines.push(s.line);
    else offeringLines.set(s.offeredCommand, [s.line]);
  }
  for (const lines of offeringLines.values()) lines.sort((a, b) => a - b);
  const shellLines = new Set(steps.filter((s) => s.kind === 'shell').map((s) => s.fenceLine));
  return spans.map(({ line, text, section }) => {
    const offering = lastAtOrBefore(offeringLines.get(text) ?? [], line);
    if (offering !== undefined) return { line, text, became: 'step', reason: `offered by the check at line ${offering}` };
    if (shellLines.has(line)) return { line, text, became: 'step', reason: 'alone on its line, read as a command' };
    if (section.reference) return { line, text, became: 'reference', reason: `under the reference heading "${section.title}"` };
    return { line, text, became: 'display', reason: 'in the text, not run; write it in a ```bash fence or a - [ ] item to make it a step' };
  });
}

/** The greatest of the sorted `lines` that is at most `line` (the check nearest above), or undefined. */
function lastAtOrBefore(lines: number[], line: number): number | undefined {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid] as number) <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? lines[lo - 1] : undefined;
}

/** A fence read as steps whose every step was then left out (skip, reference) is shown, not run. */
export function fenceRecords(records: FenceRecord[], read: StepDraft[], kept: StepDraft[], unparsable: Unparsable[]): FenceRecord[] {
  const keptLines = new Set(kept.map((d) => d.fenceLine));
  return records.map((r) => {
    if (r.became !== 'step') return r;
    const broken = unparsable.filter((u) => u.draft.fenceLine === r.line);
    const parseError = (u: Unparsable | undefined) => `does not parse as shell (line ${u?.error.line ?? r.line}: ${u?.error.message ?? ''})`;
    const brokenSaid = broken.length > 0 ? `; ${broken.length === 1 ? 'a command' : `${broken.length} commands`} ${parseError(broken[0])}, shown, not run` : '';
    if (keptLines.has(r.line)) {
      const kinds = new Map<string, number>();
      for (const d of kept) if (d.fenceLine === r.line) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
      return { ...r, reason: `${r.reason}: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}${brokenSaid}` };
    }
    if (broken.length > 0) return { ...r, became: 'display', reason: `${r.reason}; ${parseError(broken[0])}, shown, not run` };
    const skipped = read.some((d) => d.fenceLine === r.line && d.annotations.skip);
    return { ...r, became: skipped ? 'display' : 'reference', reason: `${r.reason}; ${skipped ? 'skipped by annotation' : 'under a reference heading'}` };
  });
}
