// Issue 14.2: commands by grammar, not by a list of programs. Programs runbook has never
// heard of are commands when the line reads as one; sentences never are.

import { describe, expect, it } from 'vitest';
import { checkJson, fixture } from '../helpers/check';
import { tokenize } from '../../source/runbook/shell-tokens';

describe('commands by their shape', () => {
  it('in a bash fence, every [ ] line is a command unless it reads as a sentence', async () => {
    const json = await checkJson(fixture('dialect/commands-by-grammar.md'));
    expect(json.steps.filter((s) => s.line <= 8).map((s) => [s.line, s.kind])).toEqual([
      [6, 'shell'],
      [7, 'shell'],
      [8, 'manual'],
    ]);
    expect(json.steps.find((s) => s.line === 6)?.command).toBe('seq 2 5001 > /tmp/partitions.txt');
  });

  it('reads unlabelled fences of unknown programs as shell when they read as commands', async () => {
    const json = await checkJson(fixture('dialect/commands-by-grammar.md'));
    expect(json.fences.map((f) => [f.line, f.became, f.reason])).toEqual([
      [5, 'step', '```bash fence: 2 shell, 1 manual'],
      [13, 'step', 'unlabelled fence reads as shell: 1 shell'],
      [17, 'step', 'unlabelled fence reads as shell: 1 shell'],
      // Two plain words are a command because the text before the fence says to run it…
      [23, 'step', 'unlabelled fence reads as shell: 1 shell'],
      // …and a config line of the same shape, introduced as a config, is not.
      [29, 'config', 'unlabelled fence reads as config'],
      [35, 'output', 'unlabelled fence reads as output'],
    ]);
    expect(json.warnings.filter((w) => w.line === 13)).toEqual([{ line: 13, message: 'unlabelled fence read as shell; add ```bash to make it exact' }]);
  });
});

describe('the shell tokenizer', () => {
  it('splits words on bash\u2019s blanks only: a BOM, NBSP, form feed or vertical tab is part of a word (it never stands still on one)', () => {
    for (const odd of ['\ufeff', '\u00a0', '\f', '\v', '\u2028']) {
      const words = tokenize(`echo ${odd} x${odd}y`).flatMap((t) => (t.kind === 'word' ? [t.text] : []));
      expect(words).toEqual(['echo', odd, `x${odd}y`]);
    }
  });
});
