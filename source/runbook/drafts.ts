// What the block readers find before sections are classified and ids assigned.

import type { Annotations, DisplayOnly, Expectation, FenceRecord, SqlStatement, StepKind, Warning } from './model';
import type { Section } from './sections';
import type { QuestionDraft } from './decisions';

export interface StepDraft {
  kind: StepKind;
  title: string;
  /** The text slugged into the id (the command for a per-line shell step). */
  idText: string;
  line: number;
  section: Section;
  description?: string;
  command?: string;
  sql?: string;
  statements?: SqlStatement[];
  expectation: Expectation | null;
  estimate: string | null;
  rollbackHint?: string;
  annotations: Annotations;
  /** kind input: the label as written. */
  inputLabel?: string;
  role?: string;
  subChecks?: string[];
  offeredCommand?: string;
  dueAfter?: string;
  /** kind decision. */
  tree?: TreeDraft;
  /** A sign-off stands in the walk even under a reference heading. */
  signoffLabel?: { text: string; line: number };
  /** The line of the fence the step was read from. */
  fenceLine?: number;
  /** The file line the command's text starts on (a syntax error's line counts from it). */
  commandLine?: number;
  /** "if the replica is still lagging", "optional": the step is done only when it applies. */
  condition?: string;
}

/** A decision tree as written; leaves are resolved once every section is known. */
export interface TreeDraft {
  root: QuestionDraft;
  section: Section;
}

export type { FenceRecord };

export interface Collected {
  steps: StepDraft[];
  /** Every fence (and indented block) of the file, with what it became and why. */
  fences: FenceRecord[];
  /**
   * The items of numbered lists, as manual checks: the steps of a file that wrote its
   * procedure as a numbered list and nothing else (no task items, no fences).
   */
  fallback: StepDraft[];
  /** The same of bullet lists, when the file has no numbered list either. */
  fallbackBullets: StepDraft[];
  /** Code spans in the text that read as commands, where they stand. */
  spans: { line: number; text: string; section: Section }[];
  displayOnly: (DisplayOnly & { section?: Section })[];
  warnings: Warning[];
  /** Anchor links outside decision trees: a warning when they name nothing. */
  links: { anchor: string; line: number }[];
  /** `<a name="x">` / `id="x"` in HTML: anchors a link may name besides headings. */
  htmlAnchors: string[];
}

export function newCollected(): Collected {
  return { steps: [], fences: [], spans: [], fallback: [], fallbackBullets: [], displayOnly: [], warnings: [], links: [], htmlAnchors: [] };
}

export function warn(out: Collected, line: number, message: string): void {
  out.warnings.push({ line, message });
}
