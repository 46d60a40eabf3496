// Conditions an author writes beside a blank — `Failed: ____ (STOP if > 0)`, `must be 0`,
// `(expected: 412)` — read as a check on the value the operator fills in. Only shapes with
// a number (or a quoted word) to compare with count: "should be low", "STOP if anything
// looks wrong" and "must be unchanged" stay prose for the operator to read.

/** Comparison of the value with the condition's value. */
export type StopOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

export interface StopCondition {
  /** As written: `STOP if > 0`, `must be 0`, `expected: 412`. */
  text: string;
  /** The value fails the step when `value op this` holds. */
  op: StopOp;
  value: number | string;
}

const NEGATE: Record<StopOp, StopOp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=', '!=': '=' };

// Operators as symbols or words, longest first; `not` alone means "other than".
const OPS: [RegExp, StopOp][] = [
  [/^(?:>=|≥|=>|at least|no less than|not less than)/i, '>='],
  [/^(?:<=|≤|=<|at most|no more than|not more than|not above|not over)/i, '<='],
  [/^(?:!=|≠|<>|=\/=|not equal to|not equal|other than|anything but|not)/i, '!='],
  [/^(?:>|more than|greater than|above|over|higher than)/i, '>'],
  [/^(?:<|less than|fewer than|below|under|lower than)/i, '<'],
  [/^(?:==|=|equal to|equals|exactly)/i, '='],
];

const WORD_VALUES: [RegExp, StopOp, number][] = [
  [/^(?:non-?zero|not zero|any|anything but zero)\b/i, '!=', 0],
  [/^zero\b/i, '=', 0],
];

interface Read {
  op: StopOp;
  value: number | string;
  /** Characters of the text read. */
  length: number;
}

/** `> 0`, `not 0`, `at least 5`, `"OK"`, `zero`: an operator (default `=`) and a value, up to the end or a closing mark. */
function readComparison(text: string): Read | null {
  let rest = text;
  let op: StopOp | null = null;
  for (const [pattern, word] of WORD_VALUES) {
    const m = pattern.exec(rest);
    if (m && ends(rest.slice(m[0].length), false) !== null) return { op: word, value: 0, length: m[0].length };
  }
  for (const [pattern, o] of OPS) {
    const m = pattern.exec(rest);
    if (m) {
      op = o;
      rest = rest.slice(m[0].length).replace(/^\s+/, '');
      break;
    }
  }
  const used = text.length - rest.length;
  const num = /^-?\d[\d,]*(?:\.\d+)?(?![\w]|[.,-]\w)/.exec(rest);
  // A quoted word is printable text: no control or invisible characters.
  const quoted = /^(?:"([^"\p{C}]{1,40})"|'([^'\p{C}]{1,40})'|`([^`\p{C}]{1,40})`)/u.exec(rest);
  const m = num ?? quoted;
  if (!m) return null;
  // After the value: the end, a closing mark, or (with an explicit operator) one unit word.
  const unit = ends(rest.slice(m[0].length), op !== null);
  if (unit === null) return null;
  const value = num ? Number(m[0].replace(/,/g, '')) : (m[1] ?? m[2] ?? m[3] ?? '');
  return { op: op ?? '=', value, length: used + m[0].length + unit };
}

/** Where the comparison ends: the length of a unit word read past (0 if none), or null when prose goes on. */
function ends(after: string, unitAllowed: boolean): number | null {
  const unit = unitAllowed ? (/^\s+[a-z]+\b/i.exec(after)?.[0] ?? '') : '';
  // "0 or very low": alternatives are prose for the operator, not a check.
  return /^\s*(?:$|[).\],;!]|—|–|-\s)/.test(after.slice(unit.length)) ? unit.length : null;
}

const SHAPES: { lead: RegExp; stop: boolean }[] = [
  // STOP if > 0 · STOP if not 0 · STOP when non-zero · abort if > 5 · halt if
  { lead: /\b(?:stop|abort|halt|do not proceed|don't proceed)\s+(?:if|when)\s+(?:(?:the\s+)?(?:value|count|number|it)\s+is\s+)?/gi, stop: true },
  // must be 0 · should be 0 · must equal 0 · should be at least 5
  { lead: /\b(?:must|should)\s+(?:be|equal|be equal to|read|show)\s+/gi, stop: false },
  // (expected: 412) · expected 0 · expect 0
  { lead: /\bexpect(?:ed)?\s*[:=]?\s+/gi, stop: false },
];

/** The condition written beside a blank, as a check on its value; null when there is none. */
export function stopConditionIn(text: string): StopCondition | null {
  for (const { lead, stop } of SHAPES) {
    for (const m of text.matchAll(lead)) {
      const start = m.index ?? 0;
      // A comparison is a few words: reading a bounded slice keeps a huge text linear.
      const read = readComparison(text.slice(start + m[0].length, start + m[0].length + 120));
      if (!read) continue;
      const written = text.slice(start, start + m[0].length + read.length).replace(/\s+/g, ' ').trim();
      return { text: written, op: stop ? read.op : NEGATE[read.op], value: read.value };
    }
  }
  return null;
}

/** A value read as a number as people write them: `3`, `1,204`, ` 0 `; null when it is not one. */
export function numberIn(value: string): number | null {
  const t = value.trim().replace(/(?<=\d),(?=\d{3}\b)/g, '');
  return /^-?\d+(?:\.\d+)?$/.test(t) ? Number(t) : null;
}

export type ValueVerdict =
  /** The value meets the STOP condition: the step fails. */
  | { kind: 'stop' }
  | { kind: 'ok' }
  /** A number was needed to judge it: ask again. */
  | { kind: 'not-a-number' };

/** Whether a value meets the condition (and so stops the run here). */
export function judgeValue(condition: StopCondition, value: string): ValueVerdict {
  const { op, value: than } = condition;
  if (typeof than === 'string') {
    const same = value.trim().toLowerCase() === than.toLowerCase();
    const holds = op === '=' ? same : op === '!=' ? !same : false;
    return { kind: holds ? 'stop' : 'ok' };
  }
  const n = numberIn(value);
  if (n === null) return { kind: 'not-a-number' };
  const holds = op === '>' ? n > than : op === '>=' ? n >= than : op === '<' ? n < than : op === '<=' ? n <= than : op === '=' ? n === than : n !== than;
  return { kind: holds ? 'stop' : 'ok' };
}
