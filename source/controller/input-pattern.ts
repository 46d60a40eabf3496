// An input's `pattern=` is the author's regular expression, run on what the operator types.
// JavaScript's engine backtracks, so a pattern like `(a+)+$` can take longer than any
// deploy on a short value and freeze the runner. Every match runs under a time limit
// instead (vm's timeout interrupts the regex engine): one that cannot finish says so.

import { createContext, Script } from 'node:vm';

/** Far beyond any sane pattern on a typed value (microseconds), short enough to feel like a refusal. */
export const PATTERN_TIME_LIMIT_MS = 250;

// Made at the first input with a pattern: a context costs a start that never asks one.
interface Judge {
  script: Script;
  sandbox: { pattern: RegExp; value: string };
}
let judge: Judge | null = null;

function theJudge(): Judge {
  judge ??= { script: new Script('pattern.test(value)'), sandbox: createContext({ pattern: /./, value: '' }) as Judge['sandbox'] };
  return judge;
}

export type PatternVerdict = 'matches' | 'differs' | 'too-slow';

export function matchPattern(pattern: string, value: string, limitMs = PATTERN_TIME_LIMIT_MS): PatternVerdict {
  const { script, sandbox } = theJudge();
  sandbox.pattern = new RegExp(pattern);
  sandbox.value = value;
  try {
    return script.runInContext(sandbox, { timeout: limitMs }) === true ? 'matches' : 'differs';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too-slow';
    throw error;
  }
}

/** What the operator is told when a value is refused by its pattern; null when it matches. */
export function patternRefusal(prompt: string, pattern: string, value: string): string | null {
  switch (matchPattern(pattern, value)) {
    case 'matches':
      return null;
    case 'differs':
      return `${prompt} must match ${pattern}`;
    case 'too-slow':
      return `${prompt}: the runbook's pattern ${pattern} took too long to judge this value (it backtracks without end on some input; fix the pattern in the runbook)`;
  }
}
