// An input's pattern that repeats a repeat (`(a+)+$`, `(\w*\s?)*x`) can backtrack without
// end on a value that almost matches: the runner stops it after a quarter of a second and
// refuses the value (controller/input-pattern.ts). `check` says so before the deploy. Pure.

import type { InputSpec, Warning } from './model';

// A quantifier: *, +, {n}, {n,}, {n,m}.
const QUANTIFIER = /^(?:[*+]|\{(\d+)(,?)(\d*)\})/;

function quantifierAt(pattern: string, at: number): { repeats: boolean; unbounded: boolean; length: number } {
  const m = QUANTIFIER.exec(pattern.slice(at, at + 24));
  if (!m) return { repeats: false, unbounded: false, length: 0 };
  const least = m[1] === undefined ? 0 : Number(m[1]);
  const most = m[1] === undefined || (m[2] === ',' && m[3] === '') ? Infinity : Number(m[2] === ',' ? m[3] : m[1]);
  // {2} is a fixed count: nothing to choose, nothing to backtrack over.
  return { repeats: most > 1 && most > least, unbounded: most === Infinity, length: m[0].length };
}

/** Whether a group holding a repeat is itself repeated without bound. */
export function nestsRepeats(pattern: string): boolean {
  // For each open group: whether something inside it repeats.
  const open: boolean[] = [];
  let inside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '(') {
      open.push(inside);
      inside = false;
      continue;
    }
    // Whether the atom that ends at i holds a repeat (a group's content).
    let held = false;
    if (c === ')') {
      held = inside;
      inside = open.pop() ?? false;
    } else if (c === '\\') i++;
    else if (c === '[') {
      // A class is one atom: on to its closing ] (one first in it, or escaped, is literal).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
    }
    const after = quantifierAt(pattern, i + 1);
    if (held && after.unbounded) return true;
    inside ||= held || after.repeats;
    i += after.length;
  }
  return false;
}

/** A warning for each input whose pattern nests a repeat in a repeat, at the input's line. */
export function patternWarnings(inputs: readonly InputSpec[]): Warning[] {
  return inputs.flatMap((input) =>
    input.pattern !== undefined && nestsRepeats(input.pattern)
      ? [{ line: input.line, message: `input ${input.name}: pattern ${input.pattern} repeats a group that itself repeats; a long value that almost matches can take so long that it is refused after a quarter of a second — repeat the inner part only` }]
      : [],
  );
}
