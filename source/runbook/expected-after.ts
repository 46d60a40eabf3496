// `Expected: 3 rows` written as a paragraph right under a fence, as many checklists do
// instead of a `# Expected:` comment inside it: the expectation of the step the fence made.
// Without this it was prose, and the checklist's own check was never made.

import type { Paragraph } from 'mdast';
import type { StepDraft } from './drafts';
import { parseExpectation } from './expectations';
import { inlineText, startLine } from './markdown';

/** `Expected: …`, `**Expected:** …`, `Expected output: …`, `Expected result: …`, with text after the colon. */
const EXPECTED = /^expected(?: (?:output|result))?\s*:\s*(\S[\s\S]*)$/i;

const runs = (step: StepDraft) => step.kind === 'shell' || step.kind === 'sql';

/**
 * Gives the step the fence right above made (`made`, drafts still being assembled) the
 * paragraph's expectation; null when the paragraph is no `Expected:` line or the fence ran
 * nothing. One shell or SQL step with no expectation of its own takes it (an SQL step on its
 * last statement, which the line follows), with a warning that names the exact form;
 * otherwise the warning says why no step did.
 */
export function expectAfterFence(paragraph: Paragraph, made: StepDraft[]): { warning: string } | null {
  const written = EXPECTED.exec(inlineText(paragraph).replace(/\s+/g, ' ').trim())?.[1]?.trim();
  if (!written || !made.some(runs)) return null;
  const line = startLine(paragraph);
  // A code span alone is output as written: contained in the output (the quoted form), or
  // compared as JSON when it holds JSON.
  const span = /^`([^`]+)`$/.exec(written)?.[1];
  const text = span !== undefined && parseExpectation(span, line).check?.kind === 'json' ? span : written;
  const [step] = made;
  if (made.length > 1 || !step) return { warning: `"Expected:" line under a fence of ${made.length} steps is given to none of them; write it as # Expected: right after its command` };
  const comment = step.kind === 'sql' ? '-- Expected:' : '# Expected:';
  const expectation = parseExpectation(text, line);
  if (step.kind === 'sql') {
    const last = step.statements?.at(-1);
    if (!last || last.expectation) return { warning: `"Expected:" line is prose: the fence's last statement already has its expectation` };
    last.expectation = expectation;
    step.expectation = step.statements?.find((s) => s.expectation)?.expectation ?? expectation;
  } else {
    if (step.expectation) return { warning: `"Expected:" line is prose: the step at line ${step.line} already has its expectation (line ${step.expectation.line})` };
    step.expectation = expectation;
  }
  return { warning: `"Expected:" line read as the expectation of the step at line ${step.line}; write it inside the fence (${comment} …) to make it exact` };
}
