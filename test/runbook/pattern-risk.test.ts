// An input's pattern that repeats a repeat can backtrack without end: the runner refuses
// the value after a quarter of a second (test/controller/input-pattern.test.ts). `check`
// warns at the input's line, before the deploy; a pattern that cannot backtrack so is quiet.

import { describe, expect, it } from 'vitest';
import { nestsRepeats } from '../../source/runbook/pattern-risk';
import { parseRunbook } from '../../source/runbook/parse';
import { matchPattern } from '../../source/controller/input-pattern';

describe('a pattern that nests a repeat in a repeat', () => {
  it.each(['(a+)+$', '^(\\d+)*$', '(\\w*\\s?)*x', '(?:x+)+', '^(?<v>\\d+)+$', '(a+?)+', '(a{2,})+', '(a+){3,}', '^([a-z0-9]+[.-]?)+$'])('%s is found', (pattern) => {
    expect(nestsRepeats(pattern)).toBe(true);
  });

  it.each(['^[0-9a-f]{7,40}$', '^(v\\d+\\.\\d+)$', '^(a|b)+$', '(a{2})+', '(a+){2,5}', '^([a-z]+-)?[a-z]+$', '\\(a+\\)+', '([+*])+', '[(a+)]+', '^\\d+(\\.\\d+)?$'])('%s is not', (pattern) => {
    expect(nestsRepeats(pattern)).toBe(false);
  });

  // What the warning is for: the host name pattern an author would write, on a typed value
  // that almost matches, is stopped by the runner's time limit.
  it('is one the runner really cannot judge in time', () => {
    expect(matchPattern('^([a-z0-9]+[.-]?)+$', `${'a'.repeat(40)}!`)).toBe('too-slow');
  });

  it('is a warning of check at the input, naming it and the pattern', () => {
    const source = ['---', 'inputs:', '  release: { prompt: Release tag, pattern: "^v[0-9]+$" }', '  host:', '    prompt: Host', '    pattern: "^([a-z0-9]+[.-]?)+$"', '---', '', '# Deploy', '', '- [ ] Deploy {{host}} at {{release}}', ''].join('\n');
    const rb = parseRunbook(source, { file: 'deploy.md', sha256: 'x' });
    const warnings = rb.warnings.filter((w) => w.message.includes('pattern'));
    expect(warnings).toEqual([{ line: 4, message: expect.stringMatching(/^input host: pattern \^\(\[a-z0-9\]\+\[\.-\]\?\)\+\$ repeats a group that itself repeats; .* refused after a quarter of a second/) }]);
  });
});
